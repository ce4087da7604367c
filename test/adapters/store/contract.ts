import assert from 'node:assert/strict';
import { describe, it, TestContext } from 'node:test';
import { GENESIS_HASH, hashEvent } from '../../../adapters/store/hash-chain';
import {
  DuplicateEventIdError,
  EventStore,
  ExpectedRevision,
  MAX_EVENTS_PER_APPEND,
  ProposedEvent,
  RecordedEvent,
  WrongExpectedRevisionError,
} from '../../../adapters/store/port';
import {
  asProposed,
  eventually,
  nextMacrotask,
  proposed,
  proposedMany,
  readAllAfter,
  uniqueName,
} from './fixtures';

export interface StoreUnderTest {
  readonly store: EventStore;
  /** Closes the store and opens the same data again; absent for a store that keeps nothing. */
  readonly reopen?: () => Promise<EventStore>;
  /** Closes whichever store is open and removes its data. */
  readonly cleanup: () => Promise<void>;
}

export interface StoreContractOptions {
  /**
   * The store may hold other tests' events (a shared server): no test then expects it to start
   * empty, and reads of the whole log look only at the test's own streams.
   */
  readonly shared?: boolean;
  /**
   * false for a store that recognises a repeated event id only as the retry of an append at the same
   * expected revision (EventStoreDB): the tests of refusing ids stored elsewhere do not apply to it.
   */
  readonly checksEventIdsAcrossStreams?: boolean;
}

const expectWrongRevision = (
  attempt: Promise<unknown>,
  stream: string,
  expected: ExpectedRevision,
  actual: number | 'no_stream',
): Promise<void> =>
  assert.rejects(attempt, (error: unknown) => {
    assert.ok(
      error instanceof WrongExpectedRevisionError,
      `expected WrongExpectedRevisionError, got ${String(error)}`,
    );
    assert.equal(error.stream, stream);
    assert.equal(error.expected, expected);
    assert.equal(error.actual, actual);
    return true;
  });

const expectDuplicateId = (attempt: Promise<unknown>, eventId: string): Promise<void> =>
  assert.rejects(attempt, (error: unknown) => {
    assert.ok(error instanceof DuplicateEventIdError, `expected DuplicateEventIdError, got ${String(error)}`);
    assert.equal(error.eventId, eventId);
    return true;
  });

const ofStreams = (events: readonly RecordedEvent[], streams: readonly string[]): RecordedEvent[] =>
  events.filter((event) => streams.includes(event.stream));

const assertStrictlyIncreasing = (positions: readonly number[]): void => {
  positions.forEach((position, index) => {
    assert.ok(Number.isSafeInteger(position) && position > 0, `position ${position} is a positive integer`);
    const previous = positions[index - 1];
    if (previous !== undefined) assert.ok(position > previous, `position ${position} follows ${previous}`);
  });
};

/** A payload that exercises what JSON can carry and what stores tend to mangle. */
const richPayload = {
  text: 'Zoë Åström — 日本語のテキスト — עברית — 🎉👩‍👩‍👧',
  combining: 'e\u0301 vs \u00e9',
  escapes: 'tab\tnewline\nquote"backslash\\slash/',
  nul: 'before\u0000after',
  nested: { level1: { level2: { level3: [1, 'two', { three: null }, [true, false]] } } },
  numbers: [0, -1, 0.1, 1e-7, 123_456.789, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER],
  empty: { object: {}, array: [], string: '' },
  'key with spaces, ünïcödé and emoji 🔑': 'value',
  zOrder: 'keys not sorted on purpose',
  aOrder: true,
};

/**
 * The event store contract. Every implementation registers it under its own name and must pass all
 * of it: the application relies on nothing a store does beyond what is asserted here.
 */
export const runStoreContract = (
  name: string,
  openStore: () => Promise<StoreUnderTest>,
  options: StoreContractOptions = {},
): void => {
  const test = (
    title: string,
    body: (subject: StoreUnderTest, context: TestContext) => Promise<void>,
  ): void => {
    it(title, async (context) => {
      const subject = await openStore();
      try {
        await body(subject, context);
      } finally {
        await subject.cleanup();
      }
    });
  };
  const skipTest = (
    title: string,
    _body: (subject: StoreUnderTest, context: TestContext) => Promise<void>,
  ): void => {
    it(title, { skip: `not part of ${name}'s semantics` }, () => undefined);
  };

  describe(`event store contract: ${name}`, () => {
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

    describe('idempotent retries and event ids', () => {
      test('retrying an append with the same event ids resolves to the same place, once', async ({
        store,
      }) => {
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
  });
};
