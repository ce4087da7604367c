import Database from 'better-sqlite3';
import { planAppend, StoredLocation, StreamHead, UnpositionedEvent } from './append-plan';
import { notifyAll } from './notify';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  ProposedEvent,
  RecordedEvent,
} from './port';

/** Appends gathered into one transaction at most; bounds the time one commit holds the event loop. */
const MAX_APPENDS_PER_COMMIT = 1_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position      INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id      TEXT    NOT NULL UNIQUE,
  stream        TEXT    NOT NULL,
  revision      INTEGER NOT NULL,
  type          TEXT    NOT NULL,
  version       INTEGER NOT NULL,
  recorded_at   TEXT    NOT NULL,
  data          TEXT    NOT NULL,
  metadata      TEXT    NOT NULL,
  previous_hash TEXT    NOT NULL,
  hash          TEXT    NOT NULL,
  UNIQUE (stream, revision)
);
`;

interface EventRow {
  position: number;
  event_id: string;
  stream: string;
  revision: number;
  type: string;
  version: number;
  recorded_at: string;
  data: string;
  metadata: string;
  previous_hash: string;
  hash: string;
}

interface PendingAppend {
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly ProposedEvent[];
  readonly options: AppendOptions | undefined;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

export class CorruptEventError extends Error {
  constructor(
    readonly position: number,
    readonly stream: string,
    readonly revision: number,
    readonly problem: string,
  ) {
    super(`stored event at position ${position} (${stream}@${revision}) is unreadable: ${problem}`);
    this.name = 'CorruptEventError';
  }
}

const toRecorded = (row: EventRow): RecordedEvent => {
  const parse = (text: string, column: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      throw new CorruptEventError(row.position, row.stream, row.revision, `${column} is not JSON`);
    }
  };
  return {
    position: row.position,
    eventId: row.event_id,
    stream: row.stream,
    revision: row.revision,
    type: row.type,
    version: row.version,
    recordedAt: row.recorded_at,
    data: parse(row.data, 'data'),
    metadata: parse(row.metadata, 'metadata') as RecordedEvent['metadata'],
    previousHash: row.previous_hash,
    hash: row.hash,
  };
};

export interface SqliteEventStore extends EventStore {
  readonly path: string;
  /** For tools that inspect the raw rows (verify, tamper tests). */
  readonly database: Database.Database;
}

/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a committed transaction
 * survives power loss. Appends that arrive while a commit is being prepared are gathered into the
 * next transaction (group commit): durability costs one fsync per batch, not per request.
 */
export const openSqliteEventStore = (
  path: string,
  options: { readonly readonly?: boolean } = {},
): SqliteEventStore => {
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  db.pragma('busy_timeout = 10000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(SCHEMA);
  }

  const headQuery = db.prepare<[string], { revision: number; hash: string; eventId: string }>(
    'SELECT revision, hash, event_id AS eventId FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
  );
  const locateQuery = db.prepare<[string], StoredLocation>(
    'SELECT stream, revision, position FROM events WHERE event_id = ?',
  );
  const insert = db.prepare(
    `INSERT INTO events (event_id, stream, revision, type, version, recorded_at, data, metadata, previous_hash, hash)
     VALUES (@eventId, @stream, @revision, @type, @version, @recordedAt, @data, @metadata, @previousHash, @hash)`,
  );
  const streamQuery = db.prepare<[string, number], EventRow>(
    'SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision',
  );
  const allQuery = db.prepare<[number, number], EventRow>(
    'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  const headPositionQuery = db.prepare<[], { position: number | null }>(
    'SELECT MAX(position) AS position FROM events',
  );

  const head = (stream: string): StreamHead | null => headQuery.get(stream) ?? null;

  const writeOne = (item: PendingAppend): AppendResult => {
    const plan = planAppend(
      item.stream,
      head(item.stream),
      item.expected,
      item.events,
      (id) => locateQuery.get(id),
      item.options,
    );
    if (plan.kind === 'already-stored') return plan.result;
    let position = 0;
    for (const record of plan.records) position = Number(insert.run(toRow(record)).lastInsertRowid);
    const last = plan.records[plan.records.length - 1];
    return { revision: last?.revision ?? head(item.stream)?.revision ?? -1, position };
  };

  /** Nested in the batch's transaction, so an append that fails half-way leaves none of its rows. */
  const writeInSavepoint = db.transaction(writeOne);

  const pending: PendingAppend[] = [];
  const listeners = new Set<() => void>();
  let flushScheduled = false;
  let closed = false;

  const flush = (): void => {
    flushScheduled = false;
    const batch = pending.splice(0, MAX_APPENDS_PER_COMMIT);
    if (batch.length === 0) return;
    const outcomes: ({ ok: AppendResult } | { error: unknown })[] = [];
    try {
      // IMMEDIATE takes the write lock up front, waiting (busy_timeout) for another process's commit;
      // a deferred transaction would read first and then fail to upgrade with SQLITE_BUSY at once.
      db.transaction(() => {
        for (const item of batch) {
          try {
            outcomes.push({ ok: writeInSavepoint(item) });
          } catch (error) {
            // A refused append, or one whose events cannot be stored, is that caller's answer (its
            // savepoint is rolled back); a failure of SQLite itself aborts the whole commit.
            if (error instanceof Database.SqliteError) throw error;
            outcomes.push({ error });
          }
        }
      }).immediate();
    } catch (error) {
      batch.forEach((item) => item.reject(error));
      scheduleFlush();
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome !== undefined && 'ok' in outcome) item.resolve(outcome.ok);
      else item.reject(outcome?.error);
    });
    notifyAll(listeners);
    scheduleFlush();
  };

  const scheduleFlush = (): void => {
    if (flushScheduled || pending.length === 0) return;
    flushScheduled = true;
    setImmediate(flush);
  };

  return {
    path,
    database: db,
    append: (stream, expected, events, appendOptions) =>
      new Promise<AppendResult>((resolve, reject) => {
        if (closed) return reject(new Error('event store is closed'));
        if (options.readonly) return reject(new Error('event store is open read-only'));
        pending.push({ stream, expected, events, options: appendOptions, resolve, reject });
        scheduleFlush();
      }),
    readStream: async (stream, fromRevision = 0) => streamQuery.all(stream, fromRevision).map(toRecorded),
    readAll: async (afterPosition, maxCount) => allQuery.all(afterPosition, maxCount).map(toRecorded),
    headPosition: async () => headPositionQuery.get()?.position ?? 0,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      if (closed) return;
      while (pending.length > 0) flush();
      closed = true;
      db.close();
    },
  };
};

const toRow = (record: UnpositionedEvent) => ({
  eventId: record.eventId,
  stream: record.stream,
  revision: record.revision,
  type: record.type,
  version: record.version,
  recordedAt: record.recordedAt,
  data: JSON.stringify(record.data),
  metadata: JSON.stringify(record.metadata),
  previousHash: record.previousHash,
  hash: record.hash,
});
