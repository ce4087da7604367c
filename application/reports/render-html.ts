import { ReportCheckpoint } from '../audit/report-checkpoint';
import { TransferCause } from '../../domain/ledger/accounts';
import { MICROS_PER_UNIT, Money, ZERO } from '../../domain/money';
import { Movement } from '../../projections/ledger/reconciliation';
import { plural } from '../../domain/plural';
import { escapeHtml } from './html-escape';
import { CAUSE_ORDER } from './reconciliation';
import { ReconciledAccount, Report, ReconciliationReport, StatementReport } from './report-types';
import { Decimals, decimalsFor, moneyText } from './money-text';
import { Bucket, creditDebitColumns, horizontalBarChart } from './svg-charts';

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
.meta { color: #555; margin: 0.2rem 0; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.money { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.fail td, td.fail { background: #fde2e2; }
td.ok { color: #1b6e20; } td.fail { color: #a40000; font-weight: bold; }
.verdict { font-weight: bold; padding: 0.4rem 0.8rem; display: inline-block; }
.verdict.ok { background: #e3f4e4; color: #1b6e20; } .verdict.fail { background: #fde2e2; color: #a40000; }
.note { color: #666; font-style: italic; }
details summary { cursor: pointer; }
tr.total td { font-weight: bold; border-top: 2px solid #333; background: #fafafa; }
.tie { font-weight: bold; padding: 0.3rem 0.6rem; display: inline-block; }
.tie.ok { background: #e3f4e4; color: #1b6e20; } .tie.fail { background: #fde2e2; color: #a40000; }
@media print { details { display: block; } }
`;

type MoneyCell = (amount: Money) => string;
const moneyCell =
  (decimals: Decimals): MoneyCell =>
  (amount) =>
    `<td class="money">${escapeHtml(moneyText(amount, decimals))}</td>`;
const sum = (amounts: Iterable<Money>): Money => {
  let total = ZERO;
  for (const amount of amounts) total += amount;
  return total;
};

/** Says how amounts are shown, and flags a report whose amounts are not all whole cents. */
const decimalsNote = (decimals: Decimals): string =>
  decimals === 2
    ? '<p class="meta decimals">Amounts in currency units, 2 decimals (every amount in this report is a whole cent).</p>'
    : '<p class="meta decimals fail">Amounts in currency units with 6 decimals: some amount in this report is not a whole cent, so every amount is shown exactly.</p>';

/** The signed checkpoint a report was computed at, when its data carries one. */
const checkpointLine = (checkpoint: ReportCheckpoint | null | undefined): string =>
  checkpoint === undefined || checkpoint === null
    ? ''
    : `<p class="meta checkpoint">Computed at the signed log checkpoint: ${escapeHtml(String(checkpoint.size))} events, root hash <code>${escapeHtml(checkpoint.root)}</code>, signed ${escapeHtml(checkpoint.time)} by key ${escapeHtml(checkpoint.keyId)}${checkpoint.coversReport ? '' : ' (older than this report: it does not cover every event read)'}.</p>`;

const cell = (text: string | number): string => `<td>${escapeHtml(String(text))}</td>`;
const units = (amount: Money): number => Number(amount) / Number(MICROS_PER_UNIT);

const page = (title: string, body: string): string =>
  `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;

const periodLines = (report: Report): string =>
  `<p class="meta">Period: from ${escapeHtml(report.period.from)} to ${escapeHtml(report.period.to)}` +
  (report.period.transfers > 0
    ? ` — ${report.period.transfers} transfers, log positions ${report.period.firstPosition} to ${report.period.lastPosition}`
    : ' — no transfers') +
  `</p><p class="meta">Generated ${escapeHtml(report.generatedAt)} by Folio from the event log.</p>`;

export type BucketUnit = 'day' | 'week' | 'month';

export const bucketUnit = (days: ReconciliationReport['days']): BucketUnit => {
  const first = days[0]?.day;
  const last = days[days.length - 1]?.day;
  const spanDays =
    first === undefined || last === undefined ? 0 : (Date.parse(last) - Date.parse(first)) / 86_400_000;
  return spanDays <= 45 ? 'day' : spanDays <= 200 ? 'week' : 'month';
};

/** Days grouped into at most a few dozen columns: by day, ISO week (from its Monday) or month, by the span. */
export const bucketDays = (
  days: ReconciliationReport['days'],
): readonly { label: string; byCause: Map<TransferCause, Movement> }[] => {
  const unit = bucketUnit(days);
  const labelOf = (day: string): string => {
    if (unit === 'day') return day;
    if (unit === 'week') {
      const date = new Date(`${day}T00:00:00Z`);
      const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000);
      return monday.toISOString().slice(0, 10);
    }
    return day.slice(0, 7);
  };
  const buckets = new Map<string, Map<TransferCause, Movement>>();
  for (const { day, byCause } of days) {
    const label = labelOf(day);
    const bucket = buckets.get(label) ?? new Map<TransferCause, Movement>();
    buckets.set(label, bucket);
    for (const [cause, movement] of byCause) {
      const total = bucket.get(cause) ?? { credits: ZERO, debits: ZERO, count: 0 };
      total.credits += movement.credits;
      total.debits += movement.debits;
      total.count += movement.count;
      bucket.set(cause, total);
    }
  }
  return [...buckets.entries()].map(([label, byCause]) => ({ label, byCause }));
};

const movementsChart = (report: ReconciliationReport, decimals: Decimals): string => {
  const buckets: Bucket[] = bucketDays(report.days).map(({ label, byCause }) => {
    const credits = sum([...byCause.values()].map((movement) => movement.credits));
    const debits = sum([...byCause.values()].map((movement) => movement.debits));
    return {
      label,
      credits: units(credits),
      debits: units(debits),
      tip: `${label}: credits ${moneyText(credits, decimals)}, debits ${moneyText(debits, decimals)}`,
    };
  });
  return creditDebitColumns({
    id: 'chart-movements',
    title: 'Credits and debits over the period',
    buckets,
    unitLabel: 'Amount (currency units)',
    emptyNote: 'No money moved in this period.',
  });
};

const printerChart = (report: ReconciliationReport, decimals: Decimals): string =>
  horizontalBarChart({
    id: 'chart-printer-revenue',
    title: 'Print revenue by printer',
    bars: [...report.printRevenue]
      .sort((a, b) => (b.revenue > a.revenue ? 1 : b.revenue < a.revenue ? -1 : 0))
      .map((printer) => ({
        label: printer.printer,
        value: units(printer.revenue),
        text: moneyText(printer.revenue, decimals),
      })),
    emptyNote: 'No print revenue in this period: no transfer was booked to a print-revenue account.',
  });

const checksTable = (report: ReconciliationReport): string =>
  `<table id="checks"><thead><tr><th>Check</th><th>Result</th><th>Detail</th></tr></thead><tbody>${report.checks
    .map(
      (check) =>
        `<tr>${cell(check.name)}<td class="${check.ok ? 'ok' : 'fail'}">${check.ok ? 'passed' : 'FAILED'}</td>${cell(check.detail)}</tr>`,
    )
    .join('')}</tbody></table>`;

/**
 * Revenue by printer against what customers were charged for printing. A printer's revenue is its
 * account's whole movement, which also holds corrections of print charges; so the tie compares the
 * print-charge part of that revenue with the customers' print-charge debits (net of print-charge
 * credits), and shows the rest (corrections) as the difference between the two sides.
 */
const printTie = (report: ReconciliationReport, decimals: Decimals): string => {
  const text = (amount: Money): string => escapeHtml(moneyText(amount, decimals));
  const printerAccounts = new Set(report.printRevenue.map((printer) => printer.account));
  const revenue = sum(report.printRevenue.map((printer) => printer.revenue));
  const fromCharges = sum(
    report.accounts
      .filter((account) => printerAccounts.has(account.account))
      .map((account) => {
        const movement = account.byCause.get('print-charge');
        return movement === undefined ? ZERO : movement.credits + movement.debits;
      }),
  );
  const customers = report.customerMovements.get('print-charge');
  const charged = customers === undefined ? ZERO : -(customers.credits + customers.debits);
  const ties = fromCharges === charged;
  const other = revenue - fromCharges;
  return (
    `<p id="print-tie" class="tie ${ties ? 'ok' : 'fail'}">Revenue by printer from print charges: ${text(fromCharges)} ${ties ? '=' : '≠'} print-charge debits: ${text(charged)} ${ties ? '✓' : '✗ MISMATCH'}</p>` +
    `<p class="meta">Revenue by printer in all: ${text(revenue)} = print charges ${text(fromCharges)} + corrections and other causes ${text(other)}.</p>`
  );
};

const printerTable = (report: ReconciliationReport, money: MoneyCell): string =>
  report.printRevenue.length === 0
    ? ''
    : `<table id="printers"><thead><tr><th>Printer</th><th>Account</th><th>Revenue</th></tr></thead><tbody>${report.printRevenue
        .map(
          (printer) => `<tr>${cell(printer.printer)}${cell(printer.account)}${money(printer.revenue)}</tr>`,
        )
        .join(
          '',
        )}<tr class="total">${cell('Total')}${cell(`${report.printRevenue.length} printers`)}${money(sum(report.printRevenue.map((printer) => printer.revenue)))}</tr></tbody></table>`;

const causesTable = (report: ReconciliationReport, money: MoneyCell): string => {
  if (report.causes.length === 0)
    return '<p class="note">No money moved through user or shared accounts in this period.</p>';
  const movements = report.causes.map((cause) => report.customerMovements.get(cause) as Movement);
  const credits = sum(movements.map((movement) => movement.credits));
  const debits = sum(movements.map((movement) => movement.debits));
  const count = movements.reduce((total, movement) => total + movement.count, 0);
  return `<table id="causes"><thead><tr><th>Cause</th><th>Transfers</th><th>Credits</th><th>Debits</th><th>Net</th></tr></thead><tbody>${report.causes
    .map((cause, index) => {
      const movement = movements[index] as Movement;
      return `<tr>${cell(cause)}${cell(movement.count)}${money(movement.credits)}${money(movement.debits)}${money(movement.credits + movement.debits)}</tr>`;
    })
    .join(
      '',
    )}<tr class="total">${cell('Total')}${cell(count)}${money(credits)}${money(debits)}${money(credits + debits)}</tr></tbody></table>`;
};

const accountsTable = (report: ReconciliationReport, money: MoneyCell): string => {
  const total = (pick: (account: ReconciledAccount) => Money): string =>
    money(sum(report.accounts.map(pick)));
  const failing = report.accounts.filter((account) => !account.tiesOut).length;
  return (
    `<table id="accounts"><thead><tr><th>Account</th><th>Kind</th><th>Opening</th><th>Credits</th><th>Debits</th><th>Closing</th><th>Ties out</th><th>By cause</th></tr></thead><tbody>${report.accounts
      .map((account) => {
        const causes = CAUSE_ORDER.filter((cause) => account.byCause.has(cause))
          .map((cause) => {
            const movement = account.byCause.get(cause) as Movement;
            return `<tr>${cell(cause)}${money(movement.credits)}${money(movement.debits)}</tr>`;
          })
          .join('');
        return (
          `<tr class="${account.tiesOut ? '' : 'fail'}">${cell(account.name + (account.deleted ? ' (deleted)' : ''))}${cell(account.kind)}` +
          `${money(account.opening)}${money(account.credits)}${money(account.debits)}${money(account.closing)}` +
          `<td class="${account.tiesOut ? 'ok' : 'fail'}">${account.tiesOut ? 'yes' : 'NO'}</td>` +
          `<td>${causes === '' ? '' : `<details><summary>${plural(account.byCause.size, 'cause')}</summary><table>${causes}</table></details>`}</td></tr>`
        );
      })
      .join(
        '',
      )}<tr class="total">${cell(`Total (${report.accounts.length} accounts)`)}${cell('')}${total((account) => account.opening)}${total((account) => account.credits)}${total((account) => account.debits)}${total((account) => account.closing)}` +
    `<td class="${failing === 0 ? 'ok' : 'fail'}">${failing === 0 ? 'all' : `${failing} do NOT`}</td>${cell('')}</tr></tbody></table>`
  );
};

/** Every amount the reconciliation page prints, to choose its decimals. */
const reconciliationAmounts = (report: ReconciliationReport): Money[] => [
  ...report.accounts.flatMap((account) => [
    account.opening,
    account.credits,
    account.debits,
    account.closing,
    ...[...account.byCause.values()].flatMap((movement) => [movement.credits, movement.debits]),
  ]),
  ...[...report.customerMovements.values()].flatMap((movement) => [movement.credits, movement.debits]),
  ...report.printRevenue.map((printer) => printer.revenue),
  ...report.days.flatMap(({ byCause }) =>
    [...byCause.values()].flatMap((movement) => [movement.credits, movement.debits]),
  ),
];

export const reconciliationHtml = (report: ReconciliationReport): string => {
  const decimals = decimalsFor(reconciliationAmounts(report));
  const money = moneyCell(decimals);
  return page(
    report.title,
    `<h1>${escapeHtml(report.title)}</h1>${periodLines(report)}${checkpointLine(report.checkpoint)}${decimalsNote(decimals)}
<p class="verdict ${report.ok ? 'ok' : 'fail'}">${report.ok ? 'Every tie-out check passed.' : 'Some tie-out checks FAILED: do not sign this report off.'}</p>
<h2>Tie-out checks</h2>${checksTable(report)}
<h2>Print revenue by printer</h2>${printTie(report, decimals)}${printerChart(report, decimals)}${printerTable(report, money)}
<h2>Credits and debits over the period</h2><p class="meta">Credits to user and shared accounts above the zero line, debits below, per ${bucketUnit(report.days)}${bucketUnit(report.days) === 'week' ? ' (labelled by its Monday)' : ''}, in currency units.</p>${movementsChart(report, decimals)}
<h2>Totals by cause (user and shared accounts)</h2>${causesTable(report, money)}
<h2>Accounts</h2>${accountsTable(report, money)}`,
  );
};

export const statementHtml = (report: StatementReport): string => {
  const decimals = decimalsFor([
    report.opening,
    report.closing,
    ...report.lines.flatMap((line) => [line.amount, line.balanceAfter]),
  ]);
  const money = moneyCell(decimals);
  return page(
    report.title,
    `<h1>${escapeHtml(report.title)}</h1>
<p class="meta">Account: ${escapeHtml(report.account.name)} (${escapeHtml(report.account.key)}${report.account.deleted ? ', deleted' : ''})</p>${periodLines(report)}${checkpointLine(report.checkpoint)}${decimalsNote(decimals)}
<p class="verdict ${report.tiesOut ? 'ok' : 'fail'}">${report.tiesOut ? 'Opening balance plus every transfer equals the closing balance.' : 'The statement does NOT tie out.'}</p>
<table id="statement"><thead><tr><th>Time</th><th>Position</th><th>Transfer</th><th>Cause</th><th>Method</th><th>Actor</th><th>Comment</th><th>Counter-account</th><th>Amount</th><th>Balance after</th><th>Correction</th></tr></thead><tbody>
<tr><td colspan="9">Opening balance</td>${money(report.opening)}<td></td></tr>
${report.lines
  .map(
    (line) =>
      `<tr>${cell(line.recordedAt)}${cell(line.position)}${cell(line.transferId)}${cell(line.cause)}${cell(line.method)}${cell(line.actor)}${cell(line.comment)}${cell(line.counterAccountName)}${money(line.amount)}${money(line.balanceAfter)}${cell(
        line.correctsTransferId !== undefined
          ? `corrects ${line.correctsTransferId}`
          : line.correctedBy !== undefined
            ? `corrected by ${line.correctedBy}`
            : '',
      )}</tr>`,
  )
  .join('\n')}
<tr class="total"><td colspan="8">Total of ${report.lines.length} transfers (credits ${escapeHtml(moneyText(report.credits, decimals))}, debits ${escapeHtml(moneyText(report.debits, decimals))})</td>${money(sum(report.lines.map((line) => line.amount)))}<td></td><td></td></tr>
<tr><td colspan="9">Closing balance</td>${money(report.closing)}<td></td></tr>
</tbody></table>`,
  );
};

export const reportHtml = (report: Report): string =>
  report.kind === 'statement' ? statementHtml(report) : reconciliationHtml(report);
