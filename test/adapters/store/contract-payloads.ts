import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { MAX_EVENTS_PER_APPEND } from '../../../adapters/store/port';
import { ContractSuite, expectWrongRevision, ofStreams, richPayload } from './contract-support';
import { asProposed, proposed, proposedMany, readAllAfter, uniqueName } from './fixtures';

/** The store contract: payloads, bounds and durability. */
export const payloadsContract = ({ test }: ContractSuite): void => {
  describe('payloads', () => {
    test('payloads and metadata round-trip exactly', async ({ store }) => {
      const stream = uniqueName('payload');
      const events = [
        proposed({
          type: 'RoundTripped',
          version: 7,
          data: richPayload,
          metadata: {
            actor: 'ünïcødé-用户 🧾',
            method: 'api.adjustUserAccountBalance',
            correlationId: 'c-1',
            ip: '::1',
          },
          recordedAt: '2026-02-28T23:59:59.999Z',
        }),
        proposed({ data: [1, 'two', null] }),
        proposed({ data: 'just a string' }),
        proposed({ data: null }),
      ];
      const before = await store.headPosition();
      await store.append(stream, 'no_stream', events);
      assert.deepEqual((await store.readStream(stream)).map(asProposed), events);
      assert.deepEqual(ofStreams(await readAllAfter(store, before), [stream]).map(asProposed), events);
    });

    test("stored events do not change when the caller's objects do", async ({ store }) => {
      const stream = uniqueName('detached');
      const data = { nested: { value: 'original' }, list: [1, 2] };
      await store.append(stream, 'no_stream', [proposed({ data })]);
      data.nested.value = 'changed by the caller';
      data.list.push(3);
      const [read] = await store.readStream(stream);
      assert.deepEqual(read?.data, { nested: { value: 'original' }, list: [1, 2] });
      const readData = read?.data as { nested: { value: string } };
      try {
        readData.nested.value = 'changed by a reader';
      } catch {
        // A store may hand out frozen events; that protects it just as well.
      }
      const [again] = await store.readAll((read?.position ?? 1) - 1, 1);
      assert.deepEqual(again?.data, { nested: { value: 'original' }, list: [1, 2] });
    });
  });
  describe('bounds', () => {
    test('an append of more than MAX_EVENTS_PER_APPEND events is refused and writes nothing', async ({
      store,
    }) => {
      const stream = uniqueName('too-many');
      const before = await store.headPosition();
      await assert.rejects(
        store.append(stream, 'no_stream', proposedMany(MAX_EVENTS_PER_APPEND + 1)),
        RangeError,
      );
      assert.deepEqual(await store.readStream(stream), []);
      assert.equal(await store.headPosition(), before);
    });

    test('an append of exactly MAX_EVENTS_PER_APPEND events is accepted', async ({ store }) => {
      const stream = uniqueName('at-limit');
      const result = await store.append(stream, 'no_stream', proposedMany(MAX_EVENTS_PER_APPEND));
      assert.equal(result.revision, MAX_EVENTS_PER_APPEND - 1);
      assert.equal((await store.readStream(stream, MAX_EVENTS_PER_APPEND - 1)).length, 1);
    });
  });
  describe('durability', () => {
    test('events survive close and reopen, and the streams go on from where they were', async (subject, context) => {
      if (subject.reopen === undefined) return context.skip('this store keeps nothing across a close');
      const streams = [uniqueName('durable-a'), uniqueName('durable-b')];
      const [a = '', b = ''] = streams;
      const before = await subject.store.headPosition();
      const firstEvents = proposedMany(3);
      const first = await subject.store.append(a, 'no_stream', firstEvents);
      await subject.store.append(b, 'no_stream', [proposed({ data: richPayload })]);
      const written = ofStreams(await readAllAfter(subject.store, before), streams);
      const head = await subject.store.headPosition();

      const store = await subject.reopen();
      assert.deepEqual(ofStreams(await readAllAfter(store, before), streams), written);
      assert.deepEqual([...(await store.readStream(a)), ...(await store.readStream(b))], written);
      assert.equal(await store.headPosition(), head);
      // Expected revisions, idempotent retries and the chain all pick up the stored state.
      await expectWrongRevision(store.append(a, 'no_stream', [proposed()]), a, 'no_stream', 2);
      assert.deepEqual(await store.append(a, 'no_stream', firstEvents), first);
      const next = await store.append(a, 2, [proposed()]);
      assert.equal(next.revision, 3);
      assert.ok(next.position > head);
      const [appended] = await store.readStream(a, 3);
      assert.equal(appended?.previousHash, written[2]?.hash);
    });
  });
};
