import { TransferCause } from '../../domain/ledger/accounts';
import { ZERO } from '../../domain/money';
import { describeBound } from '../../projections/ledger/bounds';
import { Period } from '../../projections/ledger/period-fold';
import {
  accountTiesOut,
  createReconciliationFold,
  Movement,
  ReconciliationFigures,
  tieOutChecks,
} from '../../projections/ledger/reconciliation';
import { LedgerSource } from './ledger-source';
import { ReconciliationReport } from './report-types';

const PRINT_REVENUE_PREFIX = 'system:print-revenue:';

/** The order causes are listed in; a Record, so a new cause cannot be forgotten here. */
const CAUSE_RANK: Readonly<Record<TransferCause, number>> = {
  'card-redemption': 0,
  'admin-adjustment': 1,
  'balance-set': 2,
  'group-adjustment': 3,
  'group-balance-set': 4,
  'group-top-up': 5,
  'quota-allocation': 6,
  'print-charge': 7,
  'opening-balance': 8,
  import: 9,
  correction: 10,
};

export const CAUSE_ORDER: readonly TransferCause[] = (Object.keys(CAUSE_RANK) as TransferCause[]).sort(
  (a, b) => CAUSE_RANK[a] - CAUSE_RANK[b],
);

const KIND_ORDER = { user: 0, shared: 1, system: 2 } as const;

export interface ReconciliationRequest {
  readonly period: Period;
  readonly title?: string;
  readonly now: Date;
}

/** The figures from every entry from the log's first (a source without the postings index). */
const foldEveryEntry = async (source: LedgerSource, period: Period): Promise<ReconciliationFigures> => {
  const fold = createReconciliationFold(period);
  await source.forEachEntry((entry) => {
    fold.push(entry);
    return !fold.ended();
  });
  return fold.finish();
};

/**
 * The reconciliation of a period: every account's opening balance, credits and debits by cause, and
 * closing balance, with the tie-out checks that prove the figures (each account ties out, all
 * accounts sum to zero at both ends, every recorded balance follows from the amounts).
 */
export const buildReconciliation = async (
  source: LedgerSource,
  request: ReconciliationRequest,
): Promise<ReconciliationReport> => {
  const figures =
    source.reconciliationFigures === undefined
      ? await foldEveryEntry(source, request.period)
      : await source.reconciliationFigures(request.period);
  const directory = await source.directory();
  const accounts = figures.accounts
    .map((account) => {
      const description = directory.describe(account.account);
      return {
        ...account,
        name: description.name,
        deleted: description.deleted,
        tiesOut: accountTiesOut(account),
      };
    })
    .sort(
      (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );

  const customerMovements = new Map<TransferCause, Movement>();
  for (const account of accounts) {
    if (account.kind === 'system') continue;
    for (const [cause, movement] of account.byCause) {
      const total = customerMovements.get(cause) ?? { credits: ZERO, debits: ZERO, count: 0 };
      total.credits += movement.credits;
      total.debits += movement.debits;
      total.count += movement.count;
      customerMovements.set(cause, total);
    }
  }
  const printRevenue = accounts
    .filter((account) => account.account.startsWith(PRINT_REVENUE_PREFIX))
    .map((account) => ({
      account: account.account,
      printer:
        directory.describe(account.account).printer ?? account.account.slice(PRINT_REVENUE_PREFIX.length),
      revenue: account.credits + account.debits,
    }));
  const checks = tieOutChecks(figures);
  return {
    kind: 'reconciliation',
    title: request.title ?? 'Reconciliation',
    generatedAt: request.now.toISOString(),
    period: {
      from: describeBound(request.period.from),
      to: describeBound(request.period.to),
      firstPosition: figures.period.firstPosition,
      lastPosition: figures.period.lastPosition,
      transfers: figures.period.transfersInPeriod,
    },
    accounts,
    causes: CAUSE_ORDER.filter((cause) => customerMovements.has(cause)),
    customerMovements,
    printRevenue,
    days: [...figures.days.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([day, byCause]) => ({ day, byCause })),
    checks,
    ok: checks.every((check) => check.ok),
  };
};
