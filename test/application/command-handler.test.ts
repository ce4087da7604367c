import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Either, left, right } from 'fp-ts/Either';
import { createCommandHandler } from '../../application/command-handler';
import { sequentialIds } from '../../application/ids';
import { createMemoryEventStore } from '../../adapters/store/memory';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  ProposedEvent,
} from '../../adapters/store/port';
import { DomainError } from '../../domain/errors';
import { UniquenessEvent } from '../../domain/uniqueness/uniqueness';
import { claimed, context, historyDecider, ownersIn, withBeforeAppend } from './support';

const clock = () => new Date('2026-03-04T05:06:07.000Z');

/** A command of the test aggregate carries its own decision: the history of owners in, events out. */
type Decide = (history: readonly string[]) => Either<DomainError, readonly UniquenessEvent[]>;
interface TestCommand {
  readonly decide: Decide;
}
const command = (decide: Decide): TestCommand => ({ decide });
const streamOf = (id: string) => `unique-username-${id}`;
const handlerOn = (store: EventStore, prefix: string) =>
  createCommandHandler(store, clock, sequentialIds(prefix), {
    decider: {
      ...historyDecider,
      decide: (given: TestCommand, state: readonly string[]) => given.decide(state),
    },
    streamOf,
  });

const appendOne = (ownerId: string): TestCommand => command(() => right([claimed(ownerId)]));

interface HeldAppend {
  readonly run: () => Promise<AppendResult>;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A store whose appends wait until the test lets them through, in the order they were called — as a
 * commit in progress holds them — so several can be on their way to one stream at once.
 */
const heldStore = (store: EventStore) => {
  const held: HeldAppend[] = [];
  const append = (
    stream: string,
    expected: ExpectedRevision,
    events: readonly ProposedEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> =>
    new Promise((resolve, reject) =>
      held.push({ run: () => store.append(stream, expected, events, options), resolve, reject }),
    );
  return {
    store: { ...store, append } satisfies EventStore,
    held: () => held.length,
    /** Lets the held appends reach the store, in order; `failing` names those that fail as a disk would. */
    release: async (failing: ReadonlySet<number> = new Set()): Promise<void> => {
      const batch = held.splice(0);
      for (const [index, item] of batch.entries()) {
        if (failing.has(index)) {
          item.reject(new Error('disk I/O error'));
          continue;
        }
        await item.run().then(item.resolve, item.reject);
      }
    },
  };
};

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('command handler', () => {
  it('decides again on the new state when another process got there first', async () => {
    const store = createMemoryEventStore();
    const other = handlerOn(store, 'other');
    const interfering = withBeforeAppend(store, async (_stream, attempt) => {
      if (attempt === 1) await other.handle('race', appendOne('other'), context);
    });
    const seen: (readonly string[])[] = [];
    const handled = await handlerOn(interfering, 'mine').handle(
      'race',
      command((history) => {
        seen.push(history);
        return right([claimed('mine')]);
      }),
      context,
    );
    assert.deepEqual(seen, [[], ['other']]);
    assert.ok(handled._tag === 'Right');
    assert.deepEqual(handled.right.state, ['other', 'mine']);
    assert.equal(handled.right.position, await store.headPosition());
    assert.deepEqual(await ownersIn(store, streamOf('race')), ['other', 'mine']);
  });

  it('a decision made again on the new state may refuse, and then writes nothing', async () => {
    const store = createMemoryEventStore();
    const other = handlerOn(store, 'other');
    const interfering = withBeforeAppend(store, async (_stream, attempt) => {
      if (attempt === 1) await other.handle('taken', appendOne('other'), context);
    });
    const taken: DomainError = { code: 'UserAlreadyExists', username: 'key' };
    const handled = await handlerOn(interfering, 'mine').handle(
      'taken',
      command((history) => (history.length > 0 ? left(taken) : right([claimed('mine')]))),
      context,
    );
    assert.deepEqual(handled, left(taken));
    assert.deepEqual(await ownersIn(store, streamOf('taken')), ['other']);
  });

  it('gives up with a Conflict when another process wins every attempt', async () => {
    const store = createMemoryEventStore();
    const other = handlerOn(store, 'other');
    const interfering = withBeforeAppend(store, async () => {
      await other.handle('busy', appendOne('other'), context);
    });
    const handled = await handlerOn(interfering, 'mine').handle('busy', appendOne('mine'), context);
    assert.ok(handled._tag === 'Left' && handled.left.code === 'Conflict');
    const owners = await ownersIn(store, streamOf('busy'));
    assert.ok(owners.length > 1 && owners.every((owner) => owner === 'other'));
  });

  it('an empty decision writes nothing and, with nothing on its way, reports position 0', async () => {
    const store = createMemoryEventStore();
    const handler = handlerOn(store, 'mine');
    await handler.handle('empty', appendOne('first'), context);
    const head = await store.headPosition();
    const handled = await handler.handle(
      'empty',
      command(() => right([])),
      context,
    );
    assert.deepEqual(handled, right({ events: [], state: ['first'], position: 0 }));
    assert.equal(await store.headPosition(), head);
  });

  it('a domain error writes nothing, and the stream stays usable', async () => {
    const store = createMemoryEventStore();
    const handler = handlerOn(store, 'mine');
    const refusal: DomainError = { code: 'UserNotFound', username: 'nobody' };
    assert.deepEqual(
      await handler.handle(
        'refused',
        command(() => left(refusal)),
        context,
      ),
      left(refusal),
    );
    assert.equal(await store.headPosition(), 0);
    assert.ok((await handler.handle('refused', appendOne('later'), context))._tag === 'Right');
    assert.deepEqual(await ownersIn(store, streamOf('refused')), ['later']);
  });

  it('a decision that throws rejects its caller only; the next caller proceeds', async () => {
    const store = createMemoryEventStore();
    const handler = handlerOn(store, 'mine');
    const failing = handler.handle(
      'throws',
      command(() => {
        throw new Error('decider bug');
      }),
      context,
    );
    const next = handler.handle('throws', appendOne('next'), context);
    await assert.rejects(failing, /decider bug/);
    assert.ok((await next)._tag === 'Right');
    assert.deepEqual(await ownersIn(store, streamOf('throws')), ['next']);
  });

  it('pipelines: each command is decided once, on the state including appends not yet durable, and answered when durable', async () => {
    const held = heldStore(createMemoryEventStore());
    const handler = handlerOn(held.store, 'mine');
    let decisions = 0;
    let answered = 0;
    const callers = 10;
    const results = Array.from({ length: callers }, (_, index) =>
      handler
        .handle(
          'hot',
          command((history) => {
            decisions += 1;
            return right([claimed(`caller-${index}-after-${history.length}`)]);
          }),
          context,
        )
        .then((result) => {
          answered += 1;
          return result;
        }),
    );
    while (held.held() < callers) await settle();
    assert.equal(decisions, callers, 'every command was decided without waiting for the one before');
    assert.equal(answered, 0, 'nobody is answered before the commit');
    await held.release();
    const done = await Promise.all(results);
    assert.ok(done.every((result) => result._tag === 'Right'));
    assert.equal(decisions, callers, 'no conflict, no second decision');
    assert.deepEqual(
      await ownersIn(held.store, streamOf('hot')),
      Array.from({ length: callers }, (_, index) => `caller-${index}-after-${index}`),
    );
  });

  it('a failed append fails its caller, and the commands decided on top of it are decided again without it', async () => {
    const held = heldStore(createMemoryEventStore());
    const handler = handlerOn(held.store, 'mine');
    const seen: string[][] = [];
    const decide = (name: string): TestCommand =>
      command((history) => {
        seen.push([name, ...history]);
        return right([claimed(name)]);
      });
    const first = handler.handle('fails', decide('first'), context);
    const doomed = handler.handle('fails', decide('doomed'), context);
    const later = handler.handle('fails', decide('later'), context);
    while (held.held() < 3) await settle();
    await held.release(new Set([1]));
    assert.ok((await first)._tag === 'Right');
    await assert.rejects(doomed, /disk I\/O error/);
    // Decided on top of `doomed`: refused by the store, then decided again on what is really stored.
    while (held.held() < 1) await settle();
    await held.release();
    const again = await later;
    assert.ok(again._tag === 'Right');
    assert.deepEqual(again.right.state, ['first', 'later']);
    assert.deepEqual(await ownersIn(held.store, streamOf('fails')), ['first', 'later']);
    assert.deepEqual(seen.at(-1), ['later', 'first']);
  });

  it('an append decided on top of a failed one is refused even when another process wrote as many events meanwhile', async () => {
    const inner = createMemoryEventStore();
    const held = heldStore(inner);
    const handler = handlerOn(held.store, 'mine');
    const first = handler.handle('coincidence', appendOne('first'), context);
    while (held.held() < 1) await settle();
    await held.release();
    assert.ok((await first)._tag === 'Right');
    const doomed = handler.handle('coincidence', appendOne('doomed'), context);
    const onTop = handler.handle(
      'coincidence',
      command((history) => right([claimed(`on-top-of-${history.at(-1)}`)])),
      context,
    );
    while (held.held() < 2) await settle();
    // Another process writes exactly one event: by revision alone, `onTop` would now fit.
    const outsider = handlerOn(inner, 'outsider');
    await outsider.handle('coincidence', appendOne('outsider'), context);
    await held.release(new Set([0]));
    await assert.rejects(doomed, /disk I\/O error/);
    while (held.held() < 1) await settle();
    await held.release();
    assert.ok((await onTop)._tag === 'Right');
    assert.deepEqual(await ownersIn(inner, streamOf('coincidence')), [
      'first',
      'outsider',
      'on-top-of-outsider',
    ]);
  });

  it('a refusal judged on appends not yet durable waits for them, and is decided again if they fail', async () => {
    const held = heldStore(createMemoryEventStore());
    const handler = handlerOn(held.store, 'mine');
    const refusal: DomainError = { code: 'UserAlreadyExists', username: 'key' };
    const claim = handler.handle('refusal', appendOne('first'), context);
    let answered = false;
    const second = handler
      .handle(
        'refusal',
        command((history) => (history.length > 0 ? left(refusal) : right([claimed('second')]))),
        context,
      )
      .then((result) => {
        answered = true;
        return result;
      });
    while (held.held() < 1) await settle();
    await settle();
    assert.equal(answered, false, 'the refusal rests on an append still on its way');
    await held.release(new Set([0]));
    await assert.rejects(claim, /disk I\/O error/);
    while (held.held() < 1) await settle();
    await held.release();
    assert.ok((await second)._tag === 'Right');
    assert.deepEqual(await ownersIn(held.store, streamOf('refusal')), ['second']);
  });

  it('a step already carried by the stream writes nothing and answers its position', async () => {
    const store = createMemoryEventStore();
    const handler = handlerOn(store, 'mine');
    await handler.handle('step', appendOne('before'), context);
    const after = await store.headPosition();
    const first = await handler.handle('step', appendOne('step-owner'), context);
    assert.ok(first._tag === 'Right');
    const once = {
      after,
      carries: (recorded: { data: unknown }) =>
        (recorded.data as { ownerId: string }).ownerId === 'step-owner',
    };
    const again = await handler.handle('step', appendOne('step-owner'), context, { once });
    assert.deepEqual(
      again,
      right({ events: [], state: ['before', 'step-owner'], position: first.right.position }),
    );
    assert.deepEqual(await ownersIn(store, streamOf('step')), ['before', 'step-owner']);
  });

  it('a step asked for again while its first append is on its way is found done, not written twice', async () => {
    const held = heldStore(createMemoryEventStore());
    const handler = handlerOn(held.store, 'mine');
    const once = {
      after: 0,
      carries: (recorded: { data: unknown }) => (recorded.data as { ownerId: string }).ownerId === 'step',
    };
    const first = handler.handle('pending-step', appendOne('step'), context, { once });
    while (held.held() < 1) await settle();
    const second = handler.handle('pending-step', appendOne('step'), context, { once });
    await settle();
    await held.release();
    const [applied, again] = await Promise.all([first, second]);
    assert.ok(applied._tag === 'Right' && applied.right.events.length === 1);
    assert.ok(again._tag === 'Right' && again.right.events.length === 0, 'the second finds the first');
    assert.deepEqual(await ownersIn(held.store, streamOf('pending-step')), ['step']);
  });

  it("load catches up with another process's writes", async () => {
    const store = createMemoryEventStore();
    const mine = handlerOn(store, 'mine');
    const other = handlerOn(store, 'other');
    await mine.handle('cached', appendOne('mine'), context);
    assert.deepEqual((await mine.load('cached')).state, ['mine']);
    await other.handle('cached', appendOne('other'), context);
    assert.deepEqual(await mine.load('cached'), { state: ['mine', 'other'], revision: 1 });
  });
});
