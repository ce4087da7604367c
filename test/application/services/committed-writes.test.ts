import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryEventStore } from '../../../adapters/store/memory';
import { parseMoney } from '../../../domain/money';
import { addUsersWithBalances, startFolio } from '../folio-fixture';
import { context } from '../support';

const amount = (text: string): bigint => {
  const parsed = parseMoney(text);
  if (parsed._tag === 'Left') throw new Error(text);
  return parsed.right;
};

describe('a committed change is answered as done', () => {
  it('even when the read models cannot fold the log any more: the client must not retry a durable change', async () => {
    const store = createMemoryEventStore();
    const folio = await startFolio(store, 'committed');
    await addUsersWithBalances(folio, ['alice']);
    // An event no read model can fold breaks the projections for good.
    await store.append('user-broken', 'no_stream', [
      {
        eventId: 'broken-1',
        type: 'NoSuchEvent',
        version: 1,
        data: {},
        metadata: { actor: 'test', method: 'test', correlationId: 'c' },
        recordedAt: '2026-01-01T00:00:00.000Z',
      },
    ]);
    const before = store.all().length;
    const answer = await folio.services.balances.adjustUserAccountBalance(
      context,
      'alice',
      amount('2.50'),
      'top-up',
      '',
    );
    assert.deepEqual(answer, { _tag: 'Right', right: true });
    const written = store.all().slice(before);
    assert.deepEqual(
      written.map((event) => event.type),
      ['UserBalanceAdjusted'],
    );
    await folio.stop();
  });
});
