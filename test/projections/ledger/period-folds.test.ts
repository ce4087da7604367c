import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SystemAccount, TransferCause } from '../../../domain/ledger/accounts';
import { LogBound } from '../../../projections/ledger/bounds';
import { createLedgerFold } from '../../../projections/ledger/ledger-fold';
import { Period } from '../../../projections/ledger/period-fold';
import { createReconciliationFold, tieOutChecks } from '../../../projections/ledger/reconciliation';
import { createStatementsFold, statementTiesOut } from '../../../projections/ledger/statements';
import { LedgerEntry } from '../../../projections/transactions';
import { checkProperty } from '../../support/property';

const ACCOUNTS = ['user:u1', 'user:u1/colour', 'user:u2', 'shared:s1', 'shared:s2'] as const;
const COUNTERS: readonly [TransferCause, SystemAccount][] = [
  ['card-redemption', 'system:card-sales'],
  ['print-charge', 'system:print-revenue:p1'],
  ['print-charge', 'system:print-revenue:p2'],
  ['admin-adjustment', 'system:adjustments'],
  ['quota-allocation', 'system:quota-allocations'],
];
const START = Date.UTC(2024, 0, 1);

const transfer = fc.record({
  account: fc.nat({ max: ACCOUNTS.length - 1 }),
  counter: fc.nat({ max: COUNTERS.length - 1 }),
  cents: fc.integer({ min: -50_000, max: 50_000 }).filter((cents) => cents !== 0),
  minutesLater: fc.nat({ max: 3 * 24 * 60 }),
});

/** Entries as the domain books them: each with its account's running balance after it. */
type GeneratedTransfer = Parameters<Parameters<typeof transfer.map>[0]>[0];
const ledgerOf = (transfers: readonly GeneratedTransfer[]): LedgerEntry[] => {
  const balances = new Map<string, bigint>();
  let time = START;
  return transfers.map((generated, index) => {
    const account = ACCOUNTS[generated.account] as string;
    const [cause, counterAccount] = COUNTERS[generated.counter] as [TransferCause, SystemAccount];
    const amount = BigInt(generated.cents) * 10_000n;
    const balanceAfter = (balances.get(account) ?? 0n) + amount;
    balances.set(account, balanceAfter);
    time += generated.minutesLater * 60_000;
    return {
      transferId: `t${index}`,
      account,
      counterAccount,
      amount,
      balanceAfter,
      cause,
      comment: '',
      position: index + 1,
      recordedAt: new Date(time).toISOString(),
      eventId: `e${index}`,
      actor: 'admin',
      method: 'test',
    };
  });
};

const cutsOf = (entries: readonly LedgerEntry[], fractions: readonly number[]): LogBound[] => {
  const last = Date.parse(entries[entries.length - 1]?.recordedAt ?? new Date(START).toISOString());
  return [...fractions]
    .sort((a, b) => a - b)
    .map((fraction) => ({ kind: 'time', epochMs: START + Math.floor((last - START + 1) * fraction) }));
};

const reconcile = (entries: readonly LedgerEntry[], period: Period) => {
  const fold = createReconciliationFold(period);
  for (const entry of entries) fold.push(entry);
  return fold.finish();
};

describe('period folds', () => {
  it('trial balance is always zero', () => {
    checkProperty(
      fc.property(fc.array(transfer, { maxLength: 200 }), (transfers) => {
        const ledger = createLedgerFold();
        for (const entry of ledgerOf(transfers)) {
          assert.equal(ledger.book(entry).expectedAfter, undefined);
          assert.equal(ledger.trialBalance(), 0n);
        }
      }),
    );
  });

  it('consecutive periods tie out, chain, and agree with every statement', () => {
    checkProperty(
      fc.property(
        fc.array(transfer, { minLength: 1, maxLength: 150 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (transfers, fractions) => {
          const entries = ledgerOf(transfers);
          const [a, b, c] = cutsOf(entries, fractions) as [LogBound, LogBound, LogBound];
          const first = reconcile(entries, { from: a, to: b });
          const second = reconcile(entries, { from: b, to: c });
          for (const check of [...tieOutChecks(first), ...tieOutChecks(second)])
            assert.ok(check.ok, check.name);
          const closing = new Map(first.accounts.map((account) => [account.account, account.closing]));
          for (const account of second.accounts)
            assert.equal(account.opening, closing.get(account.account) ?? 0n, account.account);
          assert.equal(
            first.period.transfersInPeriod + second.period.transfersInPeriod,
            reconcile(entries, { from: a, to: c }).period.transfersInPeriod,
          );
          const statements = createStatementsFold({ from: a, to: b }, () => true);
          for (const entry of entries) statements.push(entry);
          for (const statement of statements.finish().statements) {
            assert.ok(statementTiesOut(statement), statement.account);
            const reconciled = first.accounts.find((account) => account.account === statement.account);
            assert.equal(statement.closing, reconciled?.closing ?? 0n);
          }
        },
      ),
    );
  });

  it("reports a user's personal accounts together, and names a recorded balance that does not follow", () => {
    const entries = ledgerOf([
      { account: 0, counter: 0, cents: 1_000, minutesLater: 1 },
      { account: 1, counter: 0, cents: 500, minutesLater: 1 },
      { account: 0, counter: 1, cents: -200, minutesLater: 1 },
    ]);
    const statements = createStatementsFold(
      { from: { kind: 'start' }, to: { kind: 'end' } },
      (key) => key === 'user:u1',
    );
    for (const entry of entries) statements.push(entry);
    const [statement] = statements.finish().statements;
    assert.deepEqual(
      statement?.lines.map((line) => [line.account, line.balanceAfter]),
      [
        ['user:u1', 10_000_000n],
        ['user:u1/colour', 15_000_000n],
        ['user:u1', 13_000_000n],
      ],
    );
    const tampered = entries.map((entry, index) =>
      index === 1 ? { ...entry, balanceAfter: entry.balanceAfter + 1n } : entry,
    );
    const figures = reconcile(tampered, { from: { kind: 'start' }, to: { kind: 'end' } });
    const failed = tieOutChecks(figures)
      .filter((check) => !check.ok)
      .map((check) => check.name);
    assert.ok(failed.includes('every recorded balance follows from the amounts'));
    assert.ok(failed.includes('all accounts sum to zero at the closing'));
    assert.equal(figures.period.mismatches[0]?.entry.position, 2);
  });
});
