import { Either, isLeft, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { END, START } from '../../projections/ledger/bounds';
import { LedgerSource } from '../reports/ledger-source';
import { buildStatement } from '../reports/statement';
import { StatementReportLine } from '../reports/report-types';

/**
 * The audit library for other tools: everything `folio verify`, `replay`, `history` and `reconcile`
 * do, as functions over an event store (or a running Folio's read models).
 */
export { stateAsOf } from './as-of';
export { verifyLog } from './verify';
export { logSource, readModelSource } from '../reports/ledger-source';
export { buildStatement } from '../reports/statement';
export { buildReconciliation } from '../reports/reconciliation';
export { parseBound } from '../../projections/ledger/bounds';

/** An account's balance after every transfer it ever took part in, in log order. */
export const balanceHistory = async (
  source: LedgerSource,
  account: string,
): Promise<
  Either<
    DomainError,
    readonly Pick<StatementReportLine, 'position' | 'recordedAt' | 'transferId' | 'amount' | 'balanceAfter'>[]
  >
> => {
  const statement = await buildStatement(source, {
    account,
    period: { from: START, to: END },
    now: new Date(0),
  });
  if (isLeft(statement)) return statement;
  return right(
    statement.right.lines.map(({ position, recordedAt, transferId, amount, balanceAfter }) => ({
      position,
      recordedAt,
      transferId,
      amount,
      balanceAfter,
    })),
  );
};
