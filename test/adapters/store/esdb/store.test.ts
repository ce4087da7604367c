import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { AllStreamResolvedEvent, MaxAppendSizeExceededError } from '@eventstore/db-client';
import { EsdbClient } from '../../../../adapters/store/esdb/client';
import { NotAFolioEventError } from '../../../../adapters/store/esdb/event-data';
import { createEsdbEventStore, PositionOrderError } from '../../../../adapters/store/esdb/store';
import { ProposedEvent, WrongExpectedRevisionError } from '../../../../adapters/store/port';
import { createEsdbModel, EsdbModel } from '../../../support/esdb-model';

const event = (overrides: Partial<ProposedEvent> = {}): ProposedEvent => ({
  eventId: randomUUID(),
  type: 'Tested',
  version: 1,
  data: { note: 'x' },
  metadata: { actor: 'test', method: 'test', correlationId: 'c' },
  recordedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

const events = (count: number): ProposedEvent[] => Array.from({ length: count }, () => event());

const waitUntil = async (condition: () => boolean): Promise<void> => {
  for (let attempt = 0; attempt < 400 && !condition(); attempt += 1)
    await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), 'condition reached in time');
};

const withStore = async (
  body: (model: EsdbModel, store: ReturnType<typeof createEsdbEventStore>) => Promise<void>,
) => {
  const model = createEsdbModel();
  const store = createEsdbEventStore(model);
  try {
    await body(model, store);
  } finally {
    await store.close();
  }
};

describe('EventStoreDB store (on the in-memory model)', () => {
  it('skips the server’s own events and reports non-contiguous commit positions', () =>
    withStore(async (model, store) => {
      assert.equal(await store.headPosition(), 0, 'a new database holds only system events');
      for (let index = 0; index < 12; index += 1) await store.append(`s-${index % 3}`, 'any', events(2));
      const all = await store.readAll(0, 1_000);
      assert.equal(all.length, 24);
      assert.ok(all.every((recorded) => !recorded.stream.startsWith('$')));
      assert.ok(
        model.records().some((record) => record.streamId.startsWith('$stats')),
        'statistics were interleaved',
      );
      const gaps = all.slice(1).map((recorded, index) => recorded.position - (all[index]?.position ?? 0));
      assert.ok(
        gaps.every((gap) => gap > 1),
        'positions are byte offsets, never contiguous',
      );
      assert.equal(await store.headPosition(), all[all.length - 1]?.position);
    }));

  it('an append reports its last event’s position although the server replies with the first’s', () =>
    withStore(async (_model, store) => {
      const result = await store.append('multi', 'no_stream', events(5));
      const stored = await store.readStream('multi');
      assert.equal(result.revision, 4);
      assert.equal(result.position, stored[4]?.position);
      assert.ok(result.position > (stored[0]?.position ?? Infinity));
    }));

  it('a retry at the same expected revision is recognised by the server and writes nothing', () =>
    withStore(async (model, store) => {
      await store.append('retry', 'no_stream', events(1));
      const batch = events(2);
      const first = await store.append('retry', 0, batch);
      const before = model.records().length;
      // Same ids, same expected revision, but a later clock reading: the stored events stand.
      const again = await store.append(
        'retry',
        0,
        batch.map((proposed) => ({ ...proposed, recordedAt: '2030-01-01T00:00:00.000Z' })),
      );
      assert.deepEqual(again, first);
      assert.equal(model.records().length, before);
      assert.equal((await store.readStream('retry'))[2]?.recordedAt, '2026-01-01T00:00:00.000Z');
    }));

  it('chains each stream by the hash of the event at the expected revision', () =>
    withStore(async (_model, store) => {
      await store.append('chain', 'no_stream', events(2));
      await store.append('other', 'no_stream', events(1));
      await store.append('chain', 1, events(1));
      // A second adapter has no cached head: it reads the predecessor from the server.
      const fresh = createEsdbEventStore(createEsdbModel());
      await fresh.close();
      const chain = await store.readStream('chain');
      chain.slice(1).forEach((recorded, index) => assert.equal(recorded.previousHash, chain[index]?.hash));
    }));

  it("concurrent 'any' appends to one stream all land, each chained to its real predecessor", () =>
    withStore(async (_model, store) => {
      await Promise.all(Array.from({ length: 10 }, () => store.append('busy', 'any', events(1))));
      const stored = await store.readStream('busy');
      assert.deepEqual(
        stored.map((recorded) => recorded.revision),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      );
      stored.slice(1).forEach((recorded, index) => assert.equal(recorded.previousHash, stored[index]?.hash));
    }));

  it('a wrong expected revision is refused with the revision the stream has', () =>
    withStore(async (_model, store) => {
      await store.append('wrong', 'no_stream', events(3));
      await assert.rejects(store.append('wrong', 1, events(1)), (error: unknown) => {
        assert.ok(error instanceof WrongExpectedRevisionError);
        assert.equal(error.actual, 2);
        return true;
      });
      await assert.rejects(store.append('wrong', 7, events(1)), { actual: 2 });
    }));

  it('reads $all from a checkpoint it has not seen, and from one it has without searching', () =>
    withStore(async (model, store) => {
      for (let index = 0; index < 30; index += 1) await store.append(`p-${index}`, 'no_stream', events(1));
      const all = await store.readAll(0, 100);
      const middle = all[14];
      assert.ok(middle !== undefined);
      const fresh = createEsdbEventStore(model);
      const unknownCheckpoint = await fresh.readAll(middle.position, 5);
      assert.deepEqual(unknownCheckpoint, all.slice(15, 20));
      // Between two records (a position no event has) reads on from the next event.
      assert.deepEqual(await fresh.readAll(middle.position + 1, 2), all.slice(15, 17));
      const reads = model.calls.readAll;
      assert.deepEqual(await fresh.readAll(all[19]?.position ?? 0, 3), all.slice(20, 23));
      assert.equal(model.calls.readAll, reads + 1, 'a known checkpoint is read from directly');
      await fresh.close();
    }));

  it('pages through long runs of system events', () =>
    withStore(async (model, store) => {
      await store.append('before', 'no_stream', events(1));
      for (let index = 0; index < 1_000; index += 1) model.writeSystemEvent('$stats-node', '$statsCollected');
      await store.append('after', 'no_stream', events(1));
      const all = await store.readAll(0, 10);
      assert.deepEqual(
        all.map((recorded) => recorded.stream),
        ['before', 'after'],
      );
      for (let index = 0; index < 600; index += 1) model.writeSystemEvent('$stats-node', '$statsCollected');
      assert.equal(await store.headPosition(), all[1]?.position);
    }));

  it('refuses a $all that is out of commit order instead of skipping events', async () => {
    const record = (commit: bigint): AllStreamResolvedEvent => ({
      event: {
        streamId: '$stats',
        id: randomUUID(),
        isJson: true,
        revision: 0n,
        type: '$statsCollected',
        created: new Date(0),
        data: {},
        metadata: {},
        position: { commit, prepare: commit },
      },
    });
    const outOfOrder: EsdbClient = {
      ...createEsdbModel(),
      readAll: async function* () {
        yield record(200n);
        yield record(100n);
      },
    };
    await assert.rejects(createEsdbEventStore(outOfOrder).readAll(0, 10), PositionOrderError);
  });

  it('refuses a foreign event in $all rather than skip part of the log', () =>
    withStore(async (model, store) => {
      await model.appendToStream(
        'foreign',
        [{ id: randomUUID(), contentType: 'application/json', type: 'Hello', data: {}, metadata: undefined }],
        {},
      );
      await assert.rejects(store.readAll(0, 10), NotAFolioEventError);
    }));

  it('an append over the server’s size limit fails and writes nothing', async () => {
    const model = createEsdbModel({ maxAppendSize: 10_000 });
    const store = createEsdbEventStore(model);
    await assert.rejects(
      store.append('big', 'no_stream', [event({ data: { blob: 'x'.repeat(20_000) } })]),
      MaxAppendSizeExceededError,
    );
    assert.deepEqual(await store.readStream('big'), []);
    await store.close();
  });

  it('notifies subscribers, re-subscribes after the connection drops, and stops when the last leaves', () =>
    withStore(async (model, store) => {
      let calls = 0;
      const stop = store.subscribe(() => (calls += 1));
      await waitUntil(() => calls > 0); // the confirmation
      const confirmed = calls;
      await store.append('n', 'no_stream', events(1));
      await waitUntil(() => calls > confirmed);
      model.dropSubscriptions();
      const dropped = calls;
      await waitUntil(() => calls > dropped); // re-subscribed and told readers to look
      assert.equal(model.calls.subscribe, 2);
      const resumed = calls;
      await store.append('n', 0, events(1));
      await waitUntil(() => calls > resumed);
      stop();
      const stopped = calls;
      await store.append('n', 1, events(1));
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(calls, stopped);
    }));
});
