import { formatMoney, ZERO } from '../../domain/money';
import { CAUSE_ORDER } from './reconciliation';
import { ReconciliationReport, StatementReport } from './report-types';
import { toCsv } from './csv';

const STATEMENT_COLUMNS = [
  'record',
  'time',
  'position',
  'transfer_id',
  'cause',
  'method',
  'actor',
  'comment',
  'personal_account',
  'counter_account',
  'amount',
  'balance_after',
  'corrects_transfer_id',
  'corrected_by',
  'operation_id',
] as const;

/** One row per transfer, framed by an `opening` and a `closing` row, so a spreadsheet can re-add it. */
export const statementCsv = (report: StatementReport): string => {
  const blank = (record: string, time: string, balance: string) =>
    STATEMENT_COLUMNS.map((column) =>
      column === 'record' ? record : column === 'time' ? time : column === 'balance_after' ? balance : '',
    );
  const rows = [
    blank('opening', report.period.from, formatMoney(report.opening)),
    ...report.lines.map((line) => [
      'transfer',
      line.recordedAt,
      line.position,
      line.transferId,
      line.cause,
      line.method,
      line.actor,
      line.comment,
      line.personalAccount,
      line.counterAccountName,
      formatMoney(line.amount),
      formatMoney(line.balanceAfter),
      line.correctsTransferId ?? '',
      line.correctedBy ?? '',
      line.operationId ?? '',
    ]),
    blank('closing', report.period.to, formatMoney(report.closing)),
  ];
  return toCsv(STATEMENT_COLUMNS, rows, new Set(['comment', 'actor', 'method', 'counter_account']));
};

/** One row per account (users, shared accounts, system accounts), credits and debits per cause in columns. */
export const reconciliationCsv = (report: ReconciliationReport): string => {
  const header = [
    'account',
    'kind',
    'name',
    'deleted',
    'opening',
    ...CAUSE_ORDER.flatMap((cause) => [`credits:${cause}`, `debits:${cause}`]),
    'credits',
    'debits',
    'closing',
    'transfers',
    'ties_out',
  ];
  const rows = report.accounts.map((account) => [
    account.account,
    account.kind,
    account.name,
    account.deleted ? 'true' : 'false',
    formatMoney(account.opening),
    ...CAUSE_ORDER.flatMap((cause) => {
      const movement = account.byCause.get(cause);
      return [formatMoney(movement?.credits ?? ZERO), formatMoney(movement?.debits ?? ZERO)];
    }),
    formatMoney(account.credits),
    formatMoney(account.debits),
    formatMoney(account.closing),
    account.transfers,
    account.tiesOut ? 'true' : 'false',
  ]);
  return toCsv(header, rows, new Set(['name']));
};
