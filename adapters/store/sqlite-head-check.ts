import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { compareWithHead, HeadComparison, HeadEvent, LedgerHead, readHeadFile } from './store-head';

/** The newest event of an embedded store, as the head file records one; undefined for an empty store. */
export const newestEvent = (db: Database.Database): HeadEvent | undefined =>
  db
    .prepare<[], HeadEvent>(
      'SELECT position, stream, revision, hash FROM events ORDER BY position DESC LIMIT 1',
    )
    .get();

/** Compares an open embedded store with the head file (read by the caller, or read here). */
export const compareSqliteWithHead = (
  db: Database.Database,
  head: LedgerHead | null,
): HeadComparison => {
  const at = db.prepare<[number], HeadEvent>(
    'SELECT position, stream, revision, hash FROM events WHERE position = ?',
  );
  return compareWithHead(head, {
    exists: true,
    headPosition: newestEvent(db)?.position ?? 0,
    eventAt: (position) => at.get(position),
  });
};

/** For a store whose file is missing: refused when the head file says there was a ledger. */
export const compareMissingWithHead = (databasePath: string, headPath: string): HeadComparison | null =>
  existsSync(databasePath)
    ? null
    : compareWithHead(readHeadFile(headPath), { exists: false, headPosition: 0, eventAt: () => undefined });

/** SQLite's own word that the file is not a sound database. */
export const isMalformedError = (error: unknown): error is InstanceType<typeof Database.SqliteError> =>
  error instanceof Database.SqliteError &&
  (error.code.startsWith('SQLITE_CORRUPT') || error.code === 'SQLITE_NOTADB');

/** The open or a read found the file malformed: it is not served. */
export class StoreMalformedError extends Error {
  constructor(databasePath: string, problem: string) {
    super(
      `the store ${basename(databasePath)} is malformed (${problem}): refusing to serve it; restore the data folder from a backup (folio restore BACKUP.zip --data NEW_DIR)`,
    );
    this.name = 'StoreMalformedError';
  }
}
