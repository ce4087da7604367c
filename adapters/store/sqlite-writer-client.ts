import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  AppendOutcome,
  AppendRequest,
  FromWriter,
  fromWire,
  LATCH_CRASH,
  LATCH_RELEASED,
  ToWriter,
} from './sqlite-protocol';

/**
 * A batch holds at most this many appends (and events, unless one append alone is larger): it
 * bounds the memory a batch takes and how long its callers wait behind each other.
 */
const MAX_APPENDS_PER_COMMIT = 1_000;
const MAX_EVENTS_PER_COMMIT = 20_000;

/**
 * Counters for benchmarks: commits made, appends acknowledged by them, events they wrote, and
 * appends refused in them (a wrong expected revision, mostly: a decision that lost a race).
 */
export interface CommitStatistics {
  readonly commits: number;
  readonly appends: number;
  readonly events: number;
  readonly refused: number;
}

/**
 * The writer thread is gone (a crash, out of memory): nothing more can be written through this
 * store. An append that was in its last batch may or may not have been committed.
 */
export class StoreWriterStoppedError extends Error {
  constructor(reason: string) {
    super(
      `the embedded store's writer thread stopped (${reason}): this append was not acknowledged and may or may not be stored; reopen the store and read the stream before deciding again`,
    );
    this.name = 'StoreWriterStoppedError';
  }
}

interface Pending {
  readonly request: AppendRequest;
  readonly resolve: (outcome: AppendOutcome) => void;
  readonly reject: (error: unknown) => void;
}

export interface CommittedAppend {
  readonly request: AppendRequest;
  readonly outcome: AppendOutcome;
}

export interface CommitHold {
  /** Resolves when the writer is inside the held commit: its rows are inserted, not committed. */
  readonly reached: Promise<void>;
  readonly release: () => void;
  /** Instead of committing, the writer thread dies as if it had crashed. */
  readonly crash: () => void;
}

export interface Writer {
  append(request: AppendRequest): Promise<AppendOutcome>;
  statistics(): CommitStatistics;
  /**
   * Commits what is queued, runs `drained` (the main thread closes its connection there, so that the
   * writer's is the last one and the final checkpoint's fsync happens on the writer thread), then
   * ends the thread; appends after this are refused.
   */
  close(drained?: () => void): Promise<void>;
  holdNextCommit(): CommitHold;
  fillDiskNextCommit(): void;
}

/**
 * The main thread's side of the writer thread. Appends queue here while a batch is being committed;
 * when it returns, everything queued (up to the bounds) goes as the next batch. Exactly one batch is
 * in flight, so appends to one stream are committed in the order they were called, and batches are
 * as large as the load makes them, with no timer.
 *
 * `onCommitted` runs before any caller of the batch hears its answer, so what it records (the tail
 * of recent events, notifications) is in place when they go on.
 */
export const startWriter = (
  path: string,
  onCommitted: (base: number, batch: CommittedAppend[]) => void,
  onDamaged: (reason: string) => void = () => undefined,
): Writer => {
  const worker = new Worker(join(__dirname, 'sqlite-writer.js'), { workerData: { path } });
  const queue: Pending[] = [];
  let inFlight: Pending[] | null = null;
  let sendScheduled = false;
  let closing = false;
  let stopped: string | null = null;
  let onHolding: (() => void) | null = null;
  const idleWaiters: (() => void)[] = [];
  let hasExited = false;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      hasExited = true;
      resolve();
    }),
  );
  const counts = { commits: 0, appends: 0, events: 0, refused: 0 };

  // An idle writer must not keep the process alive; pending appends must.
  const updateRef = (): void => {
    if (inFlight !== null || queue.length > 0 || (closing && !hasExited)) worker.ref();
    else worker.unref();
  };
  updateRef();

  const post = (message: ToWriter): void => worker.postMessage(message);

  const takeBatch = (): Pending[] => {
    let events = 0;
    let count = 0;
    while (count < queue.length && count < MAX_APPENDS_PER_COMMIT) {
      const size = queue[count]?.request.events.length ?? 0;
      if (count > 0 && events + size > MAX_EVENTS_PER_COMMIT) break;
      events += size;
      count += 1;
    }
    return queue.splice(0, count);
  };

  /**
   * Sends a batch as one JSON text: posting a string is a copy of its bytes, while the structured clone
   * of the events' objects was the largest cost of an append on the main thread (the profile of
   * bench:writes: postMessage ≈ 20 µs per append), and JSON is what the rows hold anyway. An append
   * whose events JSON cannot hold (a bigint…) is refused alone.
   */
  const sendBatch = (batch: Pending[]): Pending[] => {
    try {
      post({ kind: 'batch', appends: JSON.stringify(batch.map((item) => item.request)) });
      return batch;
    } catch {
      const sendable = batch.filter((item) => {
        try {
          JSON.stringify(item.request);
          return true;
        } catch (error) {
          item.reject(error);
          return false;
        }
      });
      if (sendable.length > 0)
        post({ kind: 'batch', appends: JSON.stringify(sendable.map((item) => item.request)) });
      return sendable;
    }
  };

  const send = (): void => {
    sendScheduled = false;
    while (inFlight === null && stopped === null && queue.length > 0) {
      const sent = sendBatch(takeBatch());
      if (sent.length > 0) inFlight = sent;
    }
    updateRef();
    if (inFlight === null && queue.length === 0) idleWaiters.splice(0).forEach((wake) => wake());
  };

  const scheduleSend = (): void => {
    if (sendScheduled || inFlight !== null) return;
    sendScheduled = true;
    // At the end of this task, not on a timer: appends issued together share the batch, and an append
    // that finds the writer idle waits for no other work of the event loop before it is sent.
    queueMicrotask(send);
  };

  const stop = (reason: string): void => {
    if (stopped !== null) return;
    stopped = reason;
    const failed = [...(inFlight ?? []), ...queue.splice(0)];
    inFlight = null;
    for (const item of failed) item.reject(new StoreWriterStoppedError(reason));
    updateRef();
    idleWaiters.splice(0).forEach((wake) => wake());
  };

  worker.on('message', (message: FromWriter) => {
    switch (message.kind) {
      case 'committed': {
        const batch = inFlight ?? [];
        inFlight = null;
        const committed = batch.map((item, index) => ({
          request: item.request,
          outcome: message.outcomes[index] ?? { kind: 'refused' as const, error: lostOutcome },
        }));
        counts.commits += 1;
        for (const { outcome } of committed) {
          if (outcome.kind === 'refused') {
            counts.refused += 1;
            continue;
          }
          counts.appends += 1;
          if (outcome.kind === 'written') counts.events += outcome.hashes.length;
        }
        onCommitted(message.base, committed);
        committed.forEach(({ outcome }, index) => batch[index]?.resolve(outcome));
        return send();
      }
      case 'failed': {
        const batch = inFlight ?? [];
        inFlight = null;
        for (const item of batch) item.reject(fromWire(message.error));
        return send();
      }
      case 'holding':
        onHolding?.();
        onHolding = null;
        return;
      case 'damaged':
        return onDamaged(message.reason);
      case 'closed':
        return;
      default:
        return stop(`unexpected message ${JSON.stringify(message)}`);
    }
  });
  worker.on('error', (error) => stop(error.message));
  worker.on('exit', (code) => stop(closing && code === 0 ? 'the store was closed' : `exit code ${code}`));

  const whenIdle = (): Promise<void> =>
    inFlight === null && queue.length === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => idleWaiters.push(resolve));

  return {
    append: (request) =>
      new Promise<AppendOutcome>((resolve, reject) => {
        if (closing) return reject(new Error('event store is closed'));
        if (stopped !== null) return reject(new StoreWriterStoppedError(stopped));
        queue.push({ request, resolve, reject });
        updateRef();
        scheduleSend();
      }),
    statistics: () => ({ ...counts }),
    close: async (drained) => {
      if (closing) return exited;
      closing = true;
      updateRef();
      await whenIdle();
      drained?.();
      if (stopped === null) post({ kind: 'close' });
      await exited;
    },
    holdNextCommit: () => {
      const shared = new SharedArrayBuffer(4);
      const latch = new Int32Array(shared);
      const reached = new Promise<void>((resolve) => (onHolding = resolve));
      post({ kind: 'hold-next-commit', latch: shared });
      const wake = (value: number): void => {
        Atomics.store(latch, 0, value);
        Atomics.notify(latch, 0);
      };
      return { reached, release: () => wake(LATCH_RELEASED), crash: () => wake(LATCH_CRASH) };
    },
    fillDiskNextCommit: () => post({ kind: 'fill-disk-next-commit' }),
  };
};

const lostOutcome = {
  kind: 'other',
  name: 'Error',
  message: 'the writer reported no outcome for this append',
} as const;
