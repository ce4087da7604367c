import { formatMoney } from '../../domain/money';
import { StatementReport } from '../../application/reports/report-types';
import { formatTable } from './output';

/** Free text on one line, so a comment with a tab or a newline cannot break the columns. */
const oneLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f]+/g, ' ');

const correctionNote = (line: StatementReport['lines'][number]): string =>
  [
    line.correctsTransferId === undefined ? '' : `corrects ${line.correctsTransferId}`,
    line.correctedBy === undefined ? '' : `corrected by ${line.correctedBy}`,
  ]
    .filter((note) => note !== '')
    .join(', ');

/**
 * `folio history --format text`: the statement as aligned columns for a terminal, the rows of the CSV
 * (opening, every transfer, closing) with fewer columns; CSV and JSON carry every field.
 */
export const statementText = (report: StatementReport): string =>
  formatTable(
    [
      'record',
      'time',
      'position',
      'transfer',
      'cause',
      'actor',
      'account',
      'counter-account',
      'amount',
      'balance',
      'correction',
      'comment',
    ],
    [
      ['opening', report.period.from, '', '', '', '', '', '', '', formatMoney(report.opening), '', ''],
      ...report.lines.map((line) => [
        'transfer',
        line.recordedAt,
        String(line.position),
        line.transferId,
        line.cause,
        oneLine(line.actor),
        oneLine(line.personalAccount),
        oneLine(line.counterAccountName),
        formatMoney(line.amount),
        formatMoney(line.balanceAfter),
        correctionNote(line),
        oneLine(line.comment),
      ]),
      ['closing', report.period.to, '', '', '', '', '', '', '', formatMoney(report.closing), '', ''],
    ],
  );
