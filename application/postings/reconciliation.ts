import { Money, ZERO } from '../../domain/money';
import { MAX_MISMATCHES_KEPT, Period } from '../../projections/ledger/period-fold';
import {
  createMovementsFold,
  movementLinesOf,
  ReconciliationFigures,
} from '../../projections/ledger/reconciliation';
import { cutOf, PostingsIndex } from './postings';

const sum = (balances: ReadonlyMap<string, Money>): Money => {
  let total = ZERO;
  for (const balance of balances.values()) total += balance;
  return total;
};

/**
 * A period's reconciliation from the postings index: the balances at its two cuts and the transfers
 * between them, so it costs the period's transfers plus the number of accounts, not the log before
 * it. The figures are the full fold's (createReconciliationFold): the cuts are drawn over the ledger
 * entries as its bound trackers draw them, a period that ends before it starts opens where it
 * closes, and the trial balance at a cut is the sum of every account's balance there (which the
 * period fold's is by construction).
 */
export const reconciliationFromPostings = (index: PostingsIndex, period: Period): ReconciliationFigures => {
  const to = cutOf(index, period.to, 'entries');
  const from = Math.min(cutOf(index, period.from, 'entries'), to);
  const opening = index.balancesBefore(from);
  const closing = index.balancesBefore(to);
  const movements = createMovementsFold();
  let firstPosition = 0;
  let lastPosition = 0;
  let transfersInPeriod = 0;
  for (const entry of index.entriesBetween(from, to)) {
    movements.push(entry, movementLinesOf(entry));
    if (firstPosition === 0) firstPosition = entry.position;
    lastPosition = entry.position;
    transfersInPeriod += 1;
  }
  const mismatches = index.mismatchesBefore(to, MAX_MISMATCHES_KEPT);
  return movements.finish({
    opening,
    closing,
    trialBalanceAtOpening: sum(opening),
    trialBalanceAtClosing: sum(closing),
    firstPosition,
    lastPosition,
    transfersInPeriod,
    mismatches: mismatches.first,
    mismatchCount: mismatches.count,
  });
};
