import { TransferCause } from '../../domain/ledger/accounts';
import { formatMoney } from '../../domain/money';
import { Movement } from '../../projections/ledger/reconciliation';
import { CAUSE_ORDER } from './reconciliation';
import { Report, ReconciliationReport, StatementReport } from './report-types';

/** Amounts are exact decimal strings ("12.50", "-0.015"): JSON numbers would pass through a double. */
const movements = (byCause: ReadonlyMap<TransferCause, Movement>) =>
  Object.fromEntries(
    CAUSE_ORDER.filter((cause) => byCause.has(cause)).map((cause) => {
      const movement = byCause.get(cause) as Movement;
      return [
        cause,
        {
          credits: formatMoney(movement.credits),
          debits: formatMoney(movement.debits),
          count: movement.count,
        },
      ];
    }),
  );

export const statementJson = (report: StatementReport) => ({
  kind: report.kind,
  title: report.title,
  generatedAt: report.generatedAt,
  account: report.account,
  period: report.period,
  opening: formatMoney(report.opening),
  credits: formatMoney(report.credits),
  debits: formatMoney(report.debits),
  closing: formatMoney(report.closing),
  tiesOut: report.tiesOut,
  checkpoint: report.checkpoint ?? null,
  lines: report.lines.map((line) => ({
    time: line.recordedAt,
    position: line.position,
    transferId: line.transferId,
    eventId: line.eventId,
    cause: line.cause,
    method: line.method,
    actor: line.actor,
    comment: line.comment,
    personalAccount: line.personalAccount,
    counterAccount: line.counterAccount,
    counterAccountName: line.counterAccountName,
    amount: formatMoney(line.amount),
    balanceAfter: formatMoney(line.balanceAfter),
    ...(line.operationId === undefined ? {} : { operationId: line.operationId }),
    ...(line.correctsTransferId === undefined ? {} : { correctsTransferId: line.correctsTransferId }),
    ...(line.correctedBy === undefined ? {} : { correctedBy: line.correctedBy }),
  })),
});

export const reconciliationJson = (report: ReconciliationReport) => ({
  kind: report.kind,
  title: report.title,
  generatedAt: report.generatedAt,
  period: report.period,
  ok: report.ok,
  checkpoint: report.checkpoint ?? null,
  checks: report.checks,
  customerMovements: movements(report.customerMovements),
  printRevenue: report.printRevenue.map((printer) => ({ ...printer, revenue: formatMoney(printer.revenue) })),
  accounts: report.accounts.map((account) => ({
    account: account.account,
    kind: account.kind,
    name: account.name,
    deleted: account.deleted,
    opening: formatMoney(account.opening),
    credits: formatMoney(account.credits),
    debits: formatMoney(account.debits),
    closing: formatMoney(account.closing),
    transfers: account.transfers,
    tiesOut: account.tiesOut,
    byCause: movements(account.byCause),
  })),
  days: report.days.map((day) => ({ day: day.day, byCause: movements(day.byCause) })),
});

export const reportJson = (report: Report): string =>
  `${JSON.stringify(report.kind === 'statement' ? statementJson(report) : reconciliationJson(report), null, 2)}\n`;
