import { formatMoney, ZERO } from '../../domain/money';
import { ReportCheckpoint } from '../audit/report-checkpoint';
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

/**
 * The signed checkpoint in one cell, as `folio checkpoint` names it: a CSV has no place for a header
 * of its own, and a spreadsheet must not add it to any column of figures.
 */
const checkpointText = (checkpoint: ReportCheckpoint): string =>
  `size=${checkpoint.size} root=${checkpoint.root} last_position=${checkpoint.lastPosition} key=${checkpoint.keyId} signature=${checkpoint.signature} covers_report=${String(checkpoint.coversReport)}`;

/**
 * One row per transfer, framed by an `opening` and a `closing` row, so a spreadsheet can re-add it;
 * then a `checkpoint` row (time, position, the checkpoint in `comment`) when one is kept.
 */
export const statementCsv = (report: StatementReport): string => {
  type Column = (typeof STATEMENT_COLUMNS)[number];
  const sparse = (cells: Partial<Record<Column, string | number>>) =>
    STATEMENT_COLUMNS.map((column) => cells[column] ?? '');
  const { checkpoint } = report;
  const rows = [
    sparse({ record: 'opening', time: report.period.from, balance_after: formatMoney(report.opening) }),
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
    sparse({ record: 'closing', time: report.period.to, balance_after: formatMoney(report.closing) }),
    ...(checkpoint == null
      ? []
      : [
          sparse({
            record: 'checkpoint',
            time: checkpoint.time,
            position: checkpoint.lastPosition,
            comment: checkpointText(checkpoint),
          }),
        ]),
  ];
  return toCsv(STATEMENT_COLUMNS, rows, new Set(['comment', 'actor', 'method', 'counter_account']));
};

/**
 * One row per account (users, shared accounts, system accounts), credits and debits per cause in
 * columns; then a row of kind `checkpoint` (the checkpoint in `name`, every figure empty) when one was signed.
 */
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
  const { checkpoint } = report;
  const checkpointRow =
    checkpoint == null
      ? []
      : [
          header.map((column) =>
            column === 'kind' ? 'checkpoint' : column === 'name' ? checkpointText(checkpoint) : '',
          ),
        ];
  return toCsv(header, [...rows, ...checkpointRow], new Set(['name']));
};
