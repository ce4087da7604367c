import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { ExpectedRevision, ProposedEvent, WrongExpectedRevisionError } from '../../../adapters/store/port';
import { ContractSuite, expectWrongRevision, ofStreams, assertStrictlyIncreasing } from './contract-support';
import { asProposed, proposed, proposedMany, readAllAfter, uniqueName } from './fixtures';

/** The store contract: expected revisions, and how revisions and positions are assigned. */
export const revisionsContract = ({ test }: ContractSuite): void => {
  describe('expected revisions', () => {
    test("'no_stream' creates a stream whose revisions start at 0", async ({ store }) => {
      const stream = uniqueName('new');
      const events = proposedMany(3);
      const result = await store.append(stream, 'no_stream', events);
      const read = await store.readStream(stream);
      assert.deepEqual(
        read.map((event) => event.revision),
        [0, 1, 2],
      );
      assert.deepEqual(read.map(asProposed), events);
      assert.ok(read.every((event) => event.stream === stream));
      assert.deepEqual(result, { revision: 2, position: read[2]?.position });
    });

    test("'no_stream' is refused once the stream exists, naming its revision", async ({ store }) => {
      const stream = uniqueName('exists');
      await store.append(stream, 'no_stream', proposedMany(2));
      const head = await store.headPosition();
      await expectWrongRevision(store.append(stream, 'no_stream', [proposed()]), stream, 'no_stream', 1);
      assert.equal((await store.readStream(stream)).length, 2);
      assert.equal(await store.headPosition(), head);
    });

    test("an exact revision appends only when it is the stream's last revision", async ({ store }) => {
      const stream = uniqueName('exact');
      await store.append(stream, 'no_stream', proposedMany(2));
      const appended = await store.append(stream, 1, [proposed()]);
      assert.equal(appended.revision, 2);
      const head = await store.headPosition();
      await expectWrongRevision(store.append(stream, 1, [proposed()]), stream, 1, 2);
      await expectWrongRevision(store.append(stream, 3, [proposed()]), stream, 3, 2);
      await expectWrongRevision(store.append(stream, 0, [proposed()]), stream, 0, 2);
      const missing = uniqueName('missing');
      await expectWrongRevision(store.append(missing, 0, [proposed()]), missing, 0, 'no_stream');
      assert.equal((await store.readStream(stream)).length, 3);
      assert.deepEqual(await store.readStream(missing), []);
      assert.equal(await store.headPosition(), head);
    });

    test("'any' appends whether or not the stream exists", async ({ store }) => {
      const stream = uniqueName('any');
      assert.equal((await store.append(stream, 'any', proposedMany(2))).revision, 1);
      assert.equal((await store.append(stream, 'any', [proposed()])).revision, 2);
      assert.deepEqual(
        (await store.readStream(stream)).map((event) => event.revision),
        [0, 1, 2],
      );
    });

    test("'stream_exists' refuses a missing stream and appends to an existing one", async ({ store }) => {
      const stream = uniqueName('stream-exists');
      await expectWrongRevision(
        store.append(stream, 'stream_exists', [proposed()]),
        stream,
        'stream_exists',
        'no_stream',
      );
      assert.deepEqual(await store.readStream(stream), []);
      await store.append(stream, 'no_stream', [proposed()]);
      assert.equal((await store.append(stream, 'stream_exists', [proposed()])).revision, 1);
    });

    test('concurrent appends expecting the same revision: exactly one wins', async ({ store }) => {
      const stream = uniqueName('race');
      const contenders = proposedMany(8);
      const outcomes = await Promise.allSettled(
        contenders.map((event) => store.append(stream, 'no_stream', [event])),
      );
      const winners = outcomes.flatMap((outcome, index) =>
        outcome.status === 'fulfilled' ? [contenders[index]] : [],
      );
      assert.equal(winners.length, 1);
      for (const outcome of outcomes)
        if (outcome.status === 'rejected') assert.ok(outcome.reason instanceof WrongExpectedRevisionError);
      assert.deepEqual((await store.readStream(stream)).map(asProposed), winners);
    });

    test('an empty append checks the expected revision and writes nothing', async ({ store }) => {
      const stream = uniqueName('empty');
      await store.append(stream, 'no_stream', [proposed()]);
      const head = await store.headPosition();
      assert.equal((await store.append(stream, 0, [])).revision, 0);
      await expectWrongRevision(store.append(stream, 'no_stream', []), stream, 'no_stream', 0);
      assert.equal((await store.readStream(stream)).length, 1);
      assert.equal(await store.headPosition(), head);
    });
  });
  describe('revisions and positions', () => {
    test('revisions are 0-based and contiguous across appends', async ({ store }) => {
      const stream = uniqueName('contiguous');
      let expected: ExpectedRevision = 'no_stream';
      for (const size of [1, 3, 2, 1]) {
        const result = await store.append(stream, expected, proposedMany(size));
        expected = result.revision;
      }
      assert.deepEqual(
        (await store.readStream(stream)).map((event) => event.revision),
        [0, 1, 2, 3, 4, 5, 6],
      );
    });

    test('global positions strictly increase across streams, in append order', async ({ store }) => {
      const streams = [uniqueName('a'), uniqueName('b'), uniqueName('c')];
      const before = await store.headPosition();
      const appended: { events: ProposedEvent[]; position: number }[] = [];
      for (let round = 0; round < 3; round += 1) {
        for (const stream of streams) {
          const events = proposedMany(round + 1);
          const result = await store.append(stream, 'any', events);
          appended.push({ events, position: result.position });
        }
      }
      const read = ofStreams(await readAllAfter(store, before), streams);
      assertStrictlyIncreasing(read.map((event) => event.position));
      assert.deepEqual(
        read.map(asProposed),
        appended.flatMap(({ events }) => events),
      );
      assertStrictlyIncreasing(appended.map(({ position }) => position));
      // Each append reports the position of its own last event.
      const byId = new Map(read.map((event) => [event.eventId, event.position]));
      for (const { events, position } of appended)
        assert.equal(byId.get(events[events.length - 1]?.eventId ?? ''), position);
    });

    test('concurrent appends to different streams all succeed at distinct positions', async ({ store }) => {
      const streams = Array.from({ length: 12 }, (_, index) => uniqueName(`parallel-${index}`));
      const before = await store.headPosition();
      const results = await Promise.all(
        streams.map((stream) => store.append(stream, 'no_stream', proposedMany(2))),
      );
      assert.equal(new Set(results.map((result) => result.position)).size, streams.length);
      const read = ofStreams(await readAllAfter(store, before), streams);
      assert.equal(read.length, streams.length * 2);
      assertStrictlyIncreasing(read.map((event) => event.position));
    });
  });
};
