import { KeyObject } from 'node:crypto';
import { EventStore, RecordedEvent } from '../../adapters/store/port';
import {
  Checkpoint,
  latestStoredCheckpoint,
  signAndStoreCheckpoint,
  signatureHolds,
  TreeAtSize,
} from './checkpoint';
import { forEachRecorded, ProgressListener } from './log';
import { storeLogTree, treeOfLog } from './log-tree';

/** Default allowance for recordedAt going backwards along the log (several servers' clocks on EventStoreDB). */
export const DEFAULT_CLOCK_SKEW_MS = 5_000;

export type LogOrderCheck = 'checkpoint' | 'time' | 'gap' | 'after-checkpoint';

export interface LogOrderProblem {
  readonly check: LogOrderCheck;
  /** The first offending position, or null when the problem is the whole checkpoint (signature). */
  readonly position: number | null;
  readonly detail: string;
}

export interface LogOrderReport {
  readonly ok: boolean;
  /** One line per thing compared, saying what was found. */
  readonly compared: readonly string[];
  /** What could not be compared and why, so a pass is never read as more than it is. */
  readonly notCompared: readonly string[];
  readonly problems: readonly LogOrderProblem[];
}

export interface LogOrderOptions {
  readonly store: EventStore;
  readonly checkpoint?: Checkpoint;
  /** The key the auditor keeps; null when none was given nor found in the data folder. */
  readonly publicKey: KeyObject | null;
  readonly publicKeySource?: string;
  readonly clockSkewMs?: number;
  /** True for stores whose positions are 1, 2, 3…; EventStoreDB's commit positions are not. */
  readonly contiguousPositions: boolean;
  readonly onProgress?: ProgressListener;
}

const MAX_PROBLEMS = 20;

interface BlockSpan {
  first: number;
  last: number;
}

/** The log-order checks fed one event at a time, so that verify makes them in its own single pass. */
export interface LogOrderPass {
  readonly observe: (recorded: RecordedEvent) => void;
  /** A row the store could not read at all: verify reports it; here it only moves the position on. */
  readonly skipUnreadable: (position: number) => void;
  readonly finish: () => LogOrderReport;
}

/**
 * The checks along the global log that per-stream chains cannot make: the Merkle tree at the
 * checkpoint's size against its signed root (a rewrite, insertion, deletion or reordering anywhere
 * before it changes the root), recordedAt never going backwards beyond the clock-skew allowance,
 * no gaps in positions, and no event after the checkpoint claiming a time before it. Its state is
 * the Merkle frontier, the block roots (at most MAX_BLOCKS) and a few counters: nothing per event.
 */
export const createLogOrderCheck = (options: Omit<LogOrderOptions, 'store' | 'onProgress'>): LogOrderPass => {
  const skew = options.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
  const compared: string[] = [];
  const notCompared: string[] = [];
  const problems: LogOrderProblem[] = [];
  const problem = (entry: LogOrderProblem): void => {
    if (problems.length < MAX_PROBLEMS || entry.check === 'checkpoint') problems.push(entry);
  };
  const keySource = options.publicKeySource ?? 'the data folder';
  // A checkpoint whose signature fails says nothing: it is refused before anything is compared with it.
  let checkpoint = options.checkpoint;
  if (checkpoint !== undefined) {
    if (options.publicKey === null)
      notCompared.push(
        'the checkpoint signature (no public key: pass --public-key FILE with the key you kept)',
      );
    else if (signatureHolds(checkpoint, options.publicKey))
      compared.push(`the checkpoint's Ed25519 signature holds for the key in ${keySource}`);
    else {
      problem({
        check: 'checkpoint',
        position: null,
        detail: `the checkpoint's signature does not hold for the key in ${keySource}: it was altered or signed by another key, so the log is not compared with it`,
      });
      checkpoint = undefined;
    }
  }
  const tree = checkpoint === undefined ? null : new TreeAtSize(checkpoint.blockSize);
  const spans: BlockSpan[] = [];
  const checkpointTime = checkpoint === undefined ? NaN : Date.parse(checkpoint.time);
  let index = 0;
  let latest = { time: -Infinity, position: 0, recordedAt: '' };
  let previousPosition = 0;
  let atCheckpointSize: RecordedEvent | undefined;
  let timeProblems = 0;
  let gapProblems = 0;
  let lateProblems = 0;

  const observe = (recorded: RecordedEvent): void => {
    if (tree !== null && checkpoint !== undefined && index < checkpoint.size) {
      tree.append(recorded.hash);
      const block = Math.floor(index / checkpoint.blockSize);
      const span = spans[block];
      if (span === undefined) spans[block] = { first: recorded.position, last: recorded.position };
      else span.last = recorded.position;
      if (index === checkpoint.size - 1) atCheckpointSize = recorded;
    } else if (checkpoint !== undefined && Date.parse(recorded.recordedAt) < checkpointTime - skew) {
      lateProblems += 1;
      problem({
        check: 'after-checkpoint',
        position: recorded.position,
        detail: `event ${recorded.eventId} (${recorded.type}, stream ${recorded.stream}) comes after the ${checkpoint.size} events the checkpoint of ${checkpoint.time} covered, yet says it was recorded at ${recorded.recordedAt}, before that checkpoint was signed: appended later and backdated`,
      });
    }
    const time = Date.parse(recorded.recordedAt);
    if (!Number.isFinite(time) || time < latest.time - skew) {
      timeProblems += 1;
      problem({
        check: 'time',
        position: recorded.position,
        detail: `event ${recorded.eventId} (${recorded.type}, stream ${recorded.stream}) says recorded at ${recorded.recordedAt}, before position ${latest.position} at ${latest.recordedAt} (allowance ${skew} ms)`,
      });
    }
    if (time > latest.time) latest = { time, position: recorded.position, recordedAt: recorded.recordedAt };
    if (options.contiguousPositions && recorded.position !== previousPosition + 1) {
      gapProblems += 1;
      problem({
        check: 'gap',
        position: recorded.position,
        detail:
          recorded.position > previousPosition + 1
            ? `positions ${previousPosition + 1}…${recorded.position - 1} are missing before it`
            : `it follows position ${previousPosition} out of order`,
      });
    }
    previousPosition = recorded.position;
    index += 1;
  };

  const finish = (): LogOrderReport => {
    compared.push(
      timeProblems === 0
        ? `recordedAt never goes backwards along the log by more than ${skew} ms`
        : `recordedAt goes backwards at ${timeProblems} events`,
    );
    if (options.contiguousPositions)
      compared.push(
        gapProblems === 0 ? `positions 1…${previousPosition} have no gaps` : `${gapProblems} position gaps`,
      );
    else notCompared.push('position gaps (this store numbers positions with gaps by design)');

    if (checkpoint === undefined || tree === null) {
      notCompared.push(
        options.checkpoint !== undefined
          ? 'the Merkle tree: the checkpoint given was refused (see below)'
          : 'the Merkle tree against a signed checkpoint (none given: pass --checkpoint FILE with a checkpoint you kept); without one a consistently rehashed log, a deleted tail or a forged event at the end cannot be told from the real one',
      );
      return { ok: problems.length === 0, compared, notCompared, problems: inLogOrder(problems) };
    }

    tree.finish();

    if (index < checkpoint.size) {
      problem({
        check: 'checkpoint',
        position: checkpoint.size === 0 ? null : index === 0 ? 1 : previousPosition + 1,
        detail: `the checkpoint covered ${checkpoint.size} events up to position ${checkpoint.lastPosition}; the log now holds only ${index}, ending at position ${previousPosition}: events were removed`,
      });
    }
    const root = tree.whole.root();
    // When the log is shorter than the checkpoint, the blocks it cut short differ anyway: only those wholly present count.
    const wholeBlocks =
      index >= checkpoint.size ? checkpoint.blockRoots.length : Math.floor(index / checkpoint.blockSize);
    const firstChangedBlock = checkpoint.blockRoots.findIndex(
      (blockRoot, block) => block < wholeBlocks && tree.blockRoots[block] !== blockRoot,
    );
    if (index >= checkpoint.size && root === checkpoint.root) {
      compared.push(
        `the first ${checkpoint.size} events (to position ${checkpoint.lastPosition}) have the Merkle root the checkpoint of ${checkpoint.time} signed: nothing before it was changed, inserted, removed or reordered`,
      );
      if (atCheckpointSize !== undefined && atCheckpointSize.position !== checkpoint.lastPosition)
        problem({
          check: 'checkpoint',
          position: atCheckpointSize.position,
          detail: `the ${checkpoint.size}th event is at position ${atCheckpointSize.position}, where the checkpoint says ${checkpoint.lastPosition}: positions were renumbered`,
        });
    } else if (index >= checkpoint.size || firstChangedBlock >= 0) {
      const span = firstChangedBlock >= 0 ? spans[firstChangedBlock] : undefined;
      problem({
        check: 'checkpoint',
        position: span?.first ?? null,
        detail:
          span === undefined
            ? `the Merkle root of the first ${checkpoint.size} events is ${root}, not the checkpoint's ${checkpoint.root}`
            : checkpoint.blockSize === 1
              ? `the first event that differs from what the checkpoint covered is at position ${span.first}: it was changed, inserted or moved there (Merkle root ${root}, the checkpoint's ${checkpoint.root})`
              : `the first change lies in positions ${span.first}…${span.last} (block ${firstChangedBlock + 1} of ${checkpoint.blockRoots.length}); the checkpoint pins blocks of ${checkpoint.blockSize} events, so it cannot name one event within it`,
      });
    }
    if (index > checkpoint.size)
      notCompared.push(
        `the ${index - checkpoint.size} events after the checkpoint (positions after ${checkpoint.lastPosition}) are covered by no checkpoint you gave; only their chains, ${lateProblems === 0 ? 'and their times (none is dated before the checkpoint), ' : ''}were checked`,
      );
    return { ok: problems.length === 0, compared, notCompared, problems: inLogOrder(problems) };
  };

  return {
    observe,
    skipUnreadable: (position) => {
      previousPosition = position;
    },
    finish,
  };
};

/** The log-order checks in a pass of their own (verify --backup; verify itself shares its pass). */
export const checkLogOrder = async (options: LogOrderOptions): Promise<LogOrderReport> => {
  const check = createLogOrderCheck(options);
  await forEachRecorded(
    options.store,
    check.observe,
    options.onProgress === undefined ? {} : { onProgress: options.onProgress },
  );
  return check.finish();
};

/** Whole-checkpoint problems first, then by position: the first line names the first bad position. */
const inLogOrder = (problems: readonly LogOrderProblem[]): LogOrderProblem[] =>
  [...problems].sort((a, b) => (a.position ?? -1) - (b.position ?? -1));

/**
 * Signs a checkpoint of the log as it stands and keeps it in the data folder: what `folio checkpoint
 * --new`, the server's periodic checkpoints and every reconciliation report make.
 */
export const signLogCheckpoint = async (
  store: EventStore,
  dataDir: string,
  time: Date = new Date(),
): Promise<{ readonly checkpoint: Checkpoint; readonly path: string }> => {
  const latest = latestCheckpointOrNull(dataDir);
  const tree = await treeOfLog(store, {
    dataDir,
    signedRootAt: (size) => (latest?.size === size ? latest.root : null),
  });
  const signed = signAndStoreCheckpoint(dataDir, tree.facts, time);
  storeLogTree(dataDir, tree);
  return signed;
};

/** The newest checkpoint kept here; a file that does not read only means the tree is built afresh. */
const latestCheckpointOrNull = (dataDir: string): Checkpoint | null => {
  try {
    return latestStoredCheckpoint(dataDir)?.checkpoint ?? null;
  } catch {
    return null;
  }
};
