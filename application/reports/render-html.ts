import { TransferCause } from '../../domain/ledger/accounts';
import { formatMoney, MICROS_PER_UNIT, Money, ZERO } from '../../domain/money';
import { Movement } from '../../projections/ledger/reconciliation';
import { escapeHtml } from './html-escape';
import { CAUSE_ORDER } from './reconciliation';
import { Report, ReconciliationReport, StatementReport } from './report-types';
import { Bucket, divergingStackedColumns, horizontalBarChart } from './svg-charts';
import { plural } from '../../domain/plural';

const CAUSE_COLOURS: Readonly<Record<TransferCause, string>> = {
  'card-redemption': '#4f81bd',
  'admin-adjustment': '#9bbb59',
  'balance-set': '#8064a2',
  'group-adjustment': '#4bacc6',
  'group-balance-set': '#2c7c8c',
  'group-top-up': '#f79646',
  'quota-allocation': '#e0b400',
  'print-charge': '#c0504d',
  'opening-balance': '#7f7f7f',
  import: '#a5a5a5',
  correction: '#000000',
};

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
@media print { details { display: block; } }
`;

const money = (amount: Money): string => `<td class="money">${escapeHtml(formatMoney(amount))}</td>`;
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

const movementsChart = (report: ReconciliationReport): string => {
  const buckets: Bucket[] = bucketDays(report.days).map(({ label, byCause }) => ({
    label,
    values: new Map(
      [...byCause.entries()].map(([cause, movement]) => [
        cause,
        { credits: units(movement.credits), debits: units(movement.debits) },
      ]),
    ),
  }));
  return divergingStackedColumns({
    id: 'chart-movements',
    title: 'Movements by cause over the period',
    series: report.causes.map((cause) => ({ name: cause, color: CAUSE_COLOURS[cause] })),
    buckets,
    emptyNote: 'No money moved in this period.',
  });
};

const printerChart = (report: ReconciliationReport): string =>
  horizontalBarChart({
    id: 'chart-printer-revenue',
    title: 'Print revenue by printer',
    bars: [...report.printRevenue]
      .sort((a, b) => (b.revenue > a.revenue ? 1 : b.revenue < a.revenue ? -1 : 0))
      .map((printer) => ({
        label: printer.printer,
        value: units(printer.revenue),
        text: formatMoney(printer.revenue),
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

const causesTable = (report: ReconciliationReport): string =>
  report.causes.length === 0
    ? '<p class="note">No money moved through user or shared accounts in this period.</p>'
    : `<table id="causes"><thead><tr><th>Cause</th><th>Transfers</th><th>Credits</th><th>Debits</th><th>Net</th></tr></thead><tbody>${report.causes
        .map((cause) => {
          const movement = report.customerMovements.get(cause) as Movement;
          return `<tr>${cell(cause)}${cell(movement.count)}${money(movement.credits)}${money(movement.debits)}${money(movement.credits + movement.debits)}</tr>`;
        })
        .join('')}</tbody></table>`;

const accountsTable = (report: ReconciliationReport): string =>
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
    .join('')}</tbody></table>`;

export const reconciliationHtml = (report: ReconciliationReport): string =>
  page(
    report.title,
    `<h1>${escapeHtml(report.title)}</h1>${periodLines(report)}
<p class="verdict ${report.ok ? 'ok' : 'fail'}">${report.ok ? 'Every tie-out check passed.' : 'Some tie-out checks FAILED: do not sign this report off.'}</p>
<h2>Tie-out checks</h2>${checksTable(report)}
<h2>Print revenue by printer</h2>${printerChart(report)}
<h2>Movements by cause over the period</h2><p class="meta">Credits to user and shared accounts above the line, debits below, per ${bucketUnit(report.days)}${bucketUnit(report.days) === 'week' ? ' (labelled by its Monday)' : ''}, in currency units.</p>${movementsChart(report)}
<h2>Totals by cause (user and shared accounts)</h2>${causesTable(report)}
<h2>Accounts</h2>${accountsTable(report)}`,
  );

export const statementHtml = (report: StatementReport): string =>
  page(
    report.title,
    `<h1>${escapeHtml(report.title)}</h1>
<p class="meta">Account: ${escapeHtml(report.account.name)} (${escapeHtml(report.account.key)}${report.account.deleted ? ', deleted' : ''})</p>${periodLines(report)}
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
<tr><td colspan="9">Closing balance</td>${money(report.closing)}<td></td></tr>
</tbody></table>`,
  );

export const reportHtml = (report: Report): string =>
  report.kind === 'statement' ? statementHtml(report) : reconciliationHtml(report);
