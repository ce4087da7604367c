import Database from 'better-sqlite3';
import { notifyAll } from './notify';
import {
  AppendResult,
  EventStore,
  ProposedEvent,
  RecordedEvent,
  StoreDurability,
  StoreWritesRefusedError,
} from './port';
import { checkAgainstHead, isMalformedError, moveHeadFile, openDatabase } from './sqlite-open';
import { fileIdentity } from './store-files';
import { createHeadRecorder, HeadComparison, HeadEvent, HeadRecorder } from './store-head';
import { AppendOutcome, AppendRequest, fromWire } from './sqlite-protocol';
import { EventRow, toRecorded } from './sqlite-rows';
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
  durability(): StoreDurability;
  /** Calls `listener` with every change of `durability()`; returns a function that stops it. */
  watchDurability(listener: (durability: StoreDurability) => void): () => void;
  /** The loss `acceptStoreLoss` let this open past, or null when the store matched its head file. */
  readonly acceptedLoss: HeadComparison | null;
}

export interface SqliteStoreOptions {
  /** Opens for reading only: no writer thread, and every append is refused. */
  readonly readonly?: boolean;
  /** Refuses to create a new file; defaults to `readonly`. */
  readonly fileMustExist?: boolean;
  /**
   * The data folder's head file (store-head.ts): compared with the store at open, which is refused
   * when the store lost what it records, and kept up to date after commits. Writable stores only.
   */
  readonly headFile?: string;
  /** Opens a store that lost what the head file records (after a restore), and moves the head file to it. */
  readonly acceptStoreLoss?: boolean;
}

/** Commit failures that mean the disk cannot take writes now; the next commit that succeeds clears them. */
const commitFailureOf = (error: unknown): StoreDurability | null => {
  if (!(error instanceof Database.SqliteError)) return null;
  if (error.code === 'SQLITE_FULL')
    return { durable: false, reason: 'disk-full', detail: 'the disk is full: the last commit failed' };
  if (/^SQLITE_(IOERR|READONLY|CANTOPEN)/.test(error.code))
    return { durable: false, reason: 'store-write-failing', detail: `the last commit failed: ${error.code}` };
  return null;
};

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
      // JSON writes -0 as 0; a non-finite number it would write as null, which no event means.
      if (value === 0) return 0;
      if (!Number.isFinite(value)) throw new RangeError('non-finite number in an event');
      return value;
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

/** The event as it will read back: JSON, as the row holds it. Undefined when JSON cannot hold it; a non-finite number is refused. */
const asStored = (event: ProposedEvent): ProposedEvent | undefined => {
  try {
    return frozenJsonCopy(event) as ProposedEvent;
  } catch (error) {
    // The append is refused, as the hash chain refuses such a number.
    if (error instanceof RangeError) throw error;
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
  const headOptions = readonly ? {} : options;
  const lost = checkAgainstHead(path, headOptions);
  const db = openDatabase(path, readonly, options.fileMustExist ?? readonly);
  const checked = moveHeadFile(db, path, headOptions, lost);
  const storeFile = fileIdentity(path);

  const streamQuery = db.prepare<[string, number], EventRow>(
    'SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision',
  );
  const allQuery = db.prepare<[number, number], EventRow>(
    'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  const headPositionQuery = db.prepare<[], { position: number | null }>(
    'SELECT MAX(position) AS position FROM events',
  );

  // Why writes cannot be made durable, if they cannot: damage stays until the store is reopened.
  let damage: string | null = null;
  let commitFailure: StoreDurability | null = null;
  let headWriteError: Error | null = checked.headWriteError;
  const durabilityListeners = new Set<(durability: StoreDurability) => void>();
  const durability = (): StoreDurability => {
    if (damage !== null) return { durable: false, reason: 'store-damaged', detail: damage };
    if (commitFailure !== null) return commitFailure;
    if (headWriteError !== null)
      return {
        durable: false,
        reason: 'data-folder-unwritable',
        detail: `the head file cannot be written: ${headWriteError.message}`,
      };
    return { durable: true };
  };
  const changeDurability = (change: () => void): void => {
    const before = JSON.stringify(durability());
    change();
    const after = durability();
    if (JSON.stringify(after) !== before) for (const listener of durabilityListeners) listener(after);
  };
  const markDamaged = (reason: string): void =>
    changeDurability(() => {
      damage ??= reason;
      recorder?.stop();
    });
  /** A read that finds the file malformed also stops writes: the store is not whole. */
  const guarded = <T>(read: () => T): T => {
    try {
      return read();
    } catch (error) {
      if (isMalformedError(error))
        markDamaged(`the store file is malformed (${error.code}: ${error.message})`);
      throw error;
    }
  };

  const recorder: HeadRecorder | null =
    headOptions.headFile === undefined
      ? null
      : createHeadRecorder({
          path: headOptions.headFile,
          storeFile: () => storeFile,
          onWrite: (error) => changeDurability(() => (headWriteError = error)),
        });

  const headPosition = (): number => guarded(() => headPositionQuery.get()?.position ?? 0);

  const listeners = new Set<() => void>();
  const recent = createRecentEvents();
  const copiesOf = new WeakMap<object, Copies>();

  const onCommitted = (base: number, batch: CommittedAppend[]): void => {
    const recorded: RecordedEvent[] = [];
    let restartAt: number | undefined;
    let newest: HeadEvent | undefined;
    if (commitFailure !== null) changeDurability(() => (commitFailure = null));
    for (const { request, outcome } of batch) {
      if (outcome.kind !== 'written') continue;
      const count = outcome.hashes.length;
      const last = outcome.firstPosition + count - 1;
      if (newest === undefined || last > newest.position)
        newest = {
          position: last,
          stream: request.stream,
          revision: outcome.firstRevision + count - 1,
          hash: outcome.hashes[count - 1] ?? '',
        };
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
    if (newest !== undefined) recorder?.record(newest);
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

  const writer: Writer | null = readonly ? null : startWriter(path, onCommitted, markDamaged);
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

  const readRows = (afterPosition: number, maxCount: number): RecordedEvent[] =>
    guarded(() => allQuery.all(afterPosition, maxCount)).map(toRecorded);

  const readAll = (afterPosition: number, maxCount: number): RecordedEvent[] => {
    const served = databaseHandedOut ? undefined : recent.read(afterPosition, maxCount);
    if (served === undefined) return readRows(afterPosition, maxCount);
    // The tail ends at this store's last commit; another process may have committed since.
    const end = recent.end();
    if (served.length === maxCount || headPosition() <= end) return [...served];
    return [...served, ...readRows(end, maxCount - served.length)];
  };

  const append = async (request: AppendRequest, active: Writer): Promise<AppendResult> => {
    try {
      return toResult(await active.append(request));
    } catch (error) {
      const failure = commitFailureOf(error);
      if (failure !== null) changeDurability(() => (commitFailure = failure));
      else if (isMalformedError(error))
        markDamaged(`the store file is malformed (${error.code}: ${error.message})`);
      throw error;
    }
  };

  const store: SqliteEventStore = {
    path,
    get database() {
      databaseHandedOut = true;
      recent.disable();
      return db;
    },
    commitStatistics: () => writer?.statistics() ?? { commits: 0, appends: 0, events: 0, refused: 0 },
    durability,
    watchDurability: (listener) => {
      durabilityListeners.add(listener);
      return () => durabilityListeners.delete(listener);
    },
    acceptedLoss: checked.acceptedLoss,
    append: async (stream, expected, events, appendOptions) => {
      if (closed) throw new Error('event store is closed');
      if (writer === null) throw new Error('event store is open read-only');
      if (damage !== null) throw new StoreWritesRefusedError(damage);
      const request = { stream, expected, events, afterEventId: appendOptions?.afterEventId };
      // Copied now, as the row will hold them: the caller may change its objects once this returns.
      copiesOf.set(request, { copies: events.map(asStored) });
      return append(request, writer);
    },
    readStream: async (stream, fromRevision = 0) =>
      guarded(() => streamQuery.all(stream, fromRevision)).map(toRecorded),
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
      if (writer === null) {
        db.close();
        return;
      }
      // A damaged store is left open, as a crash would leave it: closing the last connection
      // checkpoints and deletes the WAL by its name, which may now be another store's.
      await writer.close(() => {
        if (damage === null) db.close();
      });
      await recorder?.flush();
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
