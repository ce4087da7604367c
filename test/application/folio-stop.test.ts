import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFolio } from '../../application/folio';
import { sequentialIds } from '../../application/ids';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { EventStore } from '../../adapters/store/port';
import { silentLogger } from '../../adapters/log';
import { addUsersWithBalances } from './folio-fixture';

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> =>
  Promise.race([
    promise,
    new Promise<'timed out'>((done) => setTimeout(() => done('timed out'), ms).unref()),
  ]);

describe('stopping Folio', () => {
  it('stops while the store cannot be read, even with a sweep waiting on it', async () => {
    const inner = createMemoryEventStore();
    let reachable = true;
    const store: EventStore = {
      ...inner,
      readAll: async (afterPosition, maxCount) => {
        if (!reachable) throw new Error('the event store is unreachable');
        return inner.readAll(afterPosition, maxCount);
      },
    };
    const folio = createFolio({
      store,
      ids: sequentialIds('stop'),
      sweepIntervalMs: null,
      log: silentLogger(),
    });
    await folio.start();
    await addUsersWithBalances(folio, ['alice']);
    reachable = false;
    const sweep = folio.sweep();
    assert.equal(await within(folio.stop(), 10_000), undefined, 'stop returned');
    await sweep;
  });
});
