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

/** A transfer whose recorded balance-after is not the balance before plus its amount. */
export interface BalanceMismatch {
  readonly entry: LedgerEntry;
  readonly balanceBefore: Money;
  readonly expectedAfter: Money;
}

export interface BookedTransfer {
  /** The customer side first, then the system side. */
  readonly lines: readonly [LedgerLine, LedgerLine];
  readonly mismatch?: BalanceMismatch;
}

/**
 * Double entry, folded independently of the read models: every ledger account's balance and the
 * trial balance (the sum of all of them), kept up to date entry by entry. The customer side takes
 * the balance its event recorded — as the domain does — so a recorded balance that does not follow
 * from the amounts shows up both as a mismatch and as a trial balance other than zero.
 */
export const createLedgerFold = () => {
  const balances = new Map<string, Money>();
  let trialBalance = ZERO;

  const move = (account: string, after: Money): Money => {
    const before = balances.get(account) ?? ZERO;
    balances.set(account, after);
    trialBalance += after - before;
    return before;
  };

  return {
    book: (entry: LedgerEntry): BookedTransfer => {
      const customerBefore = move(entry.account, entry.balanceAfter);
      const systemBefore = balances.get(entry.counterAccount) ?? ZERO;
      move(entry.counterAccount, systemBefore - entry.amount);
      const customer: LedgerLine = {
        entry,
        account: entry.account,
        counterAccount: entry.counterAccount,
        amount: entry.amount,
        balanceBefore: customerBefore,
        balanceAfter: entry.balanceAfter,
      };
      const system: LedgerLine = {
        entry,
        account: entry.counterAccount,
        counterAccount: entry.account,
        amount: -entry.amount,
        balanceBefore: systemBefore,
        balanceAfter: systemBefore - entry.amount,
      };
      const expectedAfter = customerBefore + entry.amount;
      return expectedAfter === entry.balanceAfter
        ? { lines: [customer, system] }
        : { lines: [customer, system], mismatch: { entry, balanceBefore: customerBefore, expectedAfter } };
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
