import { existsSync, unlinkSync } from 'node:fs';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS, SCHEMA } from './sqlite-rows';
import { databaseTruncation, fileIdentity } from './store-files';
import {
  compareWithHead,
  HeadComparison,
  HeadEvent,
  HeadFileError,
  isStoreLoss,
  LedgerHead,
  readHeadFile,
  StoreLossError,
  writeHeadFileSync,
} from './store-head';

/**
 * Opening the embedded store without trusting it: a file SQLite cannot read, or one that lost
 * what the data folder's head file records, is refused before anything is written to it.
 */

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

const hasEventsTable = (db: Database.Database): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get() !== undefined;

/** The newest event of an embedded store, as the head file records one; undefined for an empty store. */
export const newestEvent = (db: Database.Database): HeadEvent | undefined =>
  hasEventsTable(db)
    ? db
        .prepare<[], HeadEvent>(
          'SELECT position, stream, revision, hash FROM events ORDER BY position DESC LIMIT 1',
        )
        .get()
    : undefined;

/** Compares an open embedded store with a head file. */
export const compareSqliteWithHead = (db: Database.Database, head: LedgerHead | null): HeadComparison => {
  const at = hasEventsTable(db)
    ? db.prepare<[number], HeadEvent>(
        'SELECT position, stream, revision, hash FROM events WHERE position = ?',
      )
    : undefined;
  return compareWithHead(head, {
    exists: true,
    headPosition: newestEvent(db)?.position ?? 0,
    eventAt: (position) => at?.get(position),
  });
};

/**
 * Opens the file: refused when it is shorter than its header says (truncated), or when SQLite finds
 * it malformed while reading its newest event. A read-only open neither creates nor changes the file.
 */
export const openDatabase = (path: string, readonly: boolean, fileMustExist: boolean): Database.Database => {
  const truncated = databaseTruncation(path);
  if (truncated !== null) throw new StoreMalformedError(path, truncated);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly, fileMustExist });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!readonly) {
      // Once, at open, before the writer thread starts: it expects the file and the table to exist.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(SCHEMA);
    }
    // A file SQLite cannot make sense of fails here, not in the first caller's read.
    newestEvent(db);
    return db;
  } catch (error) {
    db?.close();
    if (isMalformedError(error)) throw new StoreMalformedError(path, `${error.code}: ${error.message}`);
    throw error;
  }
};

export interface HeadOptions {
  readonly headFile?: string;
  readonly acceptStoreLoss?: boolean;
}

/** The head file; an unreadable one is no evidence either way, and only an accepted loss gets past it. */
const readHead = (options: HeadOptions): LedgerHead | null => {
  if (options.headFile === undefined) return null;
  try {
    return readHeadFile(options.headFile);
  } catch (error) {
    if (error instanceof HeadFileError && options.acceptStoreLoss === true) return null;
    throw error;
  }
};

/**
 * Before the store is opened for writing: compares it, on a read-only connection, with the head
 * file. A loss is refused (StoreLossError) unless accepted, and is returned when accepted. Read-only,
 * so that a refused store is left exactly as it was found: a writable connection would create a
 * missing file, and closing one checkpoints the WAL and deletes it, frames after a bad one included.
 */
export const checkAgainstHead = (path: string, options: HeadOptions): HeadComparison | null => {
  if (options.headFile === undefined) return null;
  const head = readHead(options);
  let comparison: HeadComparison;
  if (!existsSync(path))
    comparison = compareWithHead(head, { exists: false, headPosition: 0, eventAt: () => undefined });
  else {
    const db = openDatabase(path, true, true);
    try {
      comparison = compareSqliteWithHead(db, head);
    } finally {
      db.close();
    }
  }
  if (!isStoreLoss(comparison)) return null;
  if (options.acceptStoreLoss !== true) throw new StoreLossError(comparison, path);
  return comparison;
};

/**
 * Once the store is open for writing: the head file follows it when it has none yet (a folder from
 * before head files) or when a loss was accepted. A failure to write it is reported, not thrown: the
 * store is sound, only the data folder is not writable.
 */
export const moveHeadFile = (
  db: Database.Database,
  path: string,
  options: HeadOptions,
  acceptedLoss: HeadComparison | null,
): { readonly acceptedLoss: HeadComparison | null; readonly headWriteError: Error | null } => {
  const headFile = options.headFile;
  if (headFile === undefined) return { acceptedLoss: null, headWriteError: null };
  try {
    if (acceptedLoss === null && readHead(options) !== null) return { acceptedLoss, headWriteError: null };
    const newest = newestEvent(db);
    if (newest !== undefined) writeHeadFileSync(headFile, newest, fileIdentity(path));
    else if (existsSync(headFile)) unlinkSync(headFile);
    return { acceptedLoss, headWriteError: null };
  } catch (error) {
    return { acceptedLoss, headWriteError: error as Error };
  }
};
