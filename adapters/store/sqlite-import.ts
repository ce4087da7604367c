import Database from 'better-sqlite3';
import { openSqliteEventStore } from './sqlite';
import { RecordedEvent } from './port';

/** Rows written per transaction: large enough that commits cost nothing, small enough to bound memory. */
const ROWS_PER_COMMIT = 20_000;

export interface SqliteImport {
  /** Queues one already-verified event; rows are committed in large transactions. */
  readonly add: (event: RecordedEvent) => void;
  /** Commits what is queued, makes the file durable and closes it. */
  readonly finish: () => void;
  /** Closes the file without committing what is queued. */
  readonly abandon: () => void;
}

/**
 * Writes verified events into a new, empty store file as they are: the same positions, ids, times,
 * metadata and hashes. For a restore, whose backup was checked whole before anything is written:
 * going through append (one planned write per stream run, one message to the writer thread each)
 * costs many times the bytes written, and buys nothing the chain check has not already proved.
 * Synchronous writes are off while importing and the file is made durable once at the end; the
 * caller removes the file if the import does not finish.
 */
export const openSqliteImport = async (path: string): Promise<SqliteImport> => {
  // The store creates the file and its schema exactly as a server would.
  await openSqliteEventStore(path).close();
  const db = new Database(path, { fileMustExist: true });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    `INSERT INTO events (position, event_id, stream, revision, type, version, recorded_at, data, metadata, previous_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const commit = db.transaction((rows: readonly RecordedEvent[]) => {
    for (const row of rows)
      insert.run(
        row.position,
        row.eventId,
        row.stream,
        row.revision,
        row.type,
        row.version,
        row.recordedAt,
        JSON.stringify(row.data),
        JSON.stringify(row.metadata),
        row.previousHash,
        row.hash,
      );
  });
  let pending: RecordedEvent[] = [];
  return {
    add: (event) => {
      pending.push(event);
      if (pending.length >= ROWS_PER_COMMIT) {
        commit(pending);
        pending = [];
      }
    },
    finish: () => {
      commit(pending);
      pending = [];
      db.pragma('synchronous = FULL');
      // Moves every page into the main file and syncs it: the restored log is durable once this returns.
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
    abandon: () => {
      pending = [];
      db.close();
    },
  };
};
