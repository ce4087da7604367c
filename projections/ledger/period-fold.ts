import { Money, ZERO } from '../../domain/money';
import { LedgerEntry } from '../transactions';
import { createBoundTracker, LogBound } from './bounds';
import { BalanceMismatch, createLedgerFold, LedgerLine, linesOf, statementAccountOf } from './ledger-fold';

export interface Period {
  readonly from: LogBound;
  readonly to: LogBound;
}

/** A ledger line inside the period, with the balance of the account it is reported under. */
export interface PeriodLine extends LedgerLine {
  readonly statementAccount: string;
  readonly statementBalanceAfter: Money;
}

export interface PeriodFigures {
  /** Balances of the selected statement accounts when the period starts and when it ends. */
  readonly opening: ReadonlyMap<string, Money>;
  readonly closing: ReadonlyMap<string, Money>;
  /** Trial balance (sum of every ledger account) at both ends; zero in a sound ledger. */
  readonly trialBalanceAtOpening: Money;
  readonly trialBalanceAtClosing: Money;
  /** First and last log position of a transfer inside the period; 0 when it holds none. */
  readonly firstPosition: number;
  readonly lastPosition: number;
  readonly transfersInPeriod: number;
  /** Original transfer id → its correction's transfer id, over everything pushed (after the period too). */
  readonly corrections: ReadonlyMap<string, string>;
  /** Transfers up to the period's end whose recorded balance does not follow from the amounts. */
  readonly mismatches: readonly BalanceMismatch[];
  readonly mismatchCount: number;
}

/** How many mismatches a period keeps to name (all are counted). */
export const MAX_MISMATCHES_KEPT = 100;
const NO_LINES: readonly PeriodLine[] = Object.freeze([]);

/**
 * The machinery every period report shares: feed it every ledger entry of the log in order (from
 * the first, since opening balances are the fold of everything before the period); it books both
 * sides, notes the balances at the period's two cuts, and hands back the lines inside the period.
 */
export const createPeriodFold = (period: Period, select: (statementAccount: string) => boolean) => {
  const ledger = createLedgerFold();
  const totals = new Map<string, Money>();
  const beforeFrom = createBoundTracker(period.from);
  const beforeTo = createBoundTracker(period.to);
  const corrections = new Map<string, string>();
  const mismatches: BalanceMismatch[] = [];
  let mismatchCount = 0;
  let opening: { balances: Map<string, Money>; trial: Money } | null = null;
  let closing: { balances: Map<string, Money>; trial: Money } | null = null;
  let firstPosition = 0;
  let lastPosition = 0;
  let transfersInPeriod = 0;
  let ended = false;

  const cut = () => ({ balances: new Map(totals), trial: ledger.trialBalance() });

  /** Moves a selected statement account's total; undefined for an account not selected. */
  const track = (ledgerKey: string, change: Money): Money | undefined => {
    const statementAccount = statementAccountOf(ledgerKey);
    if (!select(statementAccount)) return undefined;
    const total = (totals.get(statementAccount) ?? ZERO) + change;
    totals.set(statementAccount, total);
    return total;
  };

  return {
    push: (entry: LedgerEntry): readonly PeriodLine[] => {
      if (entry.correctsTransferId !== undefined) corrections.set(entry.correctsTransferId, entry.transferId);
      // Past the period nothing moves its figures; only corrections of its transfers are still noted.
      if (ended) return NO_LINES;
      const before = beforeFrom(entry);
      const beforeEnd = beforeTo(entry);
      const inside = !before && beforeEnd;
      if (!before && opening === null) opening = cut();
      if (!beforeEnd) {
        closing = cut();
        ended = true;
        return NO_LINES;
      }
      const booked = ledger.book(entry);
      if (booked.expectedAfter !== undefined) {
        mismatchCount += 1;
        if (mismatches.length < MAX_MISMATCHES_KEPT)
          mismatches.push({
            entry,
            balanceBefore: booked.customerBefore,
            expectedAfter: booked.expectedAfter,
          });
      }
      if (inside) {
        if (firstPosition === 0) firstPosition = entry.position;
        lastPosition = entry.position;
        transfersInPeriod += 1;
      }
      // Before the period only the selected accounts' totals move; lines are made for the period alone.
      if (!inside) {
        track(entry.account, entry.balanceAfter - booked.customerBefore);
        track(entry.counterAccount, -entry.amount);
        return NO_LINES;
      }
      const lines: PeriodLine[] = [];
      for (const line of linesOf(entry, booked)) {
        const total = track(line.account, line.balanceAfter - line.balanceBefore);
        if (total !== undefined)
          lines.push({
            ...line,
            statementAccount: statementAccountOf(line.account),
            statementBalanceAfter: total,
          });
      }
      return lines;
    },
    /** True once an entry past the period's end was pushed: later entries change no figure. */
    ended: (): boolean => ended,
    finish: (): PeriodFigures => {
      const atEnd = cut();
      const open = opening ?? atEnd;
      const close = closing ?? atEnd;
      return {
        opening: open.balances,
        closing: close.balances,
        trialBalanceAtOpening: open.trial,
        trialBalanceAtClosing: close.trial,
        firstPosition,
        lastPosition,
        transfersInPeriod,
        corrections,
        mismatches,
        mismatchCount,
      };
    },
  };
};
