import { TransferCause } from '../../domain/ledger/accounts';
import { Money, ZERO } from '../../domain/money';
import { LedgerEntry } from '../transactions';
import { createPeriodFold, Period, PeriodFigures } from './period-fold';
import { plural } from '../../domain/plural';
import { statementAccountOf } from './ledger-fold';

export type AccountKind = 'user' | 'shared' | 'system';

export const accountKindOf = (statementAccount: string): AccountKind =>
  statementAccount.startsWith('user:')
    ? 'user'
    : statementAccount.startsWith('shared:')
      ? 'shared'
      : 'system';

/** Credits (positive) and debits (negative) of one account, or one day, for one cause. */
export interface Movement {
  credits: Money;
  debits: Money;
  count: number;
}

export interface AccountFigures {
  readonly account: string;
  readonly kind: AccountKind;
  readonly opening: Money;
  readonly closing: Money;
  readonly byCause: ReadonlyMap<TransferCause, Movement>;
  readonly credits: Money;
  readonly debits: Money;
  readonly transfers: number;
}

export interface ReconciliationFigures {
  readonly period: ReconciliationPeriod;
  readonly accounts: readonly AccountFigures[];
  /** Customer-side movements per UTC day (YYYY-MM-DD) and cause: what finance sees move through accounts. */
  readonly days: ReadonlyMap<string, ReadonlyMap<TransferCause, Movement>>;
}

export interface TieOutCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

const movementOf = (map: Map<TransferCause, Movement>, cause: TransferCause): Movement => {
  let movement = map.get(cause);
  if (movement === undefined) {
    movement = { credits: ZERO, debits: ZERO, count: 0 };
    map.set(cause, movement);
  }
  return movement;
};

const addTo = (movement: Movement, amount: Money): void => {
  if (amount > ZERO) movement.credits += amount;
  else movement.debits += amount;
  movement.count += 1;
};

/** What a reconciliation line needs: the account it is reported under and the signed amount. */
export interface MovementLine {
  readonly statementAccount: string;
  readonly amount: Money;
}

/** Both sides of a transfer inside the period, the customer side first (as the period fold lists them). */
export const movementLinesOf = (entry: LedgerEntry): readonly [MovementLine, MovementLine] => [
  { statementAccount: statementAccountOf(entry.account), amount: entry.amount },
  { statementAccount: statementAccountOf(entry.counterAccount), amount: -entry.amount },
];

/** The period's figures a reconciliation reads (not the corrections a statement marks). */
export type ReconciliationPeriod = Omit<PeriodFigures, 'corrections'>;

/**
 * The movements of a period by account and cause, and the customer side's by day, from the
 * period's transfers in log order; with the period's cuts, the reconciliation.
 */
export const createMovementsFold = () => {
  const byAccount = new Map<string, Map<TransferCause, Movement>>();
  const days = new Map<string, Map<TransferCause, Movement>>();
  return {
    push: (entry: LedgerEntry, lines: readonly MovementLine[]): void => {
      for (const line of lines) {
        const causes = byAccount.get(line.statementAccount) ?? new Map<TransferCause, Movement>();
        byAccount.set(line.statementAccount, causes);
        addTo(movementOf(causes, entry.cause), line.amount);
      }
      const customer = lines[0];
      if (customer !== undefined) {
        const day = entry.recordedAt.slice(0, 10);
        const causes = days.get(day) ?? new Map<TransferCause, Movement>();
        days.set(day, causes);
        addTo(movementOf(causes, entry.cause), customer.amount);
      }
    },
    finish: (period: ReconciliationPeriod): ReconciliationFigures => {
      const keys = new Set([...period.opening.keys(), ...period.closing.keys(), ...byAccount.keys()]);
      const accounts = [...keys].sort().map((account): AccountFigures => {
        const byCause = byAccount.get(account) ?? new Map<TransferCause, Movement>();
        let credits = ZERO;
        let debits = ZERO;
        let transfers = 0;
        for (const movement of byCause.values()) {
          credits += movement.credits;
          debits += movement.debits;
          transfers += movement.count;
        }
        return {
          account,
          kind: accountKindOf(account),
          opening: period.opening.get(account) ?? ZERO,
          closing: period.closing.get(account) ?? ZERO,
          byCause,
          credits,
          debits,
          transfers,
        };
      });
      return { period, accounts, days };
    },
  };
};

/**
 * The reconciliation of one period, in one pass over the log from its first entry: for every
 * account (users, shared accounts, system accounts) its opening balance, its credits and debits
 * grouped by cause, and its closing balance. Openings and closings come from the balances the
 * events recorded; movements from the amounts. That they agree is what the tie-out checks prove.
 * (The postings index gives the same figures from the two cuts and the period's transfers alone.)
 */
export const createReconciliationFold = (period: Period) => {
  const fold = createPeriodFold(period, () => true);
  const movements = createMovementsFold();
  return {
    push: (entry: LedgerEntry): void => movements.push(entry, fold.push(entry)),
    /** Once true, nothing pushed later changes the reconciliation: a reader may stop. */
    ended: fold.ended,
    finish: (): ReconciliationFigures => movements.finish(fold.finish()),
  };
};

export const accountTiesOut = (account: AccountFigures): boolean =>
  account.opening + account.credits + account.debits === account.closing;

/** The proofs a reconciliation carries; a report with any failed check is not to be signed off. */
export const tieOutChecks = (figures: ReconciliationFigures): readonly TieOutCheck[] => {
  const untied = figures.accounts.filter((account) => !accountTiesOut(account));
  const sum = (pick: (account: AccountFigures) => Money): Money =>
    figures.accounts.reduce((total, account) => total + pick(account), ZERO);
  const openingSum = sum((account) => account.opening);
  const closingSum = sum((account) => account.closing);
  const movementSum = sum((account) => account.credits + account.debits);
  return [
    {
      name: 'every account: opening + movements = closing',
      ok: untied.length === 0,
      detail:
        figures.accounts.length === 0
          ? 'no accounts to tie out: nothing moved in the period and no account had a balance'
          : untied.length === 0
            ? `${figures.accounts.length === 1 ? 'the one account ties' : `all ${figures.accounts.length} accounts tie`} out`
            : `${plural(untied.length, 'account does', 'accounts do')} not tie out, first ${untied[0]?.account ?? ''}`,
    },
    {
      name: 'all accounts sum to zero at the opening',
      ok: openingSum === ZERO && figures.period.trialBalanceAtOpening === ZERO,
      detail: `sum of openings ${openingSum}, trial balance ${figures.period.trialBalanceAtOpening} (micro-units)`,
    },
    {
      name: 'all accounts sum to zero at the closing',
      ok: closingSum === ZERO && figures.period.trialBalanceAtClosing === ZERO,
      detail: `sum of closings ${closingSum}, trial balance ${figures.period.trialBalanceAtClosing} (micro-units)`,
    },
    {
      name: 'movements net to zero (double entry)',
      ok: movementSum === ZERO,
      detail: `sum of all movements ${movementSum} (micro-units)`,
    },
    {
      name: 'every recorded balance follows from the amounts',
      ok: figures.period.mismatchCount === 0,
      detail:
        figures.period.mismatchCount === 0
          ? 'no transfer records a balance other than its balance before plus its amount'
          : `${plural(figures.period.mismatchCount, 'transfer records', 'transfers record')} another balance, first at position ${figures.period.mismatches[0]?.entry.position ?? 0}`,
    },
  ];
};
