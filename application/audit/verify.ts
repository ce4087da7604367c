import { createHash } from 'node:crypto';
import { formatMoney, ZERO } from '../../domain/money';
import { createReadModels } from '../../projections';
import { createLedgerFold } from '../../projections/ledger/ledger-fold';
import { LedgerEntry, ledgerEntriesOf } from '../../projections/transactions';
import { ChainHead, checkChainLink, GENESIS_HASH } from '../../adapters/store/hash-chain';
import { EventStore, RecordedEvent } from '../../adapters/store/port';
import { decodeRecorded } from '../envelope';
import { forEachReadOutcome, LogPassObserver, ProgressListener } from './log';
import { readSnapshotCut, SnapshotCut } from './snapshot-file';
import { createSnapshotComparison } from './snapshot-comparison';
import { compareBalances, initialComparison } from './verify-comparisons';
import { DigestExpectation, EventCheck, EventProblem, ModelComparison, VerifyReport } from './verify-report';

export { DigestExpectation, EventCheck, EventProblem, ModelComparison, VerifyReport } from './verify-report';

export interface VerifyOptions {
  readonly store: EventStore;
  /** The read models' checkpoint (read-models.snapshot in the data folder); null to skip that comparison. */
  readonly snapshotPath: string | null;
  readonly expect?: DigestExpectation;
  readonly onProgress?: ProgressListener;
  readonly clock?: () => number;
  /** Further checks fed from the same pass (log order, postings): the log is read once for all. */
  readonly alongside?: readonly LogPassObserver[];
}

const MAX_PROBLEMS_KEPT = 20;

export const nextLogDigest = (digest: string, position: number, hash: string): string =>
  createHash('sha256').update(`${digest}:${position}:${hash}`).digest('hex');

/**
 * Proves a log untouched and its read models sound, trusting nothing but the stored rows: every
 * event's hash is recomputed and its link to its predecessor checked, every payload decoded, every
 * read model rebuilt from empty and compared byte for byte with the checkpoint the server keeps, and
 * the ledger folded a second, independent way whose trial balance must be zero after every event.
 */
export const verifyLog = async (options: VerifyOptions): Promise<VerifyReport> => {
  const now = options.clock ?? (() => performance.now());
  const started = now();
  const snapshotRead = readSnapshotCut(options.snapshotPath);
  const snapshot: SnapshotCut | null = snapshotRead.kind === 'read' ? snapshotRead.snapshot : null;
  const ledger = createLedgerFold();
  const heads = new Map<string, ChainHead>();
  const problems: EventProblem[] = [];
  let problemCount = 0;
  let events = 0;
  let transfers = 0;
  let lastPosition = 0;
  let digest = GENESIS_HASH;
  let trialBalance = ZERO;
  let expectationMet = options.expect === undefined;
  let comparison: ModelComparison = initialComparison(snapshotRead);
  const compareWithSnapshot = snapshot !== null && comparison.against === 'snapshot';
  // The transaction log's entries are the one part of the read models that grows with the log
  // rather than with its accounts: they are not kept, but compared row by row with the snapshot's.
  const models = createReadModels({ retainEntries: false });
  const snapshotComparison = compareWithSnapshot ? createSnapshotComparison(snapshot) : null;
  const alongside = options.alongside ?? [];

  const report = (
    check: EventCheck,
    at: Pick<RecordedEvent, 'position' | 'stream' | 'revision' | 'eventId' | 'type'>,
    detail: string,
  ): void => {
    problemCount += 1;
    if (problems.length < MAX_PROBLEMS_KEPT)
      problems.push({
        check,
        position: at.position,
        stream: at.stream,
        revision: at.revision,
        eventId: at.eventId,
        type: at.type,
        detail,
      });
  };

  const checkChain = (recorded: RecordedEvent): void => {
    const head = heads.get(recorded.stream);
    const link = checkChainLink(recorded, head);
    if (!link.hashOk)
      report('hash', recorded, `stored hash ${recorded.hash} but the event hashes to ${link.recomputedHash}`);
    if (!link.previousHashOk)
      report(
        'chain',
        recorded,
        `points to previous hash ${recorded.previousHash} but the stream's ${head === undefined ? 'chain starts at' : `event ${head.revision} has`} ${link.expectedPreviousHash}`,
      );
    if (!link.revisionOk)
      report(
        'revision',
        recorded,
        `revision ${recorded.revision} where the stream's next is ${link.expectedRevision}`,
      );
    heads.set(recorded.stream, { revision: recorded.revision, hash: recorded.hash });
  };

  /** Folds the event into the read models and the ledger; its entries, or null when it does not decode. */
  const fold = (recorded: RecordedEvent): readonly LedgerEntry[] | null => {
    const decoded = decodeRecorded(recorded);
    if (decoded._tag === 'Left') {
      report('decode', recorded, decoded.left.problems.join('; '));
      return null;
    }
    models.apply(decoded.right);
    const entries = ledgerEntriesOf(decoded.right);
    if (snapshotComparison !== null && snapshot !== null && recorded.position <= snapshot.position)
      for (const entry of entries) snapshotComparison.entry(entry);
    for (const entry of entries) {
      transfers += 1;
      const booked = ledger.book(entry);
      if (booked.expectedAfter !== undefined)
        report(
          'balance',
          recorded,
          `transfer ${entry.transferId} records balance ${formatMoney(entry.balanceAfter)} after ${formatMoney(entry.amount)}, but the balance before was ${formatMoney(booked.customerBefore)}`,
        );
    }
    const trial = ledger.trialBalance();
    if (trial !== trialBalance && trial !== ZERO)
      report('trial-balance', recorded, `the sum of all ledger accounts is ${formatMoney(trial)}, not zero`);
    trialBalance = trial;
    return entries;
  };

  try {
    await forEachReadOutcome(
      options.store,
      (outcome) => {
        events += 1;
        if (outcome.kind === 'unreadable') {
          const error = outcome.error;
          report(
            'readable',
            {
              position: error.position,
              stream: error.stream,
              revision: error.revision,
              eventId: '',
              type: '',
            },
            error.problem,
          );
          lastPosition = error.position;
          for (const observer of alongside) observer.skipUnreadable?.(error.position);
          return;
        }
        const recorded = outcome.recorded;
        lastPosition = recorded.position;
        checkChain(recorded);
        const entries = fold(recorded);
        for (const observer of alongside) observer.observe(recorded, entries);
        digest = nextLogDigest(digest, recorded.position, recorded.hash);
        if (options.expect !== undefined && recorded.position === options.expect.position) {
          expectationMet = true;
          if (digest !== options.expect.digest.toLowerCase())
            report(
              'digest',
              recorded,
              `the log digest here is ${digest}, not the expected ${options.expect.digest}`,
            );
        }
        if (snapshotComparison !== null && recorded.position === snapshot?.position)
          comparison = snapshotComparison.finish(models, recorded.hash);
      },
      options.onProgress === undefined ? {} : { onProgress: options.onProgress },
    );
  } finally {
    snapshotComparison?.close();
  }

  if (!expectationMet && options.expect !== undefined)
    report(
      'digest',
      { position: options.expect.position, stream: '', revision: -1, eventId: '', type: '' },
      `the log holds no event at position ${options.expect.position}`,
    );
  const balances = compareBalances(models, ledger);
  return {
    ok: problemCount === 0 && comparison.ok && balances.ok && trialBalance === ZERO,
    events,
    streams: heads.size,
    transfers,
    ledgerAccounts: ledger.balances().size,
    headPosition: lastPosition,
    logDigest: digest,
    trialBalance,
    problemCount,
    problems,
    readModels: comparison,
    balances,
    durationMs: Math.round(now() - started),
  };
};
