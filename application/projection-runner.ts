import { existsSync, readFileSync } from 'node:fs';
import { ReadModels } from '../projections';
import { EventStore } from '../adapters/store/port';
import { decodeOrThrow } from './envelope';
import { writeFileAtomically } from './files';

/** Bump when a read model's shape changes: snapshots of another version are ignored and rebuilt. */
// 2: printers and print stats; 3: account selection, group initial settings, cards, admin access;
// 4: users and shared accounts remember their corrected transfers; 5: printers carry `virtual`, their
// configuration values and their numbers.
export const READ_MODEL_VERSION = 5;
const BATCH_SIZE = 2_000;
const SNAPSHOT_EVERY_EVENTS = 20_000;
/** Pauses between attempts to read a store that failed (a network blip, a busy file): doubling, capped. */
const FIRST_READ_RETRY_MS = 50;
const MAX_READ_RETRY_MS = 5_000;

/**
 * Reading the store failed: worth retrying. Anything else that goes wrong while folding (an event that
 * does not decode, a read model that throws) is permanent: the same event would fail again.
 */
class StoreReadFailed extends Error {
  constructor(readonly readError: unknown) {
    super(
      `reading the event store failed: ${readError instanceof Error ? readError.message : String(readError)}`,
    );
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface SnapshotHeader {
  readonly readModelVersion: number;
  readonly position: number;
  readonly hashAtPosition: string;
  /** Where the event at `position` sits: it is looked up there, which every store does exactly. */
  readonly streamAtPosition?: string;
  readonly revisionAtPosition?: number;
}

export interface ProjectionRunner {
  /** Loads the checkpoint snapshot (if valid), catches up with the store and follows it. */
  start(): Promise<void>;
  /** Resolves once every event up to `position` is folded: read-your-writes for the caller. */
  waitFor(position: number): Promise<void>;
  catchUp(): Promise<void>;
  /** From now on a failed store read fails its waiters at once: the owner is stopping. */
  stopRetrying(): void;
  /** Writes a snapshot (when configured) and stops following the store; waiters left are failed. */
  stop(): Promise<void>;
}

/**
 * Feeds the read models from the store, in log order, and keeps a checkpoint snapshot on disk so a
 * restart resumes from it instead of replaying everything. With `writeSnapshots: false` the snapshot
 * is only read: a command working beside the server that owns the data folder starts from the
 * server's checkpoint but never replaces it.
 */
export const createProjectionRunner = (
  store: EventStore,
  models: ReadModels,
  snapshotPath: string | null,
  options: {
    readonly writeSnapshots?: boolean;
    /** Told when a snapshot could not be written (a full or read-only disk); the runner goes on without it. */
    readonly onSnapshotWriteFailed?: (error: unknown) => void;
    /** How many folded events make a new snapshot while running. */
    readonly snapshotEveryEvents?: number;
  } = {},
): ProjectionRunner => {
  const writeSnapshots = options.writeSnapshots ?? true;
  const waiters: { position: number; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let pumping: Promise<void> | null = null;
  let again = false;
  let failure: unknown = null;
  let appliedSinceSnapshot = 0;
  let unsubscribe: (() => void) | null = null;
  let lastHash = '';
  let lastStream = '';
  let lastRevision = -1;

  const settleWaiters = (): void => {
    for (let index = waiters.length - 1; index >= 0; index -= 1) {
      const waiter = waiters[index];
      if (waiter === undefined) continue;
      if (failure !== null) waiter.reject(failure);
      else if (waiter.position <= models.position()) waiter.resolve();
      else continue;
      waiters.splice(index, 1);
    }
  };

  let stopped = false;
  let starting = false;
  /** Cleared when the owner is stopping: a failed read then fails its waiters instead of being retried. */
  let retrying = true;

  /** Fails every waiter: what they wait for will not be folded by this runner. */
  const rejectWaiters = (error: unknown): void => {
    for (const waiter of waiters.splice(0)) waiter.reject(error);
  };

  const readBatch = async () => {
    try {
      return await store.readAll(models.position(), BATCH_SIZE);
    } catch (error) {
      throw new StoreReadFailed(error);
    }
  };

  const pumpOnce = async (): Promise<void> => {
    for (;;) {
      const batch = await readBatch();
      for (const recorded of batch) {
        models.apply(decodeOrThrow(recorded));
        lastHash = recorded.hash;
        lastStream = recorded.stream;
        lastRevision = recorded.revision;
      }
      appliedSinceSnapshot += batch.length;
      settleWaiters();
      if (batch.length < BATCH_SIZE) break;
    }
    if (appliedSinceSnapshot >= (options.snapshotEveryEvents ?? SNAPSHOT_EVERY_EVENTS)) writeSnapshot();
  };

  const catchUp = (): Promise<void> => {
    if (pumping !== null) {
      again = true;
      return pumping;
    }
    pumping = (async () => {
      let retryMs = FIRST_READ_RETRY_MS;
      try {
        do {
          again = false;
          try {
            await pumpOnce();
            retryMs = FIRST_READ_RETRY_MS;
          } catch (error) {
            // The store may come back: keep waiters waiting and try again. At start, though, the
            // caller must hear that the store is unreachable rather than wait for ever.
            if (!(error instanceof StoreReadFailed) || stopped || starting || !retrying) throw error;
            await pause(retryMs);
            retryMs = Math.min(retryMs * 2, MAX_READ_RETRY_MS);
            again = true;
          }
        } while (again && !stopped);
      } catch (error) {
        if (!(error instanceof StoreReadFailed)) failure = error;
        else if (stopped || !retrying) rejectWaiters(error.readError);
        settleWaiters();
        throw error instanceof StoreReadFailed ? error.readError : error;
      } finally {
        pumping = null;
      }
    })();
    return pumping;
  };

  const writeSnapshot = (): void => {
    appliedSinceSnapshot = 0;
    if (snapshotPath === null || !writeSnapshots || models.position() === 0) return;
    const header: SnapshotHeader = {
      readModelVersion: READ_MODEL_VERSION,
      position: models.position(),
      hashAtPosition: lastHash,
      streamAtPosition: lastStream,
      revisionAtPosition: lastRevision,
    };
    try {
      writeFileAtomically(snapshotPath, `${JSON.stringify(header)}\n${models.serialize()}`);
    } catch (error) {
      // The snapshot is only a shortcut for the next start: the read models are sound without it.
      options.onSnapshotWriteFailed?.(error);
    }
  };

  const loadSnapshot = async (): Promise<void> => {
    if (snapshotPath === null || !existsSync(snapshotPath)) return;
    try {
      const text = readFileSync(snapshotPath, 'utf8');
      const newline = text.indexOf('\n');
      const header = JSON.parse(text.slice(0, newline)) as SnapshotHeader;
      if (header.readModelVersion !== READ_MODEL_VERSION) return;
      // The snapshot is only trusted if the store still holds the very event it was taken at, at
      // the same position (a migrated log has the same events at other positions). Positions need
      // not be contiguous, and a store may not start reading anywhere but at an event, so the
      // event is found by its stream and revision.
      const atPosition =
        header.streamAtPosition === undefined || header.revisionAtPosition === undefined
          ? undefined
          : (await store.readStream(header.streamAtPosition, header.revisionAtPosition))[0];
      if (
        atPosition === undefined ||
        atPosition.position !== header.position ||
        atPosition.hash !== header.hashAtPosition
      )
        return;
      // A snapshot that breaks half-way must not leave some models restored: the replay from the
      // start would fold their events a second time.
      const untouched = models.serialize();
      try {
        models.restore(text.slice(newline + 1));
      } catch {
        models.restore(untouched);
        return;
      }
      lastHash = header.hashAtPosition;
      lastStream = atPosition.stream;
      lastRevision = atPosition.revision;
    } catch {
      // A damaged snapshot is only a lost shortcut: rebuild from the log.
    }
  };

  return {
    start: async () => {
      await loadSnapshot();
      // Subscribe before catching up: an append committed during the catch-up must still wake us.
      unsubscribe = store.subscribe(() => {
        catchUp().catch(() => undefined);
      });
      starting = true;
      try {
        await catchUp();
      } catch (error) {
        unsubscribe();
        unsubscribe = null;
        throw error;
      } finally {
        starting = false;
      }
    },
    waitFor: (position) => {
      if (failure !== null) return Promise.reject(failure);
      if (position <= models.position()) return Promise.resolve();
      const promise = new Promise<void>((resolve, reject) => waiters.push({ position, resolve, reject }));
      catchUp().catch(() => undefined);
      return promise;
    },
    catchUp,
    stopRetrying: () => {
      retrying = false;
    },
    stop: async () => {
      stopped = true;
      unsubscribe?.();
      unsubscribe = null;
      if (pumping !== null) await pumping.catch(() => undefined);
      rejectWaiters(new Error('the read models have stopped following the event store'));
      if (failure === null) writeSnapshot();
    },
  };
};
