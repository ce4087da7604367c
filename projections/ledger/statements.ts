import { TransferCause } from '../../domain/ledger/accounts';
import { Money, ZERO } from '../../domain/money';
import { LedgerEntry } from '../transactions';
import { createPeriodFold, Period, PeriodFigures, PeriodLine } from './period-fold';

/** One transfer on an account's statement. */
export interface StatementLine {
  readonly position: number;
  readonly recordedAt: string;
  readonly transferId: string;
  readonly eventId: string;
  readonly cause: TransferCause;
  /** The API method or CLI command that booked it, and who called it. */
  readonly method: string;
  readonly actor: string;
  readonly comment: string;
  /** The ledger account this side moved (a user's personal account, say) and the other side. */
  readonly account: string;
  readonly counterAccount: string;
  /** Signed from this account's side: positive credits it. */
  readonly amount: Money;
  /** The statement account's balance once this transfer applied. */
  readonly balanceAfter: Money;
  readonly operationId?: string;
  /** Set on a correction: the transfer it reverses. */
  readonly correctsTransferId?: string;
  /** Set on a corrected transfer: the correction that reverses it (which may fall after the period). */
  readonly correctedBy?: string;
}

export interface Statement {
  readonly account: string;
  readonly opening: Money;
  readonly credits: Money;
  readonly debits: Money;
  readonly closing: Money;
  readonly lines: readonly StatementLine[];
}

/** Opening plus every line equals closing, and each line's balance follows from the one before. */
export const statementTiesOut = (statement: Statement): boolean => {
  let balance = statement.opening;
  for (const line of statement.lines) {
    balance += line.amount;
    if (balance !== line.balanceAfter) return false;
  }
  return (
    balance === statement.closing && statement.opening + statement.credits + statement.debits === balance
  );
};

const toStatementLine = (line: PeriodLine): StatementLine => {
  const entry = line.entry;
  return {
    position: entry.position,
    recordedAt: entry.recordedAt,
    transferId: entry.transferId,
    eventId: entry.eventId,
    cause: entry.cause,
    method: entry.method,
    actor: entry.actor,
    comment: entry.comment,
    account: line.account,
    counterAccount: line.counterAccount,
    amount: line.amount,
    balanceAfter: line.statementBalanceAfter,
    ...(entry.operationId === undefined ? {} : { operationId: entry.operationId }),
    ...(entry.correctsTransferId === undefined ? {} : { correctsTransferId: entry.correctsTransferId }),
  };
};

/**
 * Statements for the selected accounts over one period, in one pass over the log: opening balance,
 * every transfer with the balance after it, closing balance. `always` lists accounts that get a
 * statement even when nothing ever moved them.
 */
export const createStatementsFold = (
  period: Period,
  select: (statementAccount: string) => boolean,
  always: readonly string[] = [],
) => {
  const fold = createPeriodFold(period, select);
  const lines = new Map<string, StatementLine[]>();
  return {
    push: (entry: LedgerEntry): void => {
      for (const line of fold.push(entry)) {
        const list = lines.get(line.statementAccount) ?? [];
        list.push(toStatementLine(line));
        lines.set(line.statementAccount, list);
      }
    },
    finish: (): { readonly statements: readonly Statement[]; readonly figures: PeriodFigures } => {
      const figures = fold.finish();
      const accounts = new Set([
        ...always,
        ...figures.opening.keys(),
        ...figures.closing.keys(),
        ...lines.keys(),
      ]);
      const statements = [...accounts].sort().map((account): Statement => {
        const accountLines = (lines.get(account) ?? []).map((line) => {
          const correctedBy = figures.corrections.get(line.transferId);
          return correctedBy === undefined ? line : { ...line, correctedBy };
        });
        let credits = ZERO;
        let debits = ZERO;
        for (const line of accountLines) {
          if (line.amount > ZERO) credits += line.amount;
          else debits += line.amount;
        }
        return {
          account,
          opening: figures.opening.get(account) ?? ZERO,
          credits,
          debits,
          closing: figures.closing.get(account) ?? ZERO,
          lines: accountLines,
        };
      });
      return { statements, figures };
    },
  };
};
