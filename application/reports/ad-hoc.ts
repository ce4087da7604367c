import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { END, LogBound, parseBound, START } from '../../projections/ledger/bounds';
import { Period } from '../../projections/ledger/period-fold';

/** The report types that make sense for a ledger, by the names generateAdHocReport accepts. */
export type AdHocReportType =
  'user-statement' | 'shared-account-statement' | 'account-statement' | 'reconciliation';

const TYPE_NAMES: Readonly<Record<string, AdHocReportType>> = {
  'user-statement': 'user-statement',
  'user-transactions': 'user-statement',
  'user-transaction-history': 'user-statement',
  'shared-account-statement': 'shared-account-statement',
  'shared-account-transactions': 'shared-account-statement',
  'account-statement': 'account-statement',
  'account-transactions': 'account-statement',
  reconciliation: 'reconciliation',
  'reconciliation-summary': 'reconciliation',
};

export const AD_HOC_REPORT_TYPES = Object.keys(TYPE_NAMES);

export interface AdHocRequest {
  readonly type: AdHocReportType;
  readonly period: Period;
  /** For statements: the account as typed (prefixed `user:`/`shared:` by the report type). */
  readonly account: string;
}

const invalid = (field: string, value: string, expected: string): DomainError => ({
  code: 'InvalidValue',
  field,
  value,
  expected,
});

/** `name=value` pairs separated by commas, semicolons, ampersands or new lines. */
export const parseDataParams = (text: string): Either<DomainError, ReadonlyMap<string, string>> => {
  const params = new Map<string, string>();
  for (const part of text.split(/[,;&\n]/)) {
    if (part.trim() === '') continue;
    const equals = part.indexOf('=');
    if (equals <= 0)
      return left(invalid('dataParams', text, 'name=value pairs such as user=alice,from=2024-01-01'));
    params.set(part.slice(0, equals).trim().toLowerCase(), part.slice(equals + 1).trim());
  }
  return right(params);
};

const bound = (params: ReadonlyMap<string, string>, name: string, otherwise: LogBound) => {
  const text = params.get(name);
  if (text === undefined || text === '') return right(otherwise);
  const parsed = parseBound(text);
  return isLeft(parsed) ? left(invalid(`dataParams ${name}`, text, parsed.left)) : parsed;
};

export const parseAdHocRequest = (
  reportType: string,
  dataParams: string,
): Either<DomainError, AdHocRequest> => {
  const type = TYPE_NAMES[reportType.trim().toLowerCase().replace(/_/g, '-')];
  if (type === undefined) return left(invalid('reportType', reportType, AD_HOC_REPORT_TYPES.join(', ')));
  const params = parseDataParams(dataParams);
  if (isLeft(params)) return params;
  const from = bound(params.right, 'from', START);
  if (isLeft(from)) return from;
  const to = bound(params.right, 'to', END);
  if (isLeft(to)) return to;
  const named =
    params.right.get(type === 'user-statement' ? 'user' : 'account') ?? params.right.get('account') ?? '';
  if (type !== 'reconciliation' && named === '')
    return left(invalid('dataParams', dataParams, `${type === 'user-statement' ? 'user' : 'account'}=NAME`));
  const account =
    type === 'user-statement'
      ? `user:${named}`
      : type === 'shared-account-statement'
        ? `shared:${named}`
        : named;
  return right({ type, period: { from: from.right, to: to.right }, account });
};
