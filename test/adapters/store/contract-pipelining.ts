import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { AppendResult } from '../../../adapters/store/port';
import { ContractSuite, expectWrongRevision, assertStrictlyIncreasing } from './contract-support';
import { asProposed, proposed, proposedMany, uniqueName } from './fixtures';

/**
 * The store contract for pipelined decisions: appends to one stream apply in call order, so the next
 * may be issued (expecting the revision the previous will leave) before the previous is answered;
 * and `afterEventId` refuses an append decided on top of an event that never landed.
 */
export const pipeliningContract = ({ test }: ContractSuite): void => {
  describe('pipelined appends and afterEventId', () => {
    test('appends issued before the previous one resolved all land, in call order', async ({ store }) => {
      const streams = [uniqueName('pipelined-a'), uniqueName('pipelined-b')];
      const decided = streams.map(() => [[proposed()], proposedMany(2), [proposed()], proposedMany(3)]);
      const pending: Promise<AppendResult>[][] = streams.map(() => []);
      // Interleaved across two streams, every append issued before any has resolved.
      for (let step = 0; step < 4; step += 1) {
        streams.forEach((stream, index) => {
          const batches = decided[index] ?? [];
          const previous = batches.slice(0, step).flat();
          const last = previous[previous.length - 1];
          pending[index]?.push(
            store.append(
              stream,
              last === undefined ? 'no_stream' : previous.length - 1,
              batches[step] ?? [],
              last === undefined ? {} : { afterEventId: last.eventId },
            ),
          );
        });
      }
      for (const [index, stream] of streams.entries()) {
        const results = await Promise.all(pending[index] ?? []);
        assert.deepEqual(
          results.map((result) => result.revision),
          [0, 2, 3, 6],
        );
        assertStrictlyIncreasing(results.map((result) => result.position));
        const read = await store.readStream(stream);
        assert.deepEqual(read.map(asProposed), (decided[index] ?? []).flat());
        assert.equal(read[6]?.position, results[3]?.position);
      }
    });

    test('an append after a different last event is refused even when the revision matches', async ({
      store,
    }) => {
      const stream = uniqueName('after-event');
      const [first, second] = proposedMany(2);
      assert.ok(first !== undefined && second !== undefined);
      await store.append(stream, 'no_stream', [first, second]);
      await expectWrongRevision(
        store.append(stream, 1, [proposed()], { afterEventId: first.eventId }),
        stream,
        1,
        1,
      );
      await expectWrongRevision(
        store.append(stream, 'any', [proposed()], { afterEventId: first.eventId }),
        stream,
        'any',
        1,
      );
      await expectWrongRevision(store.append(stream, 1, [], { afterEventId: first.eventId }), stream, 1, 1);
      const missing = uniqueName('after-event-missing');
      await expectWrongRevision(
        store.append(missing, 'any', [proposed()], { afterEventId: first.eventId }),
        missing,
        'any',
        'no_stream',
      );
      assert.equal((await store.readStream(stream)).length, 2);
      const accepted = await store.append(stream, 1, [proposed()], { afterEventId: second.eventId });
      assert.equal(accepted.revision, 2);
      const loose = await store.append(stream, 'any', [proposed()], {
        afterEventId: (await store.readStream(stream, 2))[0]?.eventId ?? '',
      });
      assert.equal(loose.revision, 3);
    });

    test('when an append is refused, every append pipelined on top of it is refused too', async ({
      store,
    }) => {
      const stream = uniqueName('refused-chain');
      const origin = proposed();
      await store.append(stream, 'no_stream', [origin]);
      // Another writer wins revision 1 with exactly one event, issued just before our pipeline.
      const other = proposed();
      const ours = [proposed(), proposed(), proposed()];
      const [x1, x2, x3] = ours;
      assert.ok(x1 !== undefined && x2 !== undefined && x3 !== undefined);
      const winner = store.append(stream, 0, [other], { afterEventId: origin.eventId });
      const a1 = store.append(stream, 0, [x1], { afterEventId: origin.eventId });
      // Revision 1 is what the other writer left, too: only the event id tells the two apart.
      const a2 = store.append(stream, 1, [x2], { afterEventId: x1.eventId });
      const a3 = store.append(stream, 2, [x3], { afterEventId: x2.eventId });
      assert.equal((await winner).revision, 1);
      await expectWrongRevision(a1, stream, 0, 1);
      await expectWrongRevision(a2, stream, 1, 1);
      await expectWrongRevision(a3, stream, 2, 1);
      assert.deepEqual(
        (await store.readStream(stream)).map((event) => event.eventId),
        [origin.eventId, other.eventId],
      );
      // Decided again on top of what did land, it goes through.
      const retried = await store.append(stream, 1, [x1], { afterEventId: other.eventId });
      assert.equal(retried.revision, 2);
    });
  });
};
