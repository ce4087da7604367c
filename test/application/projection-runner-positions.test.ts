import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isRight } from 'fp-ts/Either';
import { createFolio, Folio } from '../../application/folio';
import { sequentialIds } from '../../application/ids';
import { createEsdbEventStore } from '../../adapters/store/esdb/store';
import { migrateLog } from '../../adapters/store/migrate/migrate-log';
import { EventStore } from '../../adapters/store/port';
import { createEsdbModel } from '../support/esdb-model';

const context = { actor: 'test', method: 'test', correlationId: 'c' };

const addUser = async (folio: Folio, username: string): Promise<void> => {
  const added = await folio.services.users.addNewInternalUser(context, {
    username,
    password: '',
    fullName: '',
    email: '',
    cardId: '',
    pin: '',
  });
  assert.ok(isRight(added), `${username} added`);
};

const balanceOf = (folio: Folio, username: string): bigint => {
  const balance = folio.services.balances.getUserAccountBalance(username, '');
  return isRight(balance) ? balance.right : -1n;
};

/** Counts the events a store hands to readAll: what a restart had to replay. */
const counting = (store: EventStore) => {
  let read = 0;
  const wrapped: EventStore = {
    ...store,
    readAll: async (after, max) => {
      const events = await store.readAll(after, max);
      read += events.length;
      return events;
    },
  };
  return { store: wrapped, read: () => read };
};

const eventually = async (condition: () => boolean): Promise<void> => {
  for (let attempt = 0; attempt < 400 && !condition(); attempt += 1)
    await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), 'reached in time');
};

describe('read models on EventStoreDB positions (in-memory model)', () => {
  it('a write is readable on the server that made it as soon as it is acknowledged', async () => {
    const folio = createFolio({ store: createEsdbEventStore(createEsdbModel()), ids: sequentialIds('s') });
    await folio.start();
    await addUser(folio, 'ann');
    for (let step = 1; step <= 20; step += 1) {
      assert.ok(
        isRight(await folio.services.balances.adjustUserAccountBalance(context, 'ann', 1_000_000n, '', '')),
      );
      assert.equal(balanceOf(folio, 'ann'), BigInt(step) * 1_000_000n, 'read-your-writes');
    }
    await folio.stop();
  });

  it("another server's writes reach this server's read models through the subscription", async () => {
    const model = createEsdbModel();
    const a = createFolio({ store: createEsdbEventStore(model), ids: sequentialIds('a') });
    const b = createFolio({ store: createEsdbEventStore(model), ids: sequentialIds('b') });
    await a.start();
    await b.start();
    await addUser(a, 'bob');
    await eventually(() => b.services.users.isUserExists('bob'));
    assert.ok(
      isRight(await b.services.balances.adjustUserAccountBalance(context, 'bob', 2_000_000n, '', '')),
    );
    await eventually(() => balanceOf(a, 'bob') === 2_000_000n);
    // Decisions read the stream, not the read model: a's decision sees b's write even before a's models do.
    assert.ok(
      isRight(await a.services.balances.adjustUserAccountBalance(context, 'bob', -2_000_000n, '', '')),
    );
    assert.equal(balanceOf(a, 'bob'), 0n);
    await a.stop();
    await b.stop();
  });

  it('a restart resumes from its checkpoint snapshot, and a snapshot of another log is rebuilt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'folio-runner-'));
    try {
      const snapshotPath = join(dir, 'read-models.snapshot');
      const model = createEsdbModel();
      const first = createFolio({
        store: createEsdbEventStore(model),
        ids: sequentialIds('f'),
        snapshotPath,
      });
      await first.start();
      for (const username of ['c1', 'c2', 'c3', 'c4', 'c5']) await addUser(first, username);
      await first.stop();
      const expected = first.models.serialize();

      const resumed = counting(createEsdbEventStore(model));
      const second = createFolio({ store: resumed.store, ids: sequentialIds('g'), snapshotPath });
      await second.start();
      assert.equal(resumed.read(), 0, 'nothing replayed: the checkpoint was the head');
      assert.equal(second.models.serialize(), expected);
      await addUser(second, 'c6');
      await second.stop();

      // The same log migrated to another store has the same events at other positions: rebuilt, not trusted.
      const migrated = createEsdbEventStore(createEsdbModel({ statsEveryAppends: 3 }));
      const copied = await migrateLog(createEsdbEventStore(model), migrated, { pipelined: false });
      const onCopy = counting(migrated);
      const fourth = createFolio({ store: onCopy.store, ids: sequentialIds('m'), snapshotPath });
      await fourth.start();
      assert.equal(onCopy.read(), copied.verification.matched, 'the whole log was folded again');
      assert.equal(fourth.services.users.getTotalUsers(), 6);
      await fourth.stop();

      // The same snapshot against another store (a different log) must not be trusted.
      const other = createEsdbModel();
      const otherStore = createEsdbEventStore(other);
      const third = createFolio({ store: otherStore, ids: sequentialIds('h'), snapshotPath });
      await third.start();
      assert.equal(third.services.users.getTotalUsers(), 0);
      await third.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
