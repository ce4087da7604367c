import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { Either } from 'fp-ts/Either';
import { Folio } from '../../application/folio';
import { openSqliteEventStore } from '../../adapters/store/sqlite';
import { DomainError } from '../../domain/errors';
import { canonicalMoney, Money, ZERO } from '../../domain/money';
import { checkAsyncProperty } from '../support/property';
import { CONTEXT, startFolio, startMemoryFolio } from './harness/folio';
import { execute } from './harness/execute';
import { smallNonNegative } from './harness/operations';
import {
  assertConditionalDebitRespectsLimit,
  overdraftOf,
  show,
  total,
} from './harness/conditional-debit-checks';
import { concrete, conditionalSequences } from './harness/conditional-debit-scenarios';

describe('conditional debit properties', () => {
  const folders: string[] = [];
  after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  it('conditional debits never take an account below its limit', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(conditionalSequences, async (list) => {
        const { store, folio } = await startMemoryFolio();
        for (const step of list) {
          const operation = concrete(folio, step);
          const conditional =
            operation.kind === 'adjustIfAvailable' || operation.kind === 'adjustLeaveRemaining';
          const before = conditional ? folio.models.users.findByUsername(operation.username) : undefined;
          const overdraft = before === undefined ? ZERO : overdraftOf(folio, before);
          const logBefore = store.all().length;
          const result = await execute(folio, operation);
          if (conditional && before !== undefined)
            assertConditionalDebitRespectsLimit(
              folio,
              operation,
              before,
              overdraft,
              logBefore,
              store.all().length,
              result,
            );
        }
      }),
      80,
    );
  });

  /** Debits of up to 20.00 (cents or micro-units) against a restricted account, with what is to be left. */
  const concurrentDebits = fc.array(
    fc.record({
      amount: fc.oneof(
        fc.integer({ min: 1, max: 2_000 }).map((cents) => -BigInt(cents) * 10_000n),
        fc.bigInt({ min: 1n, max: 20_000_000n }).map((micros) => -micros),
      ),
      leaveRemaining: fc.option(smallNonNegative, { nil: undefined }),
    }),
    { minLength: 2, maxLength: 25 },
  );
  type Debit = { readonly amount: Money; readonly leaveRemaining: Money | undefined };

  const startingPoint = fc.record({
    balance: fc.integer({ min: -1_000, max: 10_000 }).map((cents) => BigInt(cents) * 10_000n),
    overdraft: smallNonNegative,
  });

  /** A restricted user with an individual overdraft and a balance, created through `folio`. */
  const restrictedUser = async (folio: Folio, balance: Money, overdraft: Money): Promise<void> => {
    const { users, balances } = folio.services;
    const ok = (result: Either<DomainError, unknown>) =>
      assert.equal(result._tag, 'Right', JSON.stringify(result));
    ok(
      await users.addNewInternalUser(CONTEXT, {
        username: 'ann',
        password: '',
        fullName: '',
        email: '',
        cardId: '',
        pin: '',
      }),
    );
    ok(await balances.setUserAccountBalance(CONTEXT, 'ann', balance, 'opening', ''));
    ok(await users.setUserProperty(CONTEXT, 'ann', 'overdraft-amount', canonicalMoney(overdraft)));
    ok(await users.setUserProperty(CONTEXT, 'ann', 'restricted', 'true'));
  };

  const debit = (folio: Folio, { amount, leaveRemaining }: Debit) =>
    leaveRemaining === undefined
      ? folio.services.balances.adjustUserAccountBalanceIfAvailable(CONTEXT, 'ann', amount, 'debit', '')
      : folio.services.balances.adjustUserAccountBalanceIfAvailableLeaveRemaining(
          CONTEXT,
          'ann',
          amount,
          leaveRemaining,
          'debit',
          '',
        );

  /**
   * The outcome of racing debits: no more taken than was available; every applied one left the
   * account within its limit when it applied; and as only debits ran, credit only shrank, so every
   * refused one would still be refused now.
   */
  const assertRaceOutcome = (
    debits: readonly Debit[],
    results: readonly Either<DomainError, boolean>[],
    start: { balance: Money; overdraft: Money },
    final: Money,
  ): void => {
    let taken = ZERO;
    results.forEach((result, index) => {
      const { amount, leaveRemaining } = debits[index] as Debit;
      assert.equal(result._tag, 'Right', `debit ${index}: ${JSON.stringify(result)}`);
      if (result._tag === 'Right' && result.right) taken -= amount;
      else
        assert.ok(
          final + start.overdraft + amount < (leaveRemaining ?? ZERO),
          `debit ${index} of ${show(amount)} was refused, yet ${show(final + start.overdraft)} is still available`,
        );
    });
    assert.equal(
      show(final),
      show(start.balance - taken),
      'the final balance is not the start less what was taken',
    );
    const limit = start.balance > -start.overdraft ? start.balance + start.overdraft : ZERO;
    assert.ok(taken <= limit, `took ${show(taken)} with only ${show(limit)} available`);
  };

  const assertEntriesWithinLimit = (
    folio: Folio,
    userId: string,
    overdraft: Money,
    openingPosition: number,
  ) => {
    for (const entry of folio.models.transactions.entriesOf(`user:${userId}`))
      if (entry.position > openingPosition && entry.amount < ZERO)
        assert.ok(
          entry.balanceAfter >= -overdraft,
          `entry ${entry.transferId} left ${show(entry.balanceAfter)}`,
        );
  };

  it('conditional debits never take an account below its limit, also under concurrent callers', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(startingPoint, concurrentDebits, async (start, debits) => {
        const { folio } = await startMemoryFolio();
        await restrictedUser(folio, start.balance, start.overdraft);
        const opening = folio.models.position();
        const results = await Promise.all(debits.map((each) => debit(folio, each)));
        await folio.projections.catchUp();
        const user = folio.models.users.findByUsername('ann');
        assert.ok(user !== undefined);
        assertRaceOutcome(debits, results, start, total(user));
        assertEntriesWithinLimit(folio, user.userId, start.overdraft, opening);
      }),
      40,
    );
  });

  it('conditional debits never take an account below its limit, across two processes sharing one SQLite file', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(startingPoint, concurrentDebits, async (start, debits) => {
        const folder = mkdtempSync(join(tmpdir(), 'folio-debits-'));
        folders.push(folder);
        const file = join(folder, 'events.sqlite');
        const firstStore = openSqliteEventStore(file);
        const secondStore = openSqliteEventStore(file);
        try {
          const first = await startFolio(firstStore, { idPrefix: 'first' });
          await restrictedUser(first, start.balance, start.overdraft);
          const opening = first.models.position();
          const second = await startFolio(secondStore, { idPrefix: 'second' });
          const results = await Promise.all(
            debits.map((each, index) => debit(index % 2 === 0 ? first : second, each)),
          );
          await first.projections.catchUp();
          await second.projections.catchUp();
          assert.equal(
            first.models.serialize(),
            second.models.serialize(),
            'the two processes read different ledgers',
          );
          const user = first.models.users.findByUsername('ann');
          assert.ok(user !== undefined);
          assertRaceOutcome(debits, results, start, total(user));
          assertEntriesWithinLimit(first, user.userId, start.overdraft, opening);
          await first.stop();
          await second.stop();
        } finally {
          await firstStore.close();
          await secondStore.close();
        }
      }),
      10,
    );
  });
});
