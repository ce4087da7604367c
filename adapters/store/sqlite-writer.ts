import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { planAppend, StoredLocation, StreamHead } from './append-plan';
import {
  AppendOutcome,
  AppendRequest,
  FromWriter,
  LATCH_CRASH,
  LATCH_WAITING,
  toWire,
  ToWriter,
} from './sqlite-protocol';
import { BUSY_TIMEOUT_MS, toRow } from './sqlite-rows';
import { StoreWritesRefusedError } from './port';
import { watchStoreFiles } from './store-files';

/**
 * The embedded store's writer thread: it owns the one write connection, so every fsync happens
 * here and never on the main thread's event loop. It commits one batch at a time, as the main thread
 * sends them: the append plan (revision check, retries, hash chain) is computed here too, inside the
 * batch's transaction, against the rows as they stand.
 */
const { path } = workerData as { path: string };
const port = parentPort;
if (port === null) throw new Error('sqlite-writer must run as a worker thread');

const db = new Database(path, { fileMustExist: true });
db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');

/** The files as this thread opened them: checked after every commit, and between commits on a timer. */
const files = watchStoreFiles(path);
const FILE_CHECK_INTERVAL_MS = 1_000;
let damage: string | null = null;

const post = (message: FromWriter): void => port.postMessage(message);

/** Once damage is found it stays: nothing more is written to files no one will open again. */
const checkFiles = (): string | null => {
  if (damage !== null) return damage;
  damage = files.check();
  if (damage !== null) post({ kind: 'damaged', reason: damage });
  return damage;
};
const fileCheckTimer = setInterval(checkFiles, FILE_CHECK_INTERVAL_MS);
fileCheckTimer.unref();

const headQuery = db.prepare<[string], StreamHead>(
  'SELECT revision, hash, event_id AS eventId FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
);
const locateQuery = db.prepare<[string], StoredLocation>(
  'SELECT stream, revision, position FROM events WHERE event_id = ?',
);
const maxPositionQuery = db.prepare<[], { position: number | null }>(
  'SELECT MAX(position) AS position FROM events',
);
const insert = db.prepare(
  `INSERT INTO events (event_id, stream, revision, type, version, recorded_at, data, metadata, previous_hash, hash)
   VALUES (@eventId, @stream, @revision, @type, @version, @recordedAt, @data, @metadata, @previousHash, @hash)`,
);

const maxPosition = (): number => maxPositionQuery.get()?.position ?? 0;

/**
 * The heads of streams this thread appended to, valid while no other connection has written: a commit
 * that finds the log's last position where this thread's last commit left it knows nothing changed
 * behind its back (positions only grow), and skips the head query of every stream it finds here. Any
 * other start (another process wrote, a commit failed) forgets them all.
 */
const MAX_CACHED_HEADS = 10_000;
const heads = new Map<string, StreamHead>();
let headsValidAt = -1;

const headOf = (stream: string): StreamHead | null => {
  const cached = pendingHeads.get(stream) ?? heads.get(stream);
  if (cached !== undefined) return cached;
  return headQuery.get(stream) ?? null;
};

const rememberHead = (stream: string, head: StreamHead): void => {
  heads.delete(stream);
  heads.set(stream, head);
  // A Map iterates in insertion order: the first key is the stream appended to longest ago.
  if (heads.size > MAX_CACHED_HEADS) heads.delete(heads.keys().next().value as string);
};

/** Stands in for the event-id lookup on the first try of an append, which assumes its events are new. */
const assumeNew = (): undefined => undefined;

/**
 * `lookUpIds` false: the append is planned as if none of its ids were stored, and the UNIQUE index on
 * event_id stands in for the look-up (one indexed query per append saved). Whatever could have come
 * out differently with the look-up (a refusal of the plan, a second copy of an id) is tried again,
 * with it, by `writeAppend`.
 */
const writeOne = (request: AppendRequest, lookUpIds: boolean): AppendOutcome => {
  const head = headOf(request.stream);
  const plan = planAppend(
    request.stream,
    head,
    request.expected,
    request.events,
    lookUpIds ? (id) => locateQuery.get(id) : assumeNew,
    request.afterEventId === undefined ? {} : { afterEventId: request.afterEventId },
  );
  if (plan.kind === 'already-stored') return { kind: 'unchanged', ...plan.result };
  const first = plan.records[0];
  if (first === undefined)
    return { kind: 'unchanged', revision: head?.revision ?? -1, position: maxPosition() };
  let firstPosition = 0;
  plan.records.forEach((record, index) => {
    const position = Number(insert.run(toRow(record)).lastInsertRowid);
    if (index === 0) firstPosition = position;
    // The main thread rebuilds positions as consecutive; a write lock held for the whole batch makes them so.
    else if (position !== firstPosition + index) throw new Error(`position ${position} is not consecutive`);
  });
  const last = plan.records[plan.records.length - 1] ?? first;
  pendingHeads.set(request.stream, { revision: last.revision, hash: last.hash, eventId: last.eventId });
  return {
    kind: 'written',
    firstPosition,
    firstRevision: first.revision,
    previousHash: first.previousHash,
    hashes: plan.records.map((record) => record.hash),
  };
};

/**
 * Heads written in the current transaction: later appends of the batch build on them; they are
 * remembered once it commits and forgotten if it fails.
 */
const pendingHeads = new Map<string, StreamHead>();

/** Nested in the batch's transaction, so an append that fails half-way leaves none of its rows. */
const writeInSavepoint = db.transaction((request: AppendRequest, lookUpIds: boolean): AppendOutcome => {
  const before = pendingHeads.get(request.stream);
  try {
    return writeOne(request, lookUpIds);
  } catch (error) {
    // Its savepoint is rolled back: the stream's head is what it was before this append.
    if (before === undefined) pendingHeads.delete(request.stream);
    else pendingHeads.set(request.stream, before);
    throw error;
  }
});

/** An id already stored (a retry, or a second copy), as the UNIQUE index on event_id reports it. */
const isStoredEventId = (error: unknown): boolean =>
  error instanceof Database.SqliteError &&
  error.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
  error.message.includes('events.event_id');

/**
 * Most appends carry new events at the expected revision: they are written without looking their ids
 * up. One that is refused, or whose id the index finds stored, is planned again with the look-ups
 * (its first savepoint rolled back), so a retry is still recognised and answered as before.
 */
const writeAppend = (request: AppendRequest): AppendOutcome => {
  try {
    return writeInSavepoint(request, false);
  } catch (error) {
    if (error instanceof Database.SqliteError && !isStoredEventId(error)) throw error;
    return writeInSavepoint(request, true);
  }
};

/** Test hooks: a latch to stop inside the next commit, and a full disk for the next commit. */
let heldBy: Int32Array | null = null;
let fillDisk = false;

class SimulatedWriterCrash extends Error {}

const refuse = (reason: string): void =>
  post({ kind: 'failed', error: toWire(new StoreWritesRefusedError(reason)) });

const commit = (appends: readonly AppendRequest[]): void => {
  const before = checkFiles();
  if (before !== null) return refuse(before);
  const outcomes: AppendOutcome[] = [];
  let base = 0;
  /** The log's last position once this batch is in: where the next commit must find it for the heads to hold. */
  let end = 0;
  const pageLimit = fillDisk ? (db.pragma('max_page_count', { simple: true }) as number) : undefined;
  // A database that may not grow by a page: the next insert that needs one fails with SQLITE_FULL.
  if (fillDisk) db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  fillDisk = false;
  try {
    // IMMEDIATE takes the write lock up front, waiting (busy_timeout) for another process's commit;
    // a deferred transaction would read first and then fail to upgrade with SQLITE_BUSY at once.
    db.transaction(() => {
      base = maxPosition();
      if (base !== headsValidAt) heads.clear();
      for (const request of appends) {
        try {
          outcomes.push(writeAppend(request));
        } catch (error) {
          // A refused append, or one whose events cannot be stored, is that caller's answer (its
          // savepoint is rolled back); a failure of SQLite itself aborts the whole commit.
          if (error instanceof Database.SqliteError) throw error;
          outcomes.push({ kind: 'refused', error: toWire(error) });
        }
      }
      end = maxPosition();
      const latch = heldBy;
      heldBy = null;
      if (latch !== null) {
        post({ kind: 'holding' });
        Atomics.wait(latch, 0, LATCH_WAITING);
        if (Atomics.load(latch, 0) === LATCH_CRASH) throw new SimulatedWriterCrash('simulated writer crash');
      }
    }).immediate();
  } catch (error) {
    heads.clear();
    headsValidAt = -1;
    pendingHeads.clear();
    if (error instanceof SimulatedWriterCrash) throw error;
    post({ kind: 'failed', error: toWire(error) });
    return;
  } finally {
    if (pageLimit !== undefined) db.pragma(`max_page_count = ${pageLimit}`);
  }
  // Committed, but perhaps into a file that was removed or replaced meanwhile: not acknowledged then.
  const after = checkFiles();
  if (after !== null) {
    heads.clear();
    pendingHeads.clear();
    return refuse(after);
  }
  for (const [stream, head] of pendingHeads) rememberHead(stream, head);
  pendingHeads.clear();
  headsValidAt = end;
  post({ kind: 'committed', base, outcomes });
};

port.on('message', (message: ToWriter) => {
  switch (message.kind) {
    case 'batch':
      return commit(JSON.parse(message.appends) as AppendRequest[]);
    case 'hold-next-commit':
      heldBy = new Int32Array(message.latch);
      return;
    case 'fill-disk-next-commit':
      fillDisk = true;
      return;
    case 'close':
      clearInterval(fileCheckTimer);
      // A damaged store is left as a crash would leave it: closing checkpoints, and deletes the WAL
      // by its name, which may now be another store's.
      if (damage === null) db.close();
      post({ kind: 'closed' });
      port.close();
      return;
    default:
      throw new Error(`unknown message ${JSON.stringify(message)}`);
  }
});
