import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  EventData,
  jsonEvent,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { createEsdbModel } from './esdb-model';

/** The model is the stand-in for a server in most of the ESDB tests: its own behaviour is pinned here. */

const data = (count: number): EventData[] =>
  Array.from({ length: count }, () => jsonEvent({ id: randomUUID(), type: 'T', data: { n: 1 } }));

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};

describe('in-memory model of EventStoreDB', () => {
  it('recognises a retry only at the same expected revision', async () => {
    const model = createEsdbModel();
    const first = data(2);
    await model.appendToStream('s', first, { expectedRevision: NO_STREAM });
    const second = data(1);
    await model.appendToStream('s', second, { expectedRevision: 1n });
    const before = model.records().length;
    const retried = await model.appendToStream('s', first, { expectedRevision: NO_STREAM });
    assert.equal(retried.nextExpectedRevision, 1n);
    assert.equal(retried.position, undefined, 'a recognised retry has no position');
    await model.appendToStream('s', second, { expectedRevision: 1n });
    assert.equal(model.records().length, before);
    // At the current revision the same ids are simply written again: the server does not look.
    await model.appendToStream('s', second, { expectedRevision: 2n });
    assert.equal((await collect(model.readStream('s', { fromRevision: START }))).length, 4);
  });

  it('refuses a partial retry and a stale revision with WrongExpectedVersionError', async () => {
    const model = createEsdbModel();
    const batch = data(2);
    await model.appendToStream('s', batch, { expectedRevision: NO_STREAM });
    await assert.rejects(
      model.appendToStream('s', [...batch, ...data(1)], { expectedRevision: NO_STREAM }),
      (error: unknown) => error instanceof WrongExpectedVersionError && error.actualVersion === 1n,
    );
    await assert.rejects(
      model.appendToStream('s', data(1), { expectedRevision: 0n }),
      WrongExpectedVersionError,
    );
    await assert.rejects(
      model.appendToStream('t', data(1), { expectedRevision: 0n }),
      (error: unknown) => error instanceof WrongExpectedVersionError && error.actualVersion === NO_STREAM,
    );
  });

  it('places records at strictly increasing, non-contiguous byte offsets, commit = prepare', async () => {
    const model = createEsdbModel();
    await model.appendToStream('s', data(3), { expectedRevision: NO_STREAM });
    const positions = model.records().map((record) => record.position);
    positions.slice(1).forEach((position, index) => {
      assert.ok(position.commit > (positions[index]?.commit ?? 0n) + 1n);
      assert.equal(position.commit, position.prepare);
    });
  });

  it('answers an append with the first event’s position', async () => {
    const model = createEsdbModel();
    const result = await model.appendToStream('s', data(3), { expectedRevision: NO_STREAM });
    const stored = await collect(model.readStream('s', { fromRevision: START }));
    assert.deepEqual(result.position, stored[0]?.event?.position);
  });

  it('cannot read $all from inside a record, nor a stream never written', async () => {
    const model = createEsdbModel();
    await model.appendToStream('s', data(1), { expectedRevision: NO_STREAM });
    const [record] = model.records().slice(-1);
    assert.ok(record !== undefined);
    const inside = { commit: record.position.commit + 1n, prepare: record.position.commit + 1n };
    await assert.rejects(collect(model.readAll({ fromPosition: inside })), /inside a record/);
    await assert.rejects(collect(model.readStream('never', {})), StreamNotFoundError);
  });
});
