import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { RecordedEvent } from '../../../adapters/store/port';
import { ContractSuite, ofStreams, assertStrictlyIncreasing } from './contract-support';
import { asProposed, eventually, nextMacrotask, proposed, proposedMany, uniqueName } from './fixtures';

/** The store contract: reading streams and the whole log, and subscriptions. */
export const readingContract = ({ test, options }: ContractSuite): void => {
  describe('reading', () => {
    test('readStream from a revision returns that revision onwards', async ({ store }) => {
      const stream = uniqueName('from');
      const events = proposedMany(5);
      await store.append(stream, 'no_stream', events);
      assert.deepEqual((await store.readStream(stream)).map(asProposed), events);
      assert.deepEqual((await store.readStream(stream, 0)).map(asProposed), events);
      assert.deepEqual(
        (await store.readStream(stream, 2)).map((event) => event.revision),
        [2, 3, 4],
      );
      assert.deepEqual((await store.readStream(stream, 4)).map(asProposed), events.slice(4));
      assert.deepEqual(await store.readStream(stream, 5), []);
      assert.deepEqual(await store.readStream(stream, 1_000), []);
      assert.deepEqual(await store.readStream(uniqueName('never-written')), []);
    });

    test('readAll(after, max) pages through the log in position order', async ({ store }) => {
      const streams = [uniqueName('page-a'), uniqueName('page-b')];
      const before = await store.headPosition();
      for (let index = 0; index < 7; index += 1)
        await store.append(streams[index % 2] ?? '', 'any', [proposed({ data: { index } })]);
      const whole = await store.readAll(before, 1_000);
      assertStrictlyIncreasing(whole.map((event) => event.position));
      assert.ok(whole.every((event) => event.position > before));
      assert.deepEqual(
        ofStreams(whole, streams).map((event) => event.data),
        [0, 1, 2, 3, 4, 5, 6].map((index) => ({ index })),
      );

      const pages: RecordedEvent[][] = [];
      let after = before;
      for (;;) {
        const page = await store.readAll(after, 3);
        assert.ok(page.length <= 3, 'a page holds at most maxCount events');
        assert.ok(page.every((event) => event.position > after));
        pages.push([...page]);
        const last = page[page.length - 1];
        if (last === undefined) break;
        after = last.position;
      }
      assert.deepEqual(pages.flat(), whole);
      pages.slice(0, -2).forEach((page) => assert.equal(page.length, 3, 'only the last pages are short'));
      if (!options.shared)
        assert.deepEqual(
          pages.map((page) => page.length),
          [3, 3, 1, 0],
        );
    });

    test('headPosition is the position of the newest event', async ({ store }) => {
      const first = await store.append(uniqueName('head'), 'no_stream', proposedMany(2));
      assert.ok((await store.headPosition()) >= first.position);
      const second = await store.append(uniqueName('head'), 'no_stream', [proposed()]);
      const head = await store.headPosition();
      assert.ok(head >= second.position && second.position > first.position);
      if (!options.shared) assert.equal(head, second.position);
      const [last] = await store.readAll(head - 1, 1);
      if (!options.shared) assert.equal(last?.position, head);
      if (!options.shared) assert.deepEqual(await store.readAll(head, 10), []);
    });

    test('an empty store has head position 0 and nothing to read', async ({ store }, context) => {
      if (options.shared) return context.skip('the store is shared with other tests');
      assert.equal(await store.headPosition(), 0);
      assert.deepEqual(await store.readAll(0, 10), []);
    });
  });
  describe('subscriptions', () => {
    test('subscribers are notified after an append, when its events are readable', async ({ store }) => {
      const heads: Promise<number>[] = [];
      let otherCalls = 0;
      const stop = store.subscribe(() => heads.push(store.headPosition()));
      const stopOther = store.subscribe(() => (otherCalls += 1));
      const result = await store.append(uniqueName('notify'), 'no_stream', [proposed()]);
      await eventually(() => heads.length > 0 && otherCalls > 0);
      assert.ok(Math.max(...(await Promise.all(heads))) >= result.position);
      stop();
      stopOther();
    });

    test('an unsubscribed listener is not called again', async ({ store }) => {
      let stoppedCalls = 0;
      let activeCalls = 0;
      const stop = store.subscribe(() => (stoppedCalls += 1));
      const stopActive = store.subscribe(() => (activeCalls += 1));
      await store.append(uniqueName('unsubscribe'), 'no_stream', [proposed()]);
      await eventually(() => stoppedCalls > 0 && activeCalls > 0);
      stop();
      const callsWhenStopped = stoppedCalls;
      const activeWhenStopped = activeCalls;
      await store.append(uniqueName('unsubscribe'), 'no_stream', [proposed()]);
      await eventually(() => activeCalls > activeWhenStopped);
      await nextMacrotask();
      assert.equal(stoppedCalls, callsWhenStopped);
      stopActive();
    });

    test('a subscriber that throws stops neither the others nor later appends', async ({ store }) => {
      let calls = 0;
      const stopFaulty = store.subscribe(() => {
        throw new Error('a faulty subscriber');
      });
      const stop = store.subscribe(() => (calls += 1));
      await store.append(uniqueName('faulty'), 'no_stream', [proposed()]);
      await eventually(() => calls > 0);
      const second = await store.append(uniqueName('faulty'), 'no_stream', [proposed()]);
      await eventually(() => calls > 1);
      assert.ok(second.position > 0);
      stopFaulty();
      stop();
    });
  });
};
