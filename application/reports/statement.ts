import { Either, isLeft, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { describeBound } from '../../projections/ledger/bounds';
import { Period } from '../../projections/ledger/period-fold';
import { createStatementsFold, statementTiesOut } from '../../projections/ledger/statements';
import { LedgerSource } from './ledger-source';
import { StatementReport } from './report-types';

export interface StatementRequest {
  /** As typed: a username, a shared account's full name, `system:…`; see AccountDirectory.resolve. */
  readonly account: string;
  readonly period: Period;
  readonly title?: string;
  readonly now: Date;
}

/**
 * An account's statement for a period: opening balance, every transfer (time, cause, method, actor,
 * comment, counter-account, amount, balance after) and closing balance. Corrections show the transfer
 * they reverse, and corrected transfers the correction that reverses them.
 */
export const buildStatement = async (
  source: LedgerSource,
  request: StatementRequest,
): Promise<Either<DomainError, StatementReport>> => {
  const directory = await source.directory();
  const account = directory.resolve(request.account);
  if (isLeft(account)) return account;
  const key = account.right.key;
  const fold = createStatementsFold(request.period, (candidate) => candidate === key, [key]);
  if (source.forEachEntryOf === undefined) await source.forEachEntry(fold.push);
  else await source.forEachEntryOf(key, fold.push);
  const { statements } = fold.finish();
  const statement = statements.find((candidate) => candidate.account === key);
  if (statement === undefined) throw new Error(`no statement for ${key}`);
  return right({
    kind: 'statement',
    title: request.title ?? `Statement of ${account.right.name}`,
    generatedAt: request.now.toISOString(),
    account: account.right,
    period: {
      from: describeBound(request.period.from),
      to: describeBound(request.period.to),
      firstPosition: statement.lines[0]?.position ?? 0,
      lastPosition: statement.lines[statement.lines.length - 1]?.position ?? 0,
      transfers: statement.lines.length,
    },
    opening: statement.opening,
    credits: statement.credits,
    debits: statement.debits,
    closing: statement.closing,
    lines: statement.lines.map((line) => ({
      ...line,
      personalAccount:
        account.right.kind === 'user' && line.account.includes('/')
          ? line.account.slice(line.account.indexOf('/') + 1)
          : '',
      counterAccountName: directory.describe(line.counterAccount).name,
    })),
    tiesOut: statementTiesOut(statement),
  });
};
