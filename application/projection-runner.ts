import { webcrypto } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ReadModels } from '../projections';
import { ROWS_PER_LOAD_STEP } from '../projections/transactions';
import { EventStore } from '../adapters/store/port';
import { bulkScanOf } from '../adapters/store/bulk-scan';
import { decodeOrThrow, StoredEvent } from './envelope';
import { SnapshotSeal } from './audit/snapshot-file';

/** Bump when a read model's shape changes: snapshots of another version are ignored and rebuilt. */
// 2: printers and print stats; 3: account selection, group initial settings, cards, admin access;
// 4: users and shared accounts remember their corrected transfers; 5: the transaction log as rows;
// 6: printers carry `virtual`, their configuration values and their numbers.
export const READ_MODEL_VERSION = 6;
const BATCH_SIZE = 2_000;
/** Events per page of an embedded store's bulk scan: pages are cheap there, round trips are not. */
const SCAN_PAGE_SIZE = 10_000;
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

let temporaryFiles = 0;

/**
 * Writes a whole file or nothing (a crash leaves the old snapshot or the new one, never half of one),
 * with the writing and the fsyncs on libuv's threads: a snapshot of a big log is a hundred megabytes,
 * and the event loop goes on serving while it reaches the disk.
 */
const writeFileAtomicallyInBackground = async (path: string, parts: readonly Buffer[]): Promise<void> => {
  temporaryFiles += 1;
  const temporary = `${path}.${process.pid}.${temporaryFiles}.tmp`;
  try {
    const file = await open(temporary, 'w', 0o644);
    try {
      for (const part of parts) await file.write(part);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  const directory = await open(dirname(path), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
};

interface SnapshotHeader {
  readonly readModelVersion: number;
  readonly position: number;
  readonly hashAtPosition: string;
  /** Where the event at `position` sits: it is looked up there, which every store does exactly. */
  readonly streamAtPosition?: string;
  readonly revisionAtPosition?: number;
  /**
   * SHA-256 of the body. The transaction log's entries are folded after the server starts
   * answering; a body proven whole at load cannot fail half-way through that.
   */
  readonly bodySha256?: string;
  /** The seal over the fields above (see SnapshotSeal): present when the runner was given one. */
  readonly seal?: string;
}

const NEWLINE = 0x0a;

/** Web Crypto's digest runs on libuv's threads: hashing a hundred megabytes does not hold the event loop. */
const sha256 = async (bytes: Buffer): Promise<string> =>
  Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex');

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
    /**
     * Signs every snapshot written and refuses, at load, one whose seal does not hold (an edited
     * balance with its SHA-256 recomputed): the read models are then folded from the log.
     */
    readonly seal?: SnapshotSeal;
    /** Told why a snapshot on disk was not used (when it was there but not trusted). */
    readonly onSnapshotRefused?: (reason: string) => void;
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

  const scan = bulkScanOf(store);
  /**
   * Far behind (at start, or after a full page): pages come from the store's bulk scan when it has
   * one. Following the log: readAll, which serves a commit just made from the store's memory.
   */
  let catchingUp = true;
  const pageSize = (): number => (catchingUp && scan !== undefined ? SCAN_PAGE_SIZE : BATCH_SIZE);

  const readBatch = async (size: number): Promise<readonly StoredEvent[]> => {
    try {
      return catchingUp && scan !== undefined
        ? scan.read(models.position(), size)
        : await store.readAll(models.position(), size);
    } catch (error) {
      throw new StoreReadFailed(error);
    }
  };

  const pumpOnce = async (): Promise<void> => {
    for (;;) {
      const size = pageSize();
      const batch = await readBatch(size);
      for (const recorded of batch) models.apply(decodeOrThrow(recorded));
      const last = batch[batch.length - 1];
      if (last !== undefined) {
        lastHash = last.hash;
        lastStream = last.stream;
        lastRevision = last.revision;
      }
      appliedSinceSnapshot += batch.length;
      settleWaiters();
      catchingUp = batch.length === size;
      if (!catchingUp) break;
    }
    if (appliedSinceSnapshot >= (options.snapshotEveryEvents ?? SNAPSHOT_EVERY_EVENTS) && writing === null)
      void writeSnapshot();
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

  /** The snapshot on its way to the disk, if any: one at a time, and stop waits for it. */
  let writing: Promise<void> | null = null;

  /**
   * The models are serialised at once (a consistent cut; the transaction log encodes only the
   * entries added since its last snapshot, so only the first one after a full rebuild takes seconds
   * on a million-event log); the digest and the file are written in the background. A periodic snapshot due while one is being
   * written waits for the next catch-up.
   */
  const writeSnapshot = (): Promise<void> => {
    appliedSinceSnapshot = 0;
    if (snapshotPath === null || !writeSnapshots || models.position() === 0) return Promise.resolve();
    const body = Buffer.from(models.serialize(), 'utf8');
    const cut = {
      readModelVersion: READ_MODEL_VERSION,
      position: models.position(),
      hashAtPosition: lastHash,
      streamAtPosition: lastStream,
      revisionAtPosition: lastRevision,
    };
    const written = sha256(body)
      .then((bodySha256) => {
        const facts = { ...cut, bodySha256 };
        const header: SnapshotHeader =
          options.seal === undefined ? facts : { ...facts, seal: options.seal.sign(facts) };
        return writeFileAtomicallyInBackground(snapshotPath, [
          Buffer.from(`${JSON.stringify(header)}\n`),
          body,
        ]);
      })
      // The snapshot is only a shortcut for the next start: the read models are sound without it.
      .catch((error: unknown) => options.onSnapshotWriteFailed?.(error))
      .finally(() => {
        if (writing === written) writing = null;
      });
    writing = written;
    return written;
  };

  let restoredFromSnapshot = false;

  /**
   * The snapshot's transaction entries, folded a page per turn of the event loop once the server
   * answers; a query that needs them before folds the rest itself (see projections/transactions.ts).
   */
  const loadEntriesInBackground = (): void => {
    if (stopped) return;
    try {
      if (!models.transactions.loadSome(ROWS_PER_LOAD_STEP)) setImmediate(loadEntriesInBackground);
    } catch (error) {
      // Cannot happen to a body whose hash matched, unless Folio itself is wrong: fail loudly.
      failure = error;
      settleWaiters();
    }
  };

  /** The event the snapshot was cut at, when the snapshot may be used; otherwise why not. */
  const refusalOf = async (
    header: SnapshotHeader,
    body: Buffer,
  ): Promise<{ reason: string } | { atPosition: StoredEvent }> => {
    if (header.readModelVersion !== READ_MODEL_VERSION)
      return {
        reason: `it has read-model version ${header.readModelVersion}, this Folio ${READ_MODEL_VERSION}`,
      };
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
      return { reason: `the log does not hold the event it claims at position ${header.position}` };
    const bodySha256 = await sha256(body);
    if (header.bodySha256 !== bodySha256) return { reason: 'its body does not match its SHA-256' };
    if (options.seal !== undefined && !options.seal.holds({ ...header, bodySha256 }, header.seal ?? ''))
      return {
        reason:
          header.seal === undefined
            ? 'it carries no seal'
            : "its seal does not hold with this data folder's key (edited?)",
      };
    return { atPosition };
  };

  const loadSnapshot = async (): Promise<void> => {
    if (snapshotPath === null || !existsSync(snapshotPath)) return;
    const refuse = (reason: string): void => options.onSnapshotRefused?.(reason);
    try {
      const bytes = readFileSync(snapshotPath);
      const newline = bytes.indexOf(NEWLINE);
      if (newline < 0) return refuse('it has no header line');
      const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as SnapshotHeader;
      const body = bytes.subarray(newline + 1);
      const checked = await refusalOf(header, body);
      if ('reason' in checked) return refuse(checked.reason);
      // A snapshot that breaks half-way must not leave some models restored: the replay from the
      // start would fold their events a second time.
      const untouched = models.serialize();
      try {
        models.restore(body.toString('utf8'));
      } catch (error) {
        models.restore(untouched);
        return refuse(`its body does not restore: ${error instanceof Error ? error.message : String(error)}`);
      }
      lastHash = header.hashAtPosition;
      lastStream = checked.atPosition.stream;
      lastRevision = checked.atPosition.revision;
      restoredFromSnapshot = true;
    } catch (error) {
      // A damaged snapshot is only a lost shortcut: rebuild from the log.
      refuse(error instanceof Error ? error.message : String(error));
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
      if (restoredFromSnapshot) setImmediate(loadEntriesInBackground);
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
      await writing;
      if (failure === null) await writeSnapshot();
    },
  };
};
