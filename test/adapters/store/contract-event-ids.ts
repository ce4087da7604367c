import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { GENESIS_HASH, hashEvent } from '../../../adapters/store/hash-chain';
import { ContractSuite, expectDuplicateId, ofStreams, richPayload } from './contract-support';
import { asProposed, proposed, proposedMany, readAllAfter, uniqueName } from './fixtures';

/** The store contract: idempotent retries, event ids and the hash chain. */
export const eventIdsContract = ({ test, skipTest, options }: ContractSuite): void => {
  describe('idempotent retries and event ids', () => {
    test('retrying an append with the same event ids resolves to the same place, once', async ({ store }) => {
      const stream = uniqueName('retry');
      const before = await store.headPosition();
      const events = proposedMany(3);
      const first = await store.append(stream, 'no_stream', events);
      const head = await store.headPosition();
      assert.deepEqual(await store.append(stream, 'no_stream', events), first);
      assert.equal(await store.headPosition(), head);
      assert.deepEqual((await store.readStream(stream)).map(asProposed), events);
      const ids = ofStreams(await readAllAfter(store, before), [stream]).map((event) => event.eventId);
      assert.deepEqual(
        ids,
        events.map((event) => event.eventId),
      );
    });

    test('a retry is recognised after the stream moved on', async ({ store }) => {
      const stream = uniqueName('retry-later');
      const firstEvents = proposedMany(2);
      const first = await store.append(stream, 'no_stream', firstEvents);
      const laterEvents = [proposed()];
      const later = await store.append(stream, 1, laterEvents);
      await store.append(stream, 2, [proposed()]);
      assert.deepEqual(await store.append(stream, 'no_stream', firstEvents), first);
      assert.deepEqual(await store.append(stream, 1, laterEvents), later);
      assert.equal((await store.readStream(stream)).length, 4);
    });

    const acrossStreams = options.checksEventIdsAcrossStreams === false ? skipTest : test;

    acrossStreams('an event id stored on another stream is refused', async ({ store }) => {
      const stored = proposed();
      await store.append(uniqueName('owner'), 'no_stream', [stored]);
      const other = uniqueName('other');
      await expectDuplicateId(store.append(other, 'no_stream', [stored]), stored.eventId);
      await expectDuplicateId(
        store.append(other, 'any', [proposed({ eventId: stored.eventId, data: 1 })]),
        stored.eventId,
      );
      assert.deepEqual(await store.readStream(other), []);
    });

    acrossStreams('a reused event id is refused wherever it stands in the append', async ({ store }) => {
      const stored = proposed();
      await store.append(uniqueName('owner'), 'no_stream', [stored]);
      const other = uniqueName('other');
      const before = await store.headPosition();
      await expectDuplicateId(store.append(other, 'no_stream', [proposed(), stored]), stored.eventId);
      assert.deepEqual(await store.readStream(other), []);
      assert.equal(await store.headPosition(), before);
    });

    test('an append naming one event id twice is refused', async ({ store }) => {
      const stream = uniqueName('twice');
      const event = proposed();
      const before = await store.headPosition();
      await expectDuplicateId(
        store.append(stream, 'no_stream', [event, { ...event, data: 2 }]),
        event.eventId,
      );
      assert.deepEqual(await store.readStream(stream), []);
      assert.equal(await store.headPosition(), before);
    });

    test('a stored batch retried with an extra event is refused and adds nothing', async ({ store }) => {
      const stream = uniqueName('grown');
      const events = proposedMany(2);
      await store.append(stream, 'no_stream', events);
      const extra = proposed();
      await assert.rejects(store.append(stream, 'no_stream', [...events, extra]));
      assert.deepEqual((await store.readStream(stream)).map(asProposed), events);
    });
  });
  describe('hash chain', () => {
    test('each event hashes its content and chains to its predecessor in the stream', async ({ store }) => {
      const streams = [uniqueName('chain-a'), uniqueName('chain-b')];
      const [a = '', b = ''] = streams;
      await store.append(a, 'no_stream', proposedMany(2));
      await store.append(b, 'no_stream', [proposed({ data: richPayload })]);
      await store.append(a, 1, proposedMany(2));
      const hashes = new Set<string>();
      for (const stream of streams) {
        let previousHash = GENESIS_HASH;
        for (const event of await store.readStream(stream)) {
          assert.equal(event.previousHash, previousHash, `${stream}@${event.revision} previousHash`);
          const recomputed = hashEvent({
            ...asProposed(event),
            stream: event.stream,
            revision: event.revision,
            previousHash: event.previousHash,
          });
          assert.equal(event.hash, recomputed, `${stream}@${event.revision} hash`);
          assert.match(event.hash, /^[0-9a-f]{64}$/);
          hashes.add(event.hash);
          previousHash = event.hash;
        }
      }
      assert.equal(hashes.size, 5);
    });
  });
};
