import Database from 'better-sqlite3';
import { notifyAll } from './notify';
import { AppendResult, ProposedEvent, RecordedEvent, EventStore } from './port';
import { AppendOutcome, fromWire } from './sqlite-protocol';
import { BUSY_TIMEOUT_MS, EventRow, SCHEMA, toRecorded } from './sqlite-rows';
import { createRecentEvents } from './sqlite-tail';
import { CommitHold, CommitStatistics, CommittedAppend, startWriter, Writer } from './sqlite-writer-client';

import { offerBulkScan } from './bulk-scan';
import { createBulkScan } from './sqlite-scan';

export interface SqliteEventStore extends EventStore {
  readonly path: string;
  /**
   * The main thread's connection, for tools that inspect the raw rows (verify, tamper tests). Once
   * it has been handed out, every read goes to the rows, never to the tail of recent events: what
   * is done through it may change rows the tail holds copies of.
   */
  readonly database: Database.Database;
  /** Commits made by the writer thread, and the appends and events they carried. */
  commitStatistics(): CommitStatistics;
}

export interface SqliteStoreOptions {
  /** Opens for reading only: no writer thread, and every append is refused. */
  readonly readonly?: boolean;
  /** Refuses to create a new file; defaults to `readonly`. */
  readonly fileMustExist?: boolean;
}

/** Thrown inside `frozenJsonCopy` for a value it leaves to JSON itself: rare, so kept off the fast path. */
const NOT_PLAIN = Symbol('not plain JSON');

/**
 * A deep copy as `JSON.parse(JSON.stringify(value))` would make it, frozen on the way (the tail then
 * has nothing left to freeze). Written out because the round trip through a string was the largest
 * cost of an append on the main thread; anything but plain objects, arrays and primitives (a
 * `toJSON`, a class instance, a `__proto__` key) throws NOT_PLAIN and is left to JSON.
 */
const frozenJsonCopy = (value: unknown): unknown => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // JSON writes -0 as 0, and a non-finite number as null.
      if (value === 0) return 0;
      return Number.isFinite(value) ? value : null;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) throw NOT_PLAIN;
        const array: unknown[] = new Array<unknown>(value.length);
        for (let index = 0; index < value.length; index += 1) {
          const copy = frozenJsonCopy(value[index]);
          array[index] = copy === undefined ? null : copy;
        }
        return Object.freeze(array);
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) throw NOT_PLAIN;
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') throw NOT_PLAIN;
      const object: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        if (key === '__proto__') throw NOT_PLAIN;
        const copy = frozenJsonCopy((value as Record<string, unknown>)[key]);
        if (copy !== undefined) object[key] = copy;
      }
      return Object.freeze(object);
    }
    case 'bigint':
      // JSON refuses it, and so does the row.
      throw new TypeError('a bigint cannot be stored as JSON');
    default:
      // Functions, symbols and undefined: JSON leaves them out.
      return undefined;
  }
};

/** The event as it will read back: JSON, as the row holds it. Undefined when JSON cannot hold it. */
const asStored = (event: ProposedEvent): ProposedEvent | undefined => {
  try {
    return frozenJsonCopy(event) as ProposedEvent;
  } catch (error) {
    if (error !== NOT_PLAIN) return undefined;
  }
  try {
    return JSON.parse(JSON.stringify(event)) as ProposedEvent;
  } catch {
    return undefined;
  }
};

interface Copies {
  readonly copies: readonly (ProposedEvent | undefined)[];
}

/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a committed transaction
 * survives power loss.
 *
 * - Writes happen on a worker thread that owns the write connection (sqlite-writer.ts): appends
 *   queue while a batch commits and go together as the next batch (group commit), so durability
 *   costs one fsync per batch, and the event loop never waits for one.
 * - Reads use this thread's own connection: a WAL reader never waits for the writer.
 * - The events of recent commits are kept (sqlite-tail.ts), so a projection reading the log right
 *   after a commit is served them without reading and parsing the rows again.
 */
/** How often a followed store looks for appends made by other processes. */
const HEAD_POLL_MS = 250;

export const openSqliteEventStore = (path: string, options: SqliteStoreOptions = {}): SqliteEventStore => {
  const readonly = options.readonly ?? false;
  const db = new Database(path, { readonly, fileMustExist: options.fileMustExist ?? readonly });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!readonly) {
    // Once, at open, before the writer thread starts: it expects the file and the table to exist.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(SCHEMA);
  }

  const streamQuery = db.prepare<[string, number], EventRow>(
    'SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision',
  );
  const allQuery = db.prepare<[number, number], EventRow>(
    'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  const headPositionQuery = db.prepare<[], { position: number | null }>(
    'SELECT MAX(position) AS position FROM events',
  );
  const headPosition = (): number => headPositionQuery.get()?.position ?? 0;

  const listeners = new Set<() => void>();
  const recent = createRecentEvents();
  const copiesOf = new WeakMap<object, Copies>();

  const onCommitted = (base: number, batch: CommittedAppend[]): void => {
    const recorded: RecordedEvent[] = [];
    let restartAt: number | undefined;
    for (const { request, outcome } of batch) {
      if (outcome.kind !== 'written') continue;
      const copies = copiesOf.get(request)?.copies ?? [];
      let previousHash = outcome.previousHash;
      request.events.forEach((_event, index) => {
        const copy = copies[index];
        const position = outcome.firstPosition + index;
        const hash = outcome.hashes[index] ?? '';
        if (copy === undefined) restartAt = position;
        else
          recorded.push({
            ...copy,
            stream: request.stream,
            revision: outcome.firstRevision + index,
            position,
            previousHash,
            hash,
          });
        previousHash = hash;
      });
    }
    if (restartAt === undefined) recent.record(base, recorded);
    else recent.restartAfter(restartAt);
    if (recorded.length > 0 || restartAt !== undefined) notifyAll(listeners);
  };

  // Other processes (CLI commands beside the server) append too, and their commits tell nobody:
  // while anyone follows the log, the head is polled. One indexed MAX on this thread's reader
  // connection every HEAD_POLL_MS costs microseconds; the timer is unref'd and stops with the last
  // subscriber or at close. (Watching the WAL file was the alternative: fs.watch is not reliable on
  // every file system, and a checkpoint changes the file without a new event.)
  let headSeen = 0;
  let headWatch: NodeJS.Timeout | undefined;
  const pollHead = (): void => {
    let head: number;
    try {
      head = headPosition();
    } catch {
      return; // A busy or failing read: the next poll or the subscribers' own reads will tell.
    }
    if (head <= headSeen) return;
    headSeen = head;
    notifyAll(listeners);
  };
  const stopHeadWatch = (): void => {
    clearInterval(headWatch);
    headWatch = undefined;
  };

  const writer: Writer | null = readonly ? null : startWriter(path, onCommitted);
  let closed = false;
  let databaseHandedOut = false;

  const toResult = (outcome: AppendOutcome): AppendResult => {
    switch (outcome.kind) {
      case 'written':
        return {
          revision: outcome.firstRevision + outcome.hashes.length - 1,
          position: outcome.firstPosition + outcome.hashes.length - 1,
        };
      case 'unchanged':
        return { revision: outcome.revision, position: outcome.position };
      case 'refused':
        throw fromWire(outcome.error);
      default:
        throw new Error(`unexpected outcome ${JSON.stringify(outcome)}`);
    }
  };

  const readAll = (afterPosition: number, maxCount: number): RecordedEvent[] => {
    const served = databaseHandedOut ? undefined : recent.read(afterPosition, maxCount);
    if (served === undefined) return allQuery.all(afterPosition, maxCount).map(toRecorded);
    // The tail ends at this store's last commit; another process may have committed since.
    const end = recent.end();
    if (served.length === maxCount || headPosition() <= end) return [...served];
    return [...served, ...allQuery.all(end, maxCount - served.length).map(toRecorded)];
  };

  const store: SqliteEventStore = {
    path,
    get database() {
      databaseHandedOut = true;
      recent.disable();
      return db;
    },
    commitStatistics: () => writer?.statistics() ?? { commits: 0, appends: 0, events: 0, refused: 0 },
    append: async (stream, expected, events, appendOptions) => {
      if (closed) throw new Error('event store is closed');
      if (writer === null) throw new Error('event store is open read-only');
      const request = { stream, expected, events, afterEventId: appendOptions?.afterEventId };
      // Copied now, as the row will hold them: the caller may change its objects once this returns.
      copiesOf.set(request, { copies: events.map(asStored) });
      return toResult(await writer.append(request));
    },
    readStream: async (stream, fromRevision = 0) => streamQuery.all(stream, fromRevision).map(toRecorded),
    readAll: async (afterPosition, maxCount) => readAll(afterPosition, maxCount),
    headPosition: async () => headPosition(),
    subscribe: (listener) => {
      listeners.add(listener);
      if (headWatch === undefined && !closed) {
        headSeen = headPosition();
        headWatch = setInterval(pollHead, HEAD_POLL_MS);
        headWatch.unref();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stopHeadWatch();
      };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      stopHeadWatch();
      if (writer === null) db.close();
      else await writer.close(() => db.close());
    },
  };
  writers.set(store, writer);
  // Through the store's own connection, so that reading it neither hands the database out nor turns the tail off.
  return offerBulkScan(store, createBulkScan(db));
};

const writers = new WeakMap<SqliteEventStore, Writer | null>();

const writerOf = (store: SqliteEventStore): Writer => {
  const writer = writers.get(store);
  if (writer === undefined || writer === null) throw new Error('this store has no writer thread');
  return writer;
};

/** For tests: the writer thread stops inside its next commit (rows inserted, not committed) until released. */
export const holdNextCommit = (store: SqliteEventStore): CommitHold => writerOf(store).holdNextCommit();

/** For tests: the next commit finds the disk full (the file may not grow), as SQLite reports it. */
export const fillDiskNextCommit = (store: SqliteEventStore): void => writerOf(store).fillDiskNextCommit();
