import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { left, right } from 'fp-ts/Either';
import { createAggregateRepository } from '../../application/aggregates';
import { sequentialIds } from '../../application/ids';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { EventStore } from '../../adapters/store/port';
import { DomainError } from '../../domain/errors';
import { UniquenessEvent } from '../../domain/uniqueness/uniqueness';
import { claimed, context, historyDecider, ownersIn, withBeforeAppend } from './support';

const clock = () => new Date('2026-03-04T05:06:07.000Z');
const repositoryOn = (store: EventStore, prefix: string) =>
  createAggregateRepository(store, clock, sequentialIds(prefix));

const appendOne =
  (ownerId: string) => (): ReturnType<typeof right<DomainError, readonly UniquenessEvent[]>> =>
    right([claimed(ownerId)]);

describe('aggregate repository', () => {
  it('decides again on the new state when another writer got there first', async () => {
    const store = createMemoryEventStore();
    const other = repositoryOn(store, 'other');
    const stream = 'unique-username-race';
    const interfering = withBeforeAppend(store, async (_stream, attempt) => {
      if (attempt === 1) await other.execute(stream, historyDecider, appendOne('other'), context);
    });
    const repository = repositoryOn(interfering, 'mine');
    const seen: (readonly string[])[] = [];
    const executed = await repository.execute(
      stream,
      historyDecider,
      (history) => {
        seen.push(history);
        return right([claimed('mine')]);
      },
      context,
    );
    assert.deepEqual(seen, [[], ['other']]);
    assert.ok(executed._tag === 'Right');
    assert.deepEqual(executed.right.state, ['other', 'mine']);
    assert.equal(executed.right.position, await store.headPosition());
    assert.deepEqual(await ownersIn(store, stream), ['other', 'mine']);
  });

  it('a decision retried on the new state may refuse, and then writes nothing', async () => {
    const store = createMemoryEventStore();
    const other = repositoryOn(store, 'other');
    const stream = 'unique-username-taken';
    const interfering = withBeforeAppend(store, async (_stream, attempt) => {
      if (attempt === 1) await other.execute(stream, historyDecider, appendOne('other'), context);
    });
    const taken: DomainError = { code: 'UserAlreadyExists', username: 'key' };
    const executed = await repositoryOn(interfering, 'mine').execute(
      stream,
      historyDecider,
      (history) => (history.length > 0 ? left(taken) : right([claimed('mine')])),
      context,
    );
    assert.deepEqual(executed, left(taken));
    assert.deepEqual(await ownersIn(store, stream), ['other']);
  });

  it('gives up with a Conflict when another writer wins every attempt', async () => {
    const store = createMemoryEventStore();
    const other = repositoryOn(store, 'other');
    const stream = 'unique-username-busy';
    const interfering = withBeforeAppend(store, async () => {
      await other.execute(stream, historyDecider, appendOne('other'), context);
    });
    const executed = await repositoryOn(interfering, 'mine').execute(
      stream,
      historyDecider,
      appendOne('mine'),
      context,
    );
    assert.ok(executed._tag === 'Left' && executed.left.code === 'Conflict');
    const owners = await ownersIn(store, stream);
    assert.ok(owners.length > 1 && owners.every((owner) => owner === 'other'));
  });

  it('an empty decision writes nothing and reports position 0', async () => {
    const store = createMemoryEventStore();
    const repository = repositoryOn(store, 'mine');
    const stream = 'unique-username-empty';
    await repository.execute(stream, historyDecider, appendOne('first'), context);
    const head = await store.headPosition();
    const executed = await repository.execute(stream, historyDecider, () => right([]), context);
    assert.deepEqual(executed, right({ events: [], state: ['first'], position: 0 }));
    assert.equal(await store.headPosition(), head);
  });

  it('a domain error writes nothing, and the stream stays usable', async () => {
    const store = createMemoryEventStore();
    const repository = repositoryOn(store, 'mine');
    const stream = 'unique-username-refused';
    const refusal: DomainError = { code: 'UserNotFound', username: 'nobody' };
    assert.deepEqual(
      await repository.execute(stream, historyDecider, () => left(refusal), context),
      left(refusal),
    );
    assert.equal(await store.headPosition(), 0);
    assert.deepEqual(await store.readStream(stream), []);
    const executed = await repository.execute(stream, historyDecider, appendOne('later'), context);
    assert.ok(executed._tag === 'Right');
    assert.deepEqual(await ownersIn(store, stream), ['later']);
  });

  it('a decision that throws rejects its caller only; the next caller proceeds', async () => {
    const store = createMemoryEventStore();
    const repository = repositoryOn(store, 'mine');
    const stream = 'unique-username-throws';
    const failing = repository.execute(
      stream,
      historyDecider,
      () => {
        throw new Error('decider bug');
      },
      context,
    );
    const next = repository.execute(stream, historyDecider, appendOne('next'), context);
    await assert.rejects(failing, /decider bug/);
    assert.ok((await next)._tag === 'Right');
    assert.deepEqual(await ownersIn(store, stream), ['next']);
  });

  it('serialises in-process callers on one stream, so none of them conflicts', async () => {
    const store = createMemoryEventStore();
    const inFlight = new Map<string, number>();
    const maxInFlight = new Map<string, number>();
    let maxOverall = 0;
    let overall = 0;
    // Appends take a macrotask, so callers that were not serialised would overlap here.
    const slow: EventStore = {
      ...store,
      append: async (stream, expected, events) => {
        const now = (inFlight.get(stream) ?? 0) + 1;
        inFlight.set(stream, now);
        maxInFlight.set(stream, Math.max(maxInFlight.get(stream) ?? 0, now));
        overall += 1;
        maxOverall = Math.max(maxOverall, overall);
        try {
          await new Promise((resolve) => setImmediate(resolve));
          return await store.append(stream, expected, events);
        } finally {
          inFlight.set(stream, (inFlight.get(stream) ?? 1) - 1);
          overall -= 1;
        }
      },
    };
    const repository = repositoryOn(slow, 'mine');
    const callers = 10;
    const streams = ['unique-username-one', 'unique-username-two'];
    let decisions = 0;
    const results = await Promise.all(
      streams.flatMap((stream) =>
        Array.from({ length: callers }, (_, index) =>
          repository.execute(
            stream,
            historyDecider,
            (history) => {
              decisions += 1;
              return right([claimed(`caller-${index}-after-${history.length}`)]);
            },
            context,
          ),
        ),
      ),
    );
    assert.ok(results.every((result) => result._tag === 'Right'));
    assert.equal(decisions, callers * streams.length, 'every caller decided once: no conflict, no retry');
    for (const stream of streams) {
      assert.equal(maxInFlight.get(stream), 1);
      assert.deepEqual(
        await ownersIn(store, stream),
        Array.from({ length: callers }, (_, index) => `caller-${index}-after-${index}`),
      );
    }
    assert.ok(maxOverall > 1, 'different streams do not wait for each other');
  });

  it("load catches up with another repository's writes", async () => {
    const store = createMemoryEventStore();
    const mine = repositoryOn(store, 'mine');
    const other = repositoryOn(store, 'other');
    const stream = 'unique-username-cached';
    await mine.execute(stream, historyDecider, appendOne('mine'), context);
    assert.deepEqual((await mine.load(stream, historyDecider)).state, ['mine']);
    await other.execute(stream, historyDecider, appendOne('other'), context);
    assert.deepEqual(await mine.load(stream, historyDecider), { state: ['mine', 'other'], revision: 1 });
  });
});
