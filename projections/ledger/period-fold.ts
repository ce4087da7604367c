import { Money, ZERO } from '../../domain/money';
import { LedgerEntry } from '../transactions';
import { createBoundTracker, LogBound } from './bounds';
import { BalanceMismatch, createLedgerFold, LedgerLine, statementAccountOf } from './ledger-fold';

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
  /** Original transfer id → its correction's transfer id, over everything folded. */
  readonly corrections: ReadonlyMap<string, string>;
  /** Transfers (anywhere in what was folded) whose recorded balance does not follow from the amounts. */
  readonly mismatches: readonly BalanceMismatch[];
  readonly mismatchCount: number;
}

const MAX_MISMATCHES_KEPT = 100;

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

  const cut = () => ({ balances: new Map(totals), trial: ledger.trialBalance() });

  return {
    push: (entry: LedgerEntry): readonly PeriodLine[] => {
      const before = beforeFrom(entry);
      const beforeEnd = beforeTo(entry);
      const inside = !before && beforeEnd;
      if (!before && opening === null) opening = cut();
      if (!beforeEnd && closing === null) closing = cut();
      if (entry.correctsTransferId !== undefined) corrections.set(entry.correctsTransferId, entry.transferId);
      const booked = ledger.book(entry);
      if (booked.mismatch !== undefined) {
        mismatchCount += 1;
        if (mismatches.length < MAX_MISMATCHES_KEPT) mismatches.push(booked.mismatch);
      }
      if (inside) {
        if (firstPosition === 0) firstPosition = entry.position;
        lastPosition = entry.position;
        transfersInPeriod += 1;
      }
      const lines: PeriodLine[] = [];
      for (const line of booked.lines) {
        const statementAccount = statementAccountOf(line.account);
        if (!select(statementAccount)) continue;
        const total = (totals.get(statementAccount) ?? ZERO) + (line.balanceAfter - line.balanceBefore);
        totals.set(statementAccount, total);
        if (inside) lines.push({ ...line, statementAccount, statementBalanceAfter: total });
      }
      return lines;
    },
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
