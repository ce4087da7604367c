import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cardTransferId, createCardServices, DigitSource } from '../../application/services/cards';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { NO_STEP_RETRY } from '../support/step-retry';
import { EventStore } from '../../adapters/store/port';
import { formatMoney } from '../../domain/money';
import { asSeparateProcess, must, startTestFolio, TEST_CONTEXT, TestFolio } from '../support/in-memory-folio';

const FIVE = 5_000_000n;

const withUsers = async (test: TestFolio, ...names: string[]): Promise<void> => {
  for (const name of names)
    await must(
      test.folio.services.users.addNewInternalUser(TEST_CONTEXT, {
        username: name,
        password: 'secret',
        fullName: name,
        email: '',
        cardId: `ID-${name}`,
        pin: '',
      }),
    );
};

const issue = async (test: TestFolio, count: number, expires = '') =>
  must(test.folio.services.cards.createBatch(TEST_CONTEXT, { prefix: 'TOP-', count, value: FIVE, expires }));

const balance = (test: TestFolio, username: string): string =>
  formatMoney(test.folio.models.users.findByUsername(username)?.balances[''] ?? -1n);

const cardCredits = (test: TestFolio) =>
  test.folio.models.transactions.entries().filter((entry) => entry.cause === 'card-redemption');

describe('api.useCard', () => {
  it('SUCCESS credits the card value from system:card-sales with a transfer derived from the card', async () => {
    const test = await startTestFolio();
    await withUsers(test, 'alice');
    const [card = ''] = (await issue(test, 3)).cardNumbers;
    assert.equal(await must(test.folio.services.cards.useCard(TEST_CONTEXT, 'alice', card)), 'SUCCESS');
    assert.equal(balance(test, 'alice'), '5.00');
    const [credit] = cardCredits(test);
    assert.equal(credit?.counterAccount, 'system:card-sales');
    assert.equal(credit?.transferId, cardTransferId(card));
    assert.equal(test.folio.models.transactions.balanceOf('system:card-sales'), -FIVE);
    assert.equal(test.folio.models.transactions.trialBalance(), 0n);
  });

  it('CARD_IS_USED for a second use, by the same user or another, and nothing more is credited', async () => {
    const test = await startTestFolio();
    await withUsers(test, 'alice', 'bob');
    const [card = ''] = (await issue(test, 1)).cardNumbers;
    await must(test.folio.services.cards.useCard(TEST_CONTEXT, 'alice', card));
    assert.equal(await must(test.folio.services.cards.useCard(TEST_CONTEXT, 'alice', card)), 'CARD_IS_USED');
    assert.equal(await must(test.folio.services.cards.useCard(TEST_CONTEXT, 'bob', card)), 'CARD_IS_USED');
    assert.equal(balance(test, 'alice'), '5.00');
    assert.equal(balance(test, 'bob'), '0.00');
  });

  it('UNKNOWN_USER for a user that does not exist (or was deleted), before looking at the card', async () => {
    const test = await startTestFolio();
    await withUsers(test, 'alice');
    const [card = ''] = (await issue(test, 1)).cardNumbers;
    assert.equal(await must(test.folio.services.cards.useCard(TEST_CONTEXT, 'nobody', card)), 'UNKNOWN_USER');
    await must(test.folio.services.users.deleteExistingUser(TEST_CONTEXT, 'alice', false));
    assert.equal(await must(test.folio.services.cards.useCard(TEST_CONTEXT, 'alice', card)), 'UNKNOWN_USER');
    assert.equal(test.folio.models.cards.find(card)?.redemption, undefined);
  });

  it('INVALID_CARD_NUMBER for numbers never issued, blanks, and user ID cards (which are not top-up cards)', async () => {
    const test = await startTestFolio();
    await withUsers(test, 'alice');
    await issue(test, 1);
    for (const number of ['TOP-000000000000', '', '   ', 'ID-alice'])
      assert.equal(
        await must(test.folio.services.cards.useCard(TEST_CONTEXT, 'alice', number)),
        'INVALID_CARD_NUMBER',
      );
    assert.equal(balance(test, 'alice'), '0.00');
  });

  it('CARD_HAS_EXPIRED from the expiry on, by the injected clock; nothing is recorded', async () => {
    const test = await startTestFolio();
    await withUsers(test, 'alice');
    const [early = '', late = ''] = (await issue(test, 2, '2026-06-30')).cardNumbers;
    test.setNow('2026-06-30T23:59:59.999Z');
    assert.equal(await must(test.folio.services.cards.useCard(TEST_CONTEXT, 'alice', early)), 'SUCCESS');
    test.setNow('2026-07-01T00:00:00.000Z');
    const before = await test.store.headPosition();
    assert.equal(
      await must(test.folio.services.cards.useCard(TEST_CONTEXT, 'alice', late)),
      'CARD_HAS_EXPIRED',
    );
    assert.equal(await test.store.headPosition(), before);
    assert.equal(balance(test, 'alice'), '5.00');
  });

  it('accepts a number typed with other case and surrounding space', async () => {
    const test = await startTestFolio();
    await withUsers(test, 'alice');
    const [card = ''] = (await issue(test, 1)).cardNumbers;
    assert.equal(
      await must(test.folio.services.cards.useCard(TEST_CONTEXT, 'alice', `  ${card.toLowerCase()} `)),
      'SUCCESS',
    );
  });
});

describe('racing redemptions', () => {
  it('of one card in one process: exactly one SUCCESS', async () => {
    const test = await startTestFolio();
    const names = Array.from({ length: 10 }, (_, index) => `user${index}`);
    await withUsers(test, ...names);
    const [card = ''] = (await issue(test, 1)).cardNumbers;
    const results = await Promise.all(
      names.map((name) => must(test.folio.services.cards.useCard(TEST_CONTEXT, name, card))),
    );
    assert.deepEqual(
      results.filter((result) => result === 'SUCCESS'),
      ['SUCCESS'],
    );
    assert.equal(cardCredits(test).length, 1);
  });

  it('of the same cards from two servers on one store: each card is credited exactly once', async () => {
    const store = createMemoryEventStore();
    const first = await startTestFolio({ store });
    const second = await startTestFolio({ store });
    await withUsers(first, 'alice', 'bob');
    const { cardNumbers } = await issue(first, 20);
    const results = await Promise.all(
      cardNumbers.flatMap((card) => [
        must(first.folio.services.cards.useCard(TEST_CONTEXT, 'alice', card)),
        must(second.folio.services.cards.useCard(TEST_CONTEXT, 'bob', card)),
      ]),
    );
    for (let index = 0; index < cardNumbers.length; index += 1)
      assert.deepEqual([results[2 * index], results[2 * index + 1]].sort(), ['CARD_IS_USED', 'SUCCESS']);
    await first.folio.projections.catchUp();
    const credits = cardCredits(first);
    assert.equal(credits.length, 20);
    assert.equal(new Set(credits.map((credit) => credit.transferId)).size, 20);
    assert.equal(first.folio.models.transactions.balanceOf('system:card-sales'), -20n * FIVE);
    assert.equal(first.folio.models.transactions.trialBalance(), 0n);
  });
});

/** A store that fails the first card credit, as a process dying between the two appends would. */
const crashingOnCardCredit = (store: EventStore): EventStore => {
  let crashed = false;
  return {
    ...store,
    append: async (stream, expected, events, options) => {
      const isCredit = events.some(
        (event) => (event.data as { cause?: unknown }).cause === 'card-redemption',
      );
      if (!crashed && isCredit) {
        crashed = true;
        throw new Error('process died');
      }
      return store.append(stream, expected, events, options);
    },
  };
};

describe('recovery of a redemption whose credit was interrupted', () => {
  it('credits it once at the next start, and the card stays used', async () => {
    const store = createMemoryEventStore();
    // A dead process tries nothing again.
    const crashing = await startTestFolio({ store: crashingOnCardCredit(store), stepRetry: NO_STEP_RETRY });
    await withUsers(crashing, 'alice');
    const [card = ''] = (await issue(crashing, 1)).cardNumbers;
    await assert.rejects(crashing.folio.services.cards.useCard(TEST_CONTEXT, 'alice', card), /process died/);
    await crashing.folio.projections.catchUp();
    assert.equal(balance(crashing, 'alice'), '0.00');
    assert.equal(crashing.folio.models.cards.uncredited().length, 1);

    const restarted = await startTestFolio({ store });
    assert.equal(balance(restarted, 'alice'), '5.00');
    assert.equal(cardCredits(restarted).length, 1);
    assert.equal(cardCredits(restarted)[0]?.transferId, cardTransferId(card));
    assert.deepEqual(restarted.folio.models.cards.uncredited(), []);

    const again = await startTestFolio({ store });
    assert.equal(cardCredits(again).length, 1);
    assert.equal(await must(again.folio.services.cards.useCard(TEST_CONTEXT, 'alice', card)), 'CARD_IS_USED');
  });
});

describe('recovery of a redemption whose user was deleted before its credit', () => {
  it('books nothing, and answers the redemption with the refusal; it stays uncredited', async () => {
    const store = createMemoryEventStore();
    const crashing = await startTestFolio({ store: crashingOnCardCredit(store), stepRetry: NO_STEP_RETRY });
    await withUsers(crashing, 'alice');
    const [card = ''] = (await issue(crashing, 1)).cardNumbers;
    await assert.rejects(crashing.folio.services.cards.useCard(TEST_CONTEXT, 'alice', card), /process died/);
    await must(crashing.folio.services.users.deleteExistingUser(TEST_CONTEXT, 'alice', false));

    const restarted = await startTestFolio({ store });
    const stuck = await restarted.folio.processes.finishUnfinished(TEST_CONTEXT);
    assert.deepEqual(
      stuck.map(({ cardNumber, problem }) => [cardNumber, problem.code]),
      [[card, 'UserNotFound']],
    );
    assert.equal(cardCredits(restarted).length, 0);
    assert.equal(restarted.folio.models.cards.uncredited().length, 1);
  });
});

describe('card batches', () => {
  it('never issue a number twice, even when two batches are created at once with colliding draws', async () => {
    const store = createMemoryEventStore();
    const first = await startTestFolio({ store });
    const second = await startTestFolio({ store });
    // Both sources draw the same sequence, so the two batches collide on every number at first.
    const sequence = (): DigitSource => {
      let next = 0;
      return (count) => String((next += 1)).padStart(count, '0');
    };
    const request = { prefix: 'P', count: 5, value: FIVE, expires: '' };
    const [a, b] = await Promise.all([
      must(
        createCardServices(first.folio.kernel, sequence(), first.folio.processes).createBatch(
          TEST_CONTEXT,
          request,
        ),
      ),
      must(
        createCardServices(second.folio.kernel, sequence(), second.folio.processes).createBatch(
          TEST_CONTEXT,
          request,
        ),
      ),
    ]);
    const all = [...a.cardNumbers, ...b.cardNumbers];
    assert.equal(new Set(all).size, 10);
    await first.folio.projections.catchUp();
    assert.equal(first.folio.models.cards.batches().length, 2);
  });

  it('are found by a server that did not create them (the CLI writes from another process)', async () => {
    const store = createMemoryEventStore();
    const server = await startTestFolio({ store: asSeparateProcess(store) });
    await withUsers(server, 'alice');
    const cli = await startTestFolio({ store: asSeparateProcess(store) });
    const [card = ''] = (await issue(cli, 1)).cardNumbers;
    assert.equal(await must(server.folio.services.cards.useCard(TEST_CONTEXT, 'alice', card)), 'SUCCESS');
  });

  it('draw numbers as the prefix and the requested count of digits', async () => {
    const test = await startTestFolio();
    const batch = await must(
      test.folio.services.cards.createBatch(TEST_CONTEXT, {
        prefix: 'UNI-',
        count: 50,
        value: FIVE,
        expires: '',
        digits: 10,
      }),
    );
    assert.equal(batch.cardNumbers.length, 50);
    for (const number of batch.cardNumbers) assert.match(number, /^UNI-\d{10}$/);
  });
});

describe('user ID cards keep working beside top-up cards', () => {
  it('lookUpUserNameByCardNo and adjustUserAccountBalanceByCardNumber use ID cards, never top-up numbers', async () => {
    const test = await startTestFolio();
    await withUsers(test, 'alice');
    const [topUp = ''] = (await issue(test, 1)).cardNumbers;
    assert.equal(test.folio.services.users.lookUpUserNameByCardNo('ID-alice'), 'alice');
    assert.equal(test.folio.services.users.lookUpUserNameByCardNo(topUp), '');
    const adjust = (card: string) =>
      must(
        test.folio.services.balances.adjustUserAccountBalanceByCardNumber(
          TEST_CONTEXT,
          card,
          FIVE,
          'desk',
          '',
        ),
      );
    assert.equal(await adjust(topUp), false);
    assert.equal(await adjust('ID-alice'), true);
    assert.equal(balance(test, 'alice'), '5.00');
  });
});
