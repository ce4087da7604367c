import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import {
  catchUpPostings,
  comparePostings,
  createMemoryPostingsIndex,
  PostingsIndex,
  postingAccountsOf,
} from '../../../application/postings/postings';
import { logSource, withPostings } from '../../../application/reports/ledger-source';
import { buildStatement } from '../../../application/reports/statement';
import { buildReconciliation } from '../../../application/reports/reconciliation';
import { createAccountDirectory } from '../../../application/reports/directory';
import { accountAsOf } from '../../../application/postings/account-as-of';
import { stateAsOf } from '../../../application/audit/as-of';
import { isLeft, right } from 'fp-ts/Either';
import { openSqlitePostingsIndex, POSTINGS_FILE } from '../../../adapters/store/postings-sqlite';
import { EventStore, RecordedEvent } from '../../../adapters/store/port';
import { LogBound } from '../../../projections/ledger/bounds';
import { ledgerEntriesOf } from '../../../projections/transactions';
import { decodeOrThrow } from '../../../application/envelope';
import { checkAsyncProperty } from '../../support/property';
import { startMemoryFolio } from '../../properties/harness/folio';
import { runOperations } from '../../properties/harness/execute';
import { operations } from '../../properties/harness/operations';

const NOW = new Date('2027-01-01T00:00:00Z');

/** Every statement account the log moved. */
const statementAccounts = (log: readonly RecordedEvent[]) => {
  const accounts = new Set<string>();
  for (const recorded of log)
    for (const entry of ledgerEntriesOf(decodeOrThrow(recorded)))
      for (const account of postingAccountsOf(entry)) accounts.add(account);
  return [...accounts].sort();
};

/** JSON with bigints marked and maps as their entries in order (a reconciliation's movements are maps). */
const text = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? `${item}n` : item instanceof Map ? [...(item as Map<unknown, unknown>)] : item,
  );

/** The same statement from a full scan of the log and from the index. */
const assertSameStatements = async (
  store: EventStore,
  index: PostingsIndex,
  accounts: readonly string[],
  bounds: readonly LogBound[],
) => {
  for (const account of accounts)
    for (const from of bounds)
      for (const to of bounds) {
        const request = { account, period: { from, to }, now: NOW };
        const scanned = await buildStatement(logSource(store), request);
        const indexed = await buildStatement(withPostings(logSource(store), store, index), request);
        assert.equal(text(indexed), text(scanned), `${account} from ${text(from)} to ${text(to)}`);
      }
};

/** The same reconciliation from a full fold of the log and from the index, over every pair of bounds. */
const assertSameReconciliations = async (
  store: EventStore,
  index: PostingsIndex,
  bounds: readonly LogBound[],
) => {
  for (const from of bounds)
    for (const to of bounds) {
      const request = { period: { from, to }, now: NOW };
      const scanned = await buildReconciliation(logSource(store), request);
      const indexed = await buildReconciliation(withPostings(logSource(store), store, index), request);
      assert.equal(text(indexed), text(scanned), `reconciliation from ${text(from)} to ${text(to)}`);
    }
};

/**
 * One account as of a cut from the index and from folding the log's prefix into every read model
 * (what folio replay --account printed before), for every name the accounts had at the cut.
 */
const assertSameAccountsAsOf = async (
  store: EventStore,
  index: PostingsIndex,
  bounds: readonly LogBound[],
) => {
  for (const until of bounds) {
    const state = await stateAsOf(store, until);
    const { users, sharedAccounts, transactions } = state.models;
    const names = [
      ...[...users.all()].map((user) => `user:${user.username}`),
      ...[...users.all()].map((user) => user.username),
      ...[...sharedAccounts.all()].map((account) => `shared:${sharedAccounts.fullName(account)}`),
      ...[...transactions.balances().keys()].filter((key) => key.startsWith('system:')),
      'nobody',
    ];
    const directory = createAccountDirectory(users, sharedAccounts);
    for (const name of names) {
      const found = await accountAsOf(store, index, until, name);
      const expected = directory.resolve(name);
      const what = `${name} as of ${text(until)}`;
      if (isLeft(expected)) {
        assert.equal(text(found), text(expected), what);
        continue;
      }
      const { key, kind } = expected.right;
      const account =
        kind === 'user'
          ? { kind, user: users.byId(key.slice('user:'.length)) }
          : kind === 'shared'
            ? (() => {
                const shared = sharedAccounts.byId(key.slice('shared:'.length));
                return shared === undefined
                  ? undefined
                  : { kind, account: shared, fullName: sharedAccounts.fullName(shared) };
              })()
            : { kind, key, balance: transactions.balanceOf(key) };
      assert.equal(
        text(found),
        text(
          right({
            position: state.position,
            recordedAt: state.recordedAt,
            name: expected.right.name,
            account: account ?? null,
          }),
        ),
        what,
      );
    }
  }
};

/** Bounds through the generated log: both ends, and a position and a time at each of the cuts. */
const boundsThrough = (log: readonly RecordedEvent[], cuts: readonly number[]): LogBound[] => {
  const bounds: LogBound[] = [{ kind: 'start' }, { kind: 'end' }];
  for (const cut of cuts) {
    const at = log[Math.floor(cut * (log.length - 1))];
    if (at !== undefined)
      bounds.push(
        { kind: 'position', position: at.position },
        { kind: 'time', epochMs: Date.parse(at.recordedAt) },
        { kind: 'time', epochMs: Date.parse(at.recordedAt) + 1 },
      );
  }
  return bounds;
};

describe('postings index', () => {
  const folders: string[] = [];
  after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));
  const folder = () => {
    const made = mkdtempSync(join(tmpdir(), 'folio-postings-'));
    folders.push(made);
    return made;
  };

  it('gives every account the statement a scan of the whole log gives, over any period', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(operations(40), fc.double({ min: 0, max: 1, noNaN: true }), async (list, cut) => {
        const { store, folio } = await startMemoryFolio();
        await runOperations(folio, list, () => undefined);
        const log = store.all();
        const middle = log[Math.floor(cut * (log.length - 1))];
        const bounds: LogBound[] = [{ kind: 'start' }, { kind: 'end' }];
        if (middle !== undefined)
          bounds.push(
            { kind: 'position', position: middle.position },
            { kind: 'time', epochMs: Date.parse(middle.recordedAt) },
          );
        const index = openSqlitePostingsIndex(join(folder(), POSTINGS_FILE));
        try {
          await assertSameStatements(store, index, statementAccounts(log), bounds);
          assert.equal(await comparePostings(store, index), null);
        } finally {
          index.close();
        }
        await assertSameStatements(store, createMemoryPostingsIndex(), statementAccounts(log), bounds);
      }),
      15,
    );
  });

  it('gives the reconciliation of any period that a fold of the whole log gives', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(
        operations(40),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 2 }),
        async (list, cuts) => {
          const { store, folio } = await startMemoryFolio();
          await runOperations(folio, list, () => undefined);
          const bounds = boundsThrough(store.all(), cuts);
          const index = openSqlitePostingsIndex(join(folder(), POSTINGS_FILE));
          try {
            await assertSameReconciliations(store, index, bounds);
            assert.equal(await comparePostings(store, index), null);
          } finally {
            index.close();
          }
          await assertSameReconciliations(store, createMemoryPostingsIndex(), bounds);
        },
      ),
      15,
    );
  });

  it('gives each account as of any cut what a fold of the log up to the cut gives', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(
        operations(40),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 2 }),
        async (list, cuts) => {
          const { store, folio } = await startMemoryFolio();
          await runOperations(folio, list, () => undefined);
          const bounds = boundsThrough(store.all(), cuts);
          const index = openSqlitePostingsIndex(join(folder(), POSTINGS_FILE));
          try {
            await assertSameAccountsAsOf(store, index, bounds);
          } finally {
            index.close();
          }
          await assertSameAccountsAsOf(store, createMemoryPostingsIndex(), bounds);
        },
      ),
      15,
    );
  });

  it('catches up with writes made after it was built, and after it is reopened', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(operations(20), operations(20), async (first, second) => {
        const { store, folio } = await startMemoryFolio();
        const path = join(folder(), POSTINGS_FILE);
        await runOperations(folio, first, () => undefined);
        const before = openSqlitePostingsIndex(path);
        await catchUpPostings(store, before);
        before.close();
        await runOperations(folio, second, () => undefined);
        const reopened = openSqlitePostingsIndex(path);
        try {
          await assertSameStatements(store, reopened, statementAccounts(store.all()), [
            { kind: 'start' },
            { kind: 'end' },
          ]);
          assert.equal(reopened.position(), await store.headPosition());
          assert.equal(await comparePostings(store, reopened), null);
        } finally {
          reopened.close();
        }
      }),
      10,
    );
  });

  it('is found out by the comparison with the log when a row is edited', async () => {
    const { store, folio } = await startMemoryFolio();
    await runOperations(folio, fc.sample(operations(40), { numRuns: 1, seed: 7 })[0] ?? [], () => undefined);
    const path = join(folder(), POSTINGS_FILE);
    const index = openSqlitePostingsIndex(path);
    await catchUpPostings(store, index);
    index.close();
    const db = new Database(path);
    const row = db.prepare('SELECT account, position, seq, entry FROM postings LIMIT 1').get() as
      { account: string; position: number; seq: number; entry: string } | undefined;
    assert.ok(row !== undefined, 'the generated log moved no money');
    const edited = JSON.parse(row.entry) as Record<string, unknown>;
    edited['comment'] = 'edited';
    db.prepare('UPDATE postings SET entry = ? WHERE account = ? AND position = ? AND seq = ?').run(
      JSON.stringify(edited),
      row.account,
      row.position,
      row.seq,
    );
    db.close();
    const damaged = openSqlitePostingsIndex(path);
    try {
      assert.match((await comparePostings(store, damaged)) ?? '', /differs from the log/);
    } finally {
      damaged.close();
    }
  });
});
