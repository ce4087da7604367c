import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { SystemAccount, TransferCause } from '../../../domain/ledger/accounts';
import { LogBound } from '../../../projections/ledger/bounds';
import { Period } from '../../../projections/ledger/period-fold';
import { createReconciliationFold, ReconciliationFigures } from '../../../projections/ledger/reconciliation';
import { LedgerEntry } from '../../../projections/transactions';
import { RecordedEvent } from '../../../adapters/store/port';
import { openSqlitePostingsIndex, POSTINGS_FILE } from '../../../adapters/store/postings-sqlite';
import { createMemoryPostingsIndex, PostingsIndex } from '../../../application/postings/postings';
import { reconciliationFromPostings } from '../../../application/postings/reconciliation';
import { checkProperty } from '../../support/property';

const ACCOUNTS = ['user:u1', 'user:u1/colour', 'user:u2', 'shared:s1', 'shared:s2'] as const;
const COUNTERS: readonly [TransferCause, SystemAccount][] = [
  ['card-redemption', 'system:card-sales'],
  ['print-charge', 'system:print-revenue:p1'],
  ['admin-adjustment', 'system:adjustments'],
  ['correction', 'system:adjustments'],
];
const START = Date.UTC(2024, 0, 1);

/**
 * A transfer of a ledger a damaged or odd log may hold: a recorded balance off by `skew` (a balance
 * that does not follow from the amounts), a clock that steps back, several transfers in one event.
 */
const transfer = fc.record({
  account: fc.nat({ max: ACCOUNTS.length - 1 }),
  counter: fc.nat({ max: COUNTERS.length - 1 }),
  cents: fc.integer({ min: -50_000, max: 50_000 }),
  minutesLater: fc.integer({ min: -60, max: 3 * 24 * 60 }),
  skew: fc.oneof(
    { weight: 9, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: -5, max: 5 }) },
  ),
  sameEvent: fc.boolean(),
  namingEventBefore: fc.boolean(),
});
type GeneratedTransfer = Parameters<Parameters<typeof transfer.map>[0]>[0];

interface Step {
  readonly recorded: RecordedEvent;
  readonly entries: readonly LedgerEntry[];
}

/** Events with their entries, as the index is fed them; a naming event (no money) now and then. */
const logOf = (transfers: readonly GeneratedTransfer[]): Step[] => {
  const balances = new Map<string, bigint>();
  const steps: { recorded: RecordedEvent; entries: LedgerEntry[] }[] = [];
  let time = START;
  let position = 0;
  const event = (recordedAt: string) =>
    ({ position: (position += 1), recordedAt, type: 'Test', stream: 'test' }) as unknown as RecordedEvent;
  transfers.forEach((generated, index) => {
    const account = ACCOUNTS[generated.account] as string;
    const [cause, counterAccount] = COUNTERS[generated.counter] as [TransferCause, SystemAccount];
    const amount = BigInt(generated.cents) * 10_000n;
    const balanceAfter = (balances.get(account) ?? 0n) + amount + BigInt(generated.skew);
    balances.set(account, balanceAfter);
    const last = steps[steps.length - 1];
    const joins = generated.sameEvent && last !== undefined && last.entries.length > 0;
    if (!joins) {
      time += generated.minutesLater * 60_000;
      if (generated.namingEventBefore)
        steps.push({ recorded: event(new Date(time - 1).toISOString()), entries: [] });
      steps.push({ recorded: event(new Date(time).toISOString()), entries: [] });
    }
    const step = steps[steps.length - 1] as { recorded: RecordedEvent; entries: LedgerEntry[] };
    step.entries.push({
      transferId: `t${index}`,
      account,
      counterAccount,
      amount,
      balanceAfter,
      cause,
      comment: '',
      position: step.recorded.position,
      recordedAt: step.recorded.recordedAt,
      eventId: `e${step.recorded.position}`,
      actor: 'admin',
      method: 'test',
      ...(cause === 'correction' ? { correctsTransferId: `t${Math.max(0, index - 1)}` } : {}),
    });
  });
  return steps;
};

const boundsOf = (steps: readonly Step[], fractions: readonly number[]): LogBound[] => {
  const last = Date.parse(steps[steps.length - 1]?.recorded.recordedAt ?? new Date(START).toISOString());
  const bounds: LogBound[] = [{ kind: 'start' }, { kind: 'end' }];
  for (const fraction of fractions) {
    bounds.push({ kind: 'time', epochMs: START + Math.floor((last - START + 1) * fraction) });
    bounds.push({ kind: 'position', position: Math.floor(fraction * (steps.length + 1)) });
  }
  return bounds;
};

const text = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? `${item}n` : item instanceof Map ? [...(item as Map<unknown, unknown>)] : item,
  );

/** The figures to compare: the balances at the cuts in account order (a map's order is no figure). */
const comparable = (figures: ReconciliationFigures): string =>
  text({
    ...figures,
    period: {
      ...figures.period,
      corrections: undefined,
      opening: [...figures.period.opening].sort(([a], [b]) => (a < b ? -1 : 1)),
      closing: [...figures.period.closing].sort(([a], [b]) => (a < b ? -1 : 1)),
    },
  });

const fullFold = (steps: readonly Step[], period: Period): ReconciliationFigures => {
  const fold = createReconciliationFold(period);
  for (const { entries } of steps) for (const entry of entries) fold.push(entry);
  return fold.finish();
};

describe('a reconciliation from the postings index', () => {
  const folders: string[] = [];
  after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  it('equals the full fold, with mismatched balances, clocks stepping back and events of several transfers', () => {
    checkProperty(
      fc.property(
        fc.array(transfer, { minLength: 0, maxLength: 80 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 }),
        fc.nat({ max: 100 }),
        (transfers, fractions, flushEvery) => {
          const steps = logOf(transfers);
          const folder = mkdtempSync(join(tmpdir(), 'folio-postings-reconcile-'));
          folders.push(folder);
          const path = join(folder, POSTINGS_FILE);
          // The SQLite index is closed and reopened half-way: the rest resumes from its stored balances.
          const half = Math.floor(steps.length / 2);
          const firstHalf = openSqlitePostingsIndex(path);
          for (const step of steps.slice(0, half)) firstHalf.add(step.recorded, step.entries);
          firstHalf.flush();
          firstHalf.close();
          const sqlite = openSqlitePostingsIndex(path);
          const memory = createMemoryPostingsIndex();
          const indexes: PostingsIndex[] = [memory, sqlite];
          try {
            steps.forEach((step, at) => {
              memory.add(step.recorded, step.entries);
              if (at < half) return;
              sqlite.add(step.recorded, step.entries);
              if (flushEvery > 0 && at % flushEvery === 0) sqlite.flush();
            });
            sqlite.flush();
            const bounds = boundsOf(steps, fractions);
            for (const from of bounds)
              for (const to of bounds) {
                const expected = comparable(fullFold(steps, { from, to }));
                for (const index of indexes)
                  assert.equal(
                    comparable(reconciliationFromPostings(index, { from, to })),
                    expected,
                    `from ${text(from)} to ${text(to)}`,
                  );
              }
          } finally {
            sqlite.close();
          }
        },
      ),
      60,
    );
  });
});
