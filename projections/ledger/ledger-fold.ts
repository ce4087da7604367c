import { Money, ZERO } from '../../domain/money';
import { LedgerEntry } from '../transactions';

/** One side of a transfer, as that account's statement shows it. */
export interface LedgerLine {
  readonly entry: LedgerEntry;
  /** This side's ledger account key, and the other side's. */
  readonly account: string;
  readonly counterAccount: string;
  /** Signed from this account's side: positive credits it. */
  readonly amount: Money;
  readonly balanceBefore: Money;
  readonly balanceAfter: Money;
}

/** What booking one transfer found: both sides' balances before it, and whether its recorded balance follows. */
export interface Booked {
  readonly customerBefore: Money;
  readonly systemBefore: Money;
  /** The customer balance the amounts say it should record, when it records another. */
  readonly expectedAfter?: Money;
}

/** A transfer whose recorded balance-after is not the balance before plus its amount. */
export interface BalanceMismatch {
  readonly entry: LedgerEntry;
  readonly balanceBefore: Money;
  readonly expectedAfter: Money;
}

/** Both sides of a booked transfer as lines: the customer side first, then the system side. */
export const linesOf = (entry: LedgerEntry, booked: Booked): readonly [LedgerLine, LedgerLine] => [
  {
    entry,
    account: entry.account,
    counterAccount: entry.counterAccount,
    amount: entry.amount,
    balanceBefore: booked.customerBefore,
    balanceAfter: entry.balanceAfter,
  },
  {
    entry,
    account: entry.counterAccount,
    counterAccount: entry.account,
    amount: -entry.amount,
    balanceBefore: booked.systemBefore,
    balanceAfter: booked.systemBefore - entry.amount,
  },
];

/**
 * Double entry, folded independently of the read models: every ledger account's balance and the
 * trial balance (the sum of all of them), kept up to date entry by entry. The customer side takes
 * the balance its event recorded — as the domain does — so a recorded balance that does not follow
 * from the amounts shows up both as a mismatch and as a trial balance other than zero.
 * `resumeFrom` is the balances a fold of an earlier prefix of the log left (the postings index
 * resumes from them).
 */
export const createLedgerFold = (resumeFrom?: ReadonlyMap<string, Money>) => {
  const balances = new Map<string, Money>(resumeFrom ?? []);
  let trialBalance = ZERO;
  for (const balance of balances.values()) trialBalance += balance;

  return {
    book: (entry: LedgerEntry): Booked => {
      const customerBefore = balances.get(entry.account) ?? ZERO;
      const systemBefore = balances.get(entry.counterAccount) ?? ZERO;
      balances.set(entry.account, entry.balanceAfter);
      balances.set(entry.counterAccount, systemBefore - entry.amount);
      trialBalance += entry.balanceAfter - customerBefore - entry.amount;
      const expectedAfter = customerBefore + entry.amount;
      return expectedAfter === entry.balanceAfter
        ? { customerBefore, systemBefore }
        : { customerBefore, systemBefore, expectedAfter };
    },
    balanceOf: (account: string): Money => balances.get(account) ?? ZERO,
    balances: (): ReadonlyMap<string, Money> => balances,
    /** Zero at every position of a sound ledger. */
    trialBalance: (): Money => trialBalance,
  };
};

export type LedgerFold = ReturnType<typeof createLedgerFold>;

/**
 * The account a statement or reconciliation line is reported under: a user's personal accounts
 * together (their sum is the user's balance, as getUserAccountBalance answers), every other ledger
 * account on its own.
 */
export const statementAccountOf = (ledgerKey: string): string => {
  if (!ledgerKey.startsWith('user:')) return ledgerKey;
  const slash = ledgerKey.indexOf('/');
  return slash < 0 ? ledgerKey : ledgerKey.slice(0, slash);
};
