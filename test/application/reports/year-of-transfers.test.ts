import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { forEachLedgerEntry } from '../../../application/audit/log';
import { logSource } from '../../../application/reports/ledger-source';
import { buildReconciliation } from '../../../application/reports/reconciliation';
import { openSqliteEventStore, SqliteEventStore } from '../../../adapters/store/sqlite';
import { formatMoney, Money } from '../../../domain/money';
import { LogBound } from '../../../projections/ledger/bounds';
import {
  createReconciliationFold,
  ReconciliationFigures,
  tieOutChecks,
} from '../../../projections/ledger/reconciliation';
import { createStatementsFold, statementTiesOut } from '../../../projections/ledger/statements';
import { LedgerEntry } from '../../../projections/transactions';
import { DataFolder, tempDataFolder } from '../../support/audit-fixture';
import { SEED } from '../../support/property';
import { appendYearOfTransfers, YearLedgerStats } from '../../support/year-ledger';

const YEAR = 2024;
const TRANSFERS = 100_000;
const month = (index: number): LogBound => ({ kind: 'time', epochMs: Date.UTC(YEAR, index, 1) });
const MONTHS = Array.from({ length: 12 }, (_, index) => ({ from: month(index), to: month(index + 1) }));

/** Wall and CPU time since a mark: on a busy machine the two differ a lot. */
const mark = () => ({ wall: performance.now(), cpu: process.cpuUsage() });
const seconds = (since: ReturnType<typeof mark>): string => {
  const cpu = process.cpuUsage(since.cpu);
  return `${((performance.now() - since.wall) / 1000).toFixed(1)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`;
};
const log = (line: string): void => {
  process.stdout.write(`# ${line}\n`);
};

const readEntries = async (store: SqliteEventStore): Promise<LedgerEntry[]> => {
  const entries: LedgerEntry[] = [];
  await forEachLedgerEntry(store, (entry) => entries.push(entry));
  return entries;
};

const reconcileMonths = (entries: readonly LedgerEntry[]): ReconciliationFigures[] =>
  MONTHS.map((period) => {
    const fold = createReconciliationFold(period);
    for (const entry of entries) {
      fold.push(entry);
      if (fold.ended()) break;
    }
    return fold.finish();
  });

/** Every account's opening and closing per month, for comparing two replays figure by figure. */
const balancesByMonth = (figures: readonly ReconciliationFigures[]) =>
  figures.map((month) =>
    month.accounts.map(
      (account) =>
        `${account.account}:${account.opening}:${account.credits}:${account.debits}:${account.closing}`,
    ),
  );

describe(`a year of ${TRANSFERS} transfers (seed ${SEED})`, () => {
  let folder: DataFolder;
  let store: SqliteEventStore;
  let stats: YearLedgerStats;
  let entries: LedgerEntry[];
  let figures: ReconciliationFigures[];

  before(async () => {
    folder = tempDataFolder('folio-year-');
    store = openSqliteEventStore(folder.eventsPath);
    const started = mark();
    stats = await appendYearOfTransfers(store, {
      seed: SEED,
      transfers: TRANSFERS + 1_000,
      users: 400,
      sharedAccounts: 40,
      printers: 8,
      year: YEAR,
    });
    log(
      `generated ${stats.events} events (${stats.transfers} transfers, ${stats.corrections} corrections) in ${seconds(started)}`,
    );
    log(`events file ${(statSync(folder.eventsPath).size / 1_048_576).toFixed(1)} MiB (+ WAL)`);
    const read = mark();
    entries = await readEntries(store);
    log(`read and decoded the log in ${seconds(read)}`);
    const folded = mark();
    figures = reconcileMonths(entries);
    log(`12 monthly reconciliations in ${seconds(folded)}`);
  });
  after(async () => {
    await store.close();
    folder.remove();
  });

  it('holds at least 100,000 transfers over the year', () => {
    assert.ok(stats.transfers >= TRANSFERS, `${stats.transfers} transfers`);
    assert.equal(entries.length, stats.transfers);
    assert.ok(stats.corrections > 0);
  });

  it('ties out every month: each account, all accounts to zero, every recorded balance', () => {
    let total = 0;
    for (const [index, month] of figures.entries()) {
      for (const check of tieOutChecks(month))
        assert.ok(check.ok, `month ${index + 1}: ${check.name}: ${check.detail}`);
      total += month.period.transfersInPeriod;
      const revenue = month.accounts
        .filter((account) => account.account.startsWith('system:print-revenue:'))
        .reduce((sum, account) => sum + account.credits + account.debits, 0n);
      const cardSales = month.accounts.find((account) => account.account === 'system:card-sales');
      log(
        `${YEAR}-${String(index + 1).padStart(2, '0')}: ${month.period.transfersInPeriod} transfers, positions ${month.period.firstPosition}-${month.period.lastPosition}, ` +
          `${month.accounts.length} accounts, print revenue ${formatMoney(revenue)}, card sales ${formatMoney(-(cardSales?.credits ?? 0n) - (cardSales?.debits ?? 0n))}`,
      );
    }
    assert.equal(total, entries.length, 'every transfer falls in exactly one month');
  });

  it('chains the months: every closing balance is the next month opening', () => {
    for (let index = 0; index + 1 < figures.length; index += 1) {
      const closing = new Map(
        (figures[index]?.accounts ?? []).map((account) => [account.account, account.closing]),
      );
      const next = figures[index + 1]?.accounts ?? [];
      for (const account of next)
        assert.equal(
          account.opening,
          closing.get(account.account) ?? 0n,
          `${account.account} month ${index + 2}`,
        );
      for (const [account, balance] of closing)
        assert.equal(
          next.find((candidate) => candidate.account === account)?.opening ?? 0n,
          balance,
          `${account} month ${index + 2}`,
        );
    }
  });

  it("ties out every account's statement for every month, and agrees with the reconciliation", () => {
    const started = mark();
    let statements = 0;
    for (const [index, period] of MONTHS.entries()) {
      const fold = createStatementsFold(period, () => true);
      for (const entry of entries) fold.push(entry);
      const reconciled = new Map(
        (figures[index]?.accounts ?? []).map((account) => [account.account, account]),
      );
      for (const statement of fold.finish().statements) {
        statements += 1;
        assert.ok(statementTiesOut(statement), `${statement.account} month ${index + 1}`);
        const account = reconciled.get(statement.account);
        assert.equal(statement.opening, account?.opening ?? 0n);
        assert.equal(statement.closing, account?.closing ?? 0n);
        assert.equal(
          statement.credits + statement.debits,
          (account?.credits ?? 0n) + (account?.debits ?? 0n),
        );
      }
    }
    log(`${statements} monthly statements tie out (${seconds(started)})`);
  });

  it('gives the same figures from a replay of the log restored from a backup', async () => {
    // Backups come with another issue; SQLite's online backup API stands in for one here.
    const backupPath = join(folder.dir, 'backup.sqlite');
    const started = mark();
    await store.database.backup(backupPath);
    log(`backup ${(statSync(backupPath).size / 1_048_576).toFixed(1)} MiB in ${seconds(started)}`);
    const restored = openSqliteEventStore(backupPath, { readonly: true });
    try {
      const replayed = mark();
      // One replay of the restored log through the report code's own reader (codecs, names and all)…
      const source = logSource(restored);
      const replayedEntries: LedgerEntry[] = [];
      await source.forEachEntry((entry) => {
        replayedEntries.push(entry);
      });
      // …gives every account's figures of every month…
      const replayedFigures = reconcileMonths(replayedEntries);
      assert.deepEqual(balancesByMonth(replayedFigures), balancesByMonth(figures));
      // …and the year's reconciliation as `folio reconcile` builds it.
      const year = await buildReconciliation(
        {
          directory: source.directory,
          forEachEntry: async (visit) => {
            for (const entry of replayedEntries) if (visit(entry) === false) return;
          },
        },
        { period: { from: month(0), to: month(12) }, now: new Date(0) },
      );
      assert.equal(year.ok, true);
      const opening = figures[0]?.accounts ?? [];
      const closing = new Map(
        (figures[11]?.accounts ?? []).map((account) => [account.account, account.closing]),
      );
      for (const account of year.accounts) {
        assert.equal(
          account.opening,
          opening.find((candidate) => candidate.account === account.account)?.opening ?? 0n,
        );
        assert.equal(account.closing, closing.get(account.account) ?? 0n);
      }
      assert.ok(
        year.accounts.some((account) => account.name === 'user7'),
        'accounts carry their names',
      );
      const totalMoved: Money = year.accounts
        .filter((account) => account.kind !== 'system')
        .reduce((sum, account) => sum + account.credits - account.debits, 0n);
      log(
        `replayed the backup: ${year.period.transfers} transfers, ${formatMoney(totalMoved)} moved through customer accounts, same figures (${seconds(replayed)})`,
      );
    } finally {
      await restored.close();
    }
  });
});
