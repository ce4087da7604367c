import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { counterAccountFor } from '../../domain/ledger/accounts';
import { Money, sumMoney, ZERO } from '../../domain/money';
import { createReadModels } from '../../projections';
import { TransactionsReadModel } from '../../projections/transactions';
import { createEventLog } from '../support/event-log';
import { money } from '../support/money';
import { checkProperty } from '../support/property';
import {
  adjustShared,
  adjustUser,
  createShared,
  createUser,
  policy,
  readModelsOf,
  userDoes,
} from './fixtures';

/** What an account's entries add up to, seen from that account. */
const sumOfEntries = (transactions: TransactionsReadModel, account: string): Money =>
  sumMoney(
    transactions
      .entriesOf(account)
      .map((entry) => (entry.account === account ? entry.amount : -entry.amount)),
  );

describe('transactions read model', () => {
  it('books each transfer on the customer account and its system counter-account', () => {
    const log = createEventLog();
    createUser(log, 'u-1', 'alice');
    createShared(log, 'a-1', 'Research');
    adjustUser(log, 'u-1', money('10'));
    adjustUser(log, 'u-1', money('-2.5'));
    adjustUser(log, 'u-1', money('3'), { account: 'colour' });
    adjustShared(log, 'a-1', money('100'));
    const { transactions } = readModelsOf(log);
    assert.equal(transactions.balanceOf('user:u-1'), money('7.5'));
    assert.equal(transactions.balanceOf('user:u-1/colour'), money('3'));
    assert.equal(transactions.balanceOf('shared:a-1'), money('100'));
    assert.equal(transactions.balanceOf('system:adjustments'), money('-110.5'));
    assert.equal(transactions.balanceOf('system:never-used'), ZERO);
    assert.equal(transactions.trialBalance(), ZERO);
  });

  it('lists the entries of one account, in log order, with the facts of their recording', () => {
    const log = createEventLog();
    createUser(log, 'u-1', 'alice');
    createUser(log, 'u-2', 'bob');
    const [first] = adjustUser(log, 'u-1', money('10'));
    adjustUser(log, 'u-2', money('1'));
    adjustUser(log, 'u-1', money('-4'));
    const { transactions } = readModelsOf(log);
    const entries = transactions.entriesOf('user:u-1');
    assert.deepEqual(
      entries.map((entry) => [entry.amount, entry.balanceAfter]),
      [
        [money('10'), money('10')],
        [money('-4'), money('6')],
      ],
    );
    assert.equal(entries[0]?.position, first?.position);
    assert.equal(entries[0]?.eventId, first?.eventId);
    assert.equal(entries[0]?.recordedAt, first?.recordedAt);
    assert.equal(entries[0]?.actor, 'admin');
    assert.equal(entries[0]?.method, 'test');
    assert.equal(entries[0]?.cause, 'admin-adjustment');
    assert.equal(entries[0]?.counterAccount, 'system:adjustments');
    assert.equal(transactions.entriesOf('system:adjustments').length, 3);
    assert.deepEqual(transactions.entriesOf('user:u-9'), []);
    assert.equal(transactions.entries().length, 3);
  });

  it('books a balance set as the difference, against the adjustments account', () => {
    const log = createEventLog();
    createUser(log, 'u-1', 'alice');
    adjustUser(log, 'u-1', money('4'));
    userDoes(log, 'u-1', {
      kind: 'SetBalance',
      account: '',
      balance: money('1.25'),
      policy,
      transfer: {
        transferId: 't-set',
        cause: 'balance-set',
        counterAccount: counterAccountFor('balance-set'),
        comment: '',
      },
    });
    const { transactions } = readModelsOf(log);
    assert.deepEqual(
      transactions.entriesOf('user:u-1').map((entry) => [entry.cause, entry.amount]),
      [
        ['admin-adjustment', money('4')],
        ['balance-set', money('-2.75')],
      ],
    );
    assert.equal(transactions.balanceOf('system:adjustments'), money('-1.25'));
  });

  it('books nothing for events that move no money', () => {
    const log = createEventLog();
    createUser(log, 'u-1', 'alice', { details: { fullName: 'A' } });
    userDoes(log, 'u-1', { kind: 'SetRestricted', restricted: true });
    assert.deepEqual(readModelsOf(log).transactions.entries(), []);
  });
});

const USERS = ['u-1', 'u-2', 'u-3'] as const;
const SHARED = ['a-1', 'a-2'] as const;
const movement = fc.record({
  target: fc.constantFrom(
    ...USERS.map((id) => `user:${id}`),
    'user:u-1/colour',
    ...SHARED.map((id) => `shared:${id}`),
  ),
  micros: fc.bigInt({ min: -50_000_000n, max: 50_000_000n }),
  condition: fc.constantFrom('unconditional' as const, 'if-available' as const),
});

describe('transactions invariants', () => {
  it('the trial balance is zero at every position', () => {
    checkProperty(
      fc.property(fc.array(movement, { maxLength: 30 }), fc.boolean(), (movements, restrict) => {
        const log = createEventLog();
        for (const id of USERS) createUser(log, id, id);
        if (restrict) userDoes(log, 'u-2', { kind: 'SetRestricted', restricted: true });
        for (const id of SHARED) createShared(log, id, id);
        for (const { target, micros, condition } of movements) {
          const [kind, id = ''] = target.split(':');
          if (kind === 'shared') adjustShared(log, id, micros);
          else {
            const [userId = '', account = ''] = id.split('/');
            try {
              adjustUser(log, userId, micros, { account, condition: { kind: condition } });
            } catch {
              // A refused conditional debit records nothing; the log goes on.
            }
          }
        }
        const models = createReadModels();
        for (const envelope of log.envelopes()) {
          models.apply(envelope);
          assert.equal(models.transactions.trialBalance(), ZERO, `at position ${envelope.position}`);
        }
      }),
    );
  });

  it("every account's balance equals the sum of its entries, and the user's own balance", () => {
    checkProperty(
      fc.property(fc.array(movement, { maxLength: 30 }), (movements) => {
        const log = createEventLog();
        for (const id of USERS) createUser(log, id, id);
        for (const id of SHARED) createShared(log, id, id);
        for (const { target, micros } of movements) {
          const [kind, id = ''] = target.split(':');
          const [userId = '', account = ''] = id.split('/');
          if (kind === 'shared') adjustShared(log, id, micros);
          else adjustUser(log, userId, micros, { account });
        }
        const { transactions, users, sharedAccounts } = readModelsOf(log);
        for (const account of transactions.balances().keys())
          assert.equal(transactions.balanceOf(account), sumOfEntries(transactions, account), account);
        for (const id of USERS) {
          assert.equal(transactions.balanceOf(`user:${id}`), users.byId(id)?.balances[''] ?? ZERO);
          assert.equal(transactions.balanceOf(`user:${id}/colour`), users.byId(id)?.balances.colour ?? ZERO);
        }
        for (const id of SHARED)
          assert.equal(transactions.balanceOf(`shared:${id}`), sharedAccounts.byId(id)?.balance);
      }),
    );
  });

  describe('restored from a snapshot', () => {
    /** A log of `users` users with `adjustments` adjustments each, and the models folded from it. */
    const siteOf = (users: number, adjustments: number) => {
      const log = createEventLog();
      for (let user = 0; user < users; user += 1) createUser(log, `u-${user}`, `user${user}`);
      for (let round = 0; round < adjustments; round += 1)
        for (let user = 0; user < users; user += 1) adjustUser(log, `u-${user}`, money(`${round + 1}`));
      return { log, models: readModelsOf(log) };
    };

    it('answers balances at once, and entries (all of them) whenever asked, before the rest is folded', () => {
      const { models } = siteOf(3, 4);
      const restored = createReadModels();
      restored.restore(models.serialize());
      assert.equal(restored.transactions.isLoaded(), false, 'the entries wait to be folded');
      assert.equal(restored.transactions.balanceOf('user:u-1'), money('10'));
      assert.equal(restored.transactions.trialBalance(), ZERO);
      assert.deepEqual(
        restored.transactions.entriesOf('user:u-1'),
        models.transactions.entriesOf('user:u-1'),
      );
      assert.equal(restored.transactions.isLoaded(), true);
      assert.deepEqual(restored.transactions.entries(), models.transactions.entries());
    });

    it('folds the snapshot a page at a time, and events folded meanwhile come after it in log order', () => {
      const { log, models } = siteOf(2, 3);
      const restored = createReadModels();
      restored.restore(models.serialize());
      const position = restored.position();
      adjustUser(log, 'u-0', money('-1'));
      for (const envelope of log.envelopes()) if (envelope.position > position) restored.apply(envelope);
      assert.equal(restored.transactions.balanceOf('user:u-0'), money('5'), 'the balance moved at once');
      let steps = 0;
      while (!restored.transactions.loadSome(2)) steps += 1;
      assert.equal(steps, 3, 'six entries, two a step');
      assert.equal(restored.serialize(), readModelsOf(log).serialize());
      assert.deepEqual(
        restored.transactions.entriesOf('user:u-0').map((entry) => entry.amount),
        [money('1'), money('2'), money('3'), money('-1')],
      );
    });

    it('a snapshot taken after others, encoding only the entries since, is the bytes of a fresh one', () => {
      const { log, models } = siteOf(2, 2);
      models.serialize();
      adjustUser(log, 'u-1', money('-2'), { account: 'colour' });
      createShared(log, 'a-9', 'Lab');
      adjustShared(log, 'a-9', money('1'));
      for (const envelope of log.envelopes()) models.apply(envelope);
      assert.equal(models.serialize(), readModelsOf(log).serialize());
    });

    it('refuses a snapshot that is not laid out as serialize writes it, changing nothing', () => {
      const { models } = siteOf(2, 1);
      const text = models.serialize();
      const restored = createReadModels();
      for (const broken of [
        JSON.stringify(JSON.parse(text)),
        text.slice(0, text.length - 2),
        '{"position":3}',
      ])
        assert.throws(() => restored.restore(broken));
      assert.equal(restored.serialize(), createReadModels().serialize());
    });
  });
});
