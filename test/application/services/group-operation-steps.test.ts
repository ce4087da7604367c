import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLeft, isRight } from 'fp-ts/Either';
import { createFolio, Folio } from '../../../application/folio';
import { sequentialIds } from '../../../application/ids';
import { carriesOperation } from '../../../application/operation-steps';
import { createMemoryEventStore } from '../../../adapters/store/memory';
import { EventStore, WrongExpectedRevisionError } from '../../../adapters/store/port';
import { domainFault } from '../../../adapters/xmlrpc/faults';
import { userStream } from '../../../domain/streams';
import { FAST_STEP_RETRY, NO_STEP_RETRY } from '../../support/step-retry';
import { silentLogger } from '../../../adapters/log';

const MEMBERS = ['ann', 'bob', 'cat'];
const FIVE = 5_000_000n;
const context = { actor: 'test', method: 'api.adjustUserAccountBalanceByGroup', correlationId: 'op' };

const setUpGroup = async (folio: Folio): Promise<void> => {
  for (const username of MEMBERS) {
    const blank = { password: '', fullName: username, email: '', cardId: '', pin: '' };
    assert.ok(isRight(await folio.services.users.addNewInternalUser(context, { username, ...blank })));
  }
  assert.ok(isRight(await folio.services.groups.addNewGroup(context, 'staff')));
  for (const username of MEMBERS)
    assert.ok(isRight(await folio.services.groups.addUserToGroup(context, username, 'staff')));
};

const balanceOf = (folio: Folio, username: string): bigint => {
  const balance = folio.services.balances.getUserAccountBalance(username, '');
  assert.ok(isRight(balance), `${username} has a balance`);
  return balance.right;
};

const userIdOf = (folio: Folio, username: string): string => {
  const user = folio.models.users.findByUsername(username);
  assert.ok(user !== undefined, `${username} exists`);
  return user.userId;
};

/** The events of the one group operation in the log that sit in `userId`'s stream. */
const carried = async (store: EventStore, userId: string): Promise<string[]> => {
  const start = (await store.readAll(0, 10_000)).find(
    (event) => event.type === 'GroupBalanceOperationStarted',
  );
  const operationId = (start?.data as { operationId?: string } | undefined)?.operationId ?? '';
  return (await store.readStream(userStream(userId)))
    .filter(carriesOperation(operationId))
    .map((event) => event.type);
};

/**
 * Another server that dies on the append `diesOn` picks while adjusting the group `staff`: it
 * leaves the operation unfinished in the shared store. Returned to be stopped.
 */
const dieDuringGroupAdjustment = async (
  store: EventStore,
  clock: () => Date,
  diesOn: (stream: string, events: Parameters<EventStore['append']>[2]) => boolean,
): Promise<Folio> => {
  const dying: EventStore = {
    ...store,
    append: async (stream, expected, events, options) => {
      if (diesOn(stream, events)) throw new Error('killed');
      return store.append(stream, expected, events, options);
    },
  };
  const victim = createFolio({ store: dying, clock, ids: sequentialIds('victim'), stepRetry: NO_STEP_RETRY });
  await victim.start();
  await assert.rejects(
    victim.services.groupOperations.adjustUserAccountBalanceByGroup(context, 'staff', FIVE, 'bonus', ''),
    /killed/,
  );
  return victim;
};

describe('group operation steps', () => {
  it('a member deleted between the trial and its turn is skipped, and the call says so (GroupOperationPartlyApplied)', async () => {
    const inner = createMemoryEventStore();
    const running: { folio?: Folio } = {};
    // Right after the operation's start is written, bob is deleted: too late for the trial.
    const store: EventStore = {
      ...inner,
      append: async (stream, expected, events, options) => {
        const result = await inner.append(stream, expected, events, options);
        const users = running.folio?.services.users;
        if (events.some((event) => event.type === 'GroupBalanceOperationStarted') && users !== undefined)
          assert.ok(isRight(await users.deleteExistingUser(context, 'bob', false)));
        return result;
      },
    };
    const folio = createFolio({ store, ids: sequentialIds('id'), stepRetry: FAST_STEP_RETRY });
    running.folio = folio;
    await folio.start();
    await setUpGroup(folio);
    const bob = userIdOf(folio, 'bob');
    const result = await folio.services.groupOperations.adjustUserAccountBalanceByGroup(
      context,
      'staff',
      FIVE,
      'bonus',
      '',
    );
    assert.ok(isLeft(result));
    assert.equal(result.left.code, 'GroupOperationPartlyApplied');
    if (result.left.code !== 'GroupOperationPartlyApplied') return;
    assert.equal(result.left.applied, 2);
    assert.match(result.left.skipped, /'bob' \(UserNotFound\)/);
    const fault = domainFault(result.left);
    assert.equal(fault.faultCode, 405);
    assert.match(fault.faultString, /applied to 2 member\(s\).*not to 'bob'.*Do not repeat the call/);
    assert.equal(balanceOf(folio, 'ann'), FIVE);
    assert.equal(balanceOf(folio, 'cat'), FIVE);
    assert.deepEqual(await carried(inner, bob), []);
    const completion = (await inner.readAll(0, 10_000)).find(
      (event) => event.type === 'BulkOperationCompleted',
    );
    assert.deepEqual((completion?.data as { skipped: unknown }).skipped, [
      { id: bob, reason: 'UserNotFound' },
    ]);
    await folio.stop();
  });

  it('a member step that fails for a passing reason (store error, conflict) is tried again, not skipped', async () => {
    const inner = createMemoryEventStore();
    let targetStream = '';
    let failures = 0;
    // bob's stream first throws a store error twice, then keeps "changing" (a conflict) beyond the
    // aggregate's own 20 decisions, then takes the entry.
    const store: EventStore = {
      ...inner,
      append: async (stream, expected, events, options) => {
        if (stream === targetStream && failures < 25) {
          failures += 1;
          if (failures <= 2) throw new Error('SQLITE_BUSY: database is locked');
          throw new WrongExpectedRevisionError(stream, expected, 0);
        }
        return inner.append(stream, expected, events, options);
      },
    };
    const folio = createFolio({ store, ids: sequentialIds('id'), stepRetry: FAST_STEP_RETRY });
    await folio.start();
    await setUpGroup(folio);
    targetStream = userStream(userIdOf(folio, 'bob'));
    const result = await folio.services.groupOperations.adjustUserAccountBalanceByGroup(
      context,
      'staff',
      FIVE,
      'bonus',
      '',
    );
    assert.ok(isRight(result), JSON.stringify(result));
    assert.equal(failures, 25);
    for (const username of MEMBERS) assert.equal(balanceOf(folio, username), FIVE, username);
    assert.deepEqual(folio.models.operations.unfinished(), []);
    await folio.stop();
  });

  it('a member the operation does not move gets a marker, so recovery never decides it again', async () => {
    const store = createMemoryEventStore();
    const live = createFolio({ store, ids: sequentialIds('live') });
    await live.start();
    await setUpGroup(live);
    assert.ok(
      isRight(await live.services.balances.setUserAccountBalance(context, 'ann', FIVE, 'opening', '')),
    );
    // A second server dies before the completion: every member step is written, ann's as a marker.
    const dying: EventStore = {
      ...store,
      append: async (stream, expected, events, options) => {
        if (events.some((event) => event.type === 'BulkOperationCompleted')) throw new Error('power cut');
        return store.append(stream, expected, events, options);
      },
    };
    const second = createFolio({ store: dying, ids: sequentialIds('second'), stepRetry: NO_STEP_RETRY });
    await second.start();
    await assert.rejects(
      second.services.groupOperations.setUserAccountBalanceByGroup(context, 'staff', FIVE, 'set', ''),
      /power cut/,
    );
    assert.deepEqual(await carried(store, userIdOf(live, 'ann')), ['UserBalanceUnchanged']);
    assert.deepEqual(await carried(store, userIdOf(live, 'bob')), ['UserBalanceAdjusted']);
    // Ann spends one unit before the restart: the finished step must not set her back to five.
    assert.ok(
      isRight(await live.services.balances.adjustUserAccountBalance(context, 'ann', -1_000_000n, 'x', '')),
    );

    const restarted = createFolio({ store, ids: sequentialIds('restarted') });
    await restarted.start();
    assert.deepEqual(restarted.models.operations.unfinished(), []);
    assert.equal(balanceOf(restarted, 'ann'), 4_000_000n);
    for (const username of ['bob', 'cat']) assert.equal(balanceOf(restarted, username), FIVE, username);
    assert.deepEqual(await carried(store, userIdOf(live, 'ann')), ['UserBalanceUnchanged']);
    for (const folio of [live, second, restarted]) await folio.stop();
  });

  it('the running server finishes an operation another server left half-way: by its sweep, once old enough', async () => {
    const store = createMemoryEventStore();
    let now = new Date('2026-05-01T08:00:00.000Z');
    const clock = (): Date => now;
    const survivor = createFolio({
      store,
      clock,
      ids: sequentialIds('survivor'),
      sweepIntervalMs: null,
      sweepMinAgeMs: 60_000,
    });
    await survivor.start();
    await setUpGroup(survivor);
    let memberAppends = 0;
    const victim = await dieDuringGroupAdjustment(
      store,
      clock,
      (stream) => stream.startsWith('user-') && ++memberAppends > 1,
    );
    await survivor.projections.catchUp();
    assert.equal(survivor.models.operations.unfinished().length, 1);

    // Too young: its own server may still be finishing it.
    await survivor.sweep();
    assert.equal(survivor.models.operations.unfinished().length, 1);

    now = new Date(now.getTime() + 61_000);
    await survivor.sweep();
    assert.deepEqual(survivor.models.operations.unfinished(), []);
    for (const username of MEMBERS) assert.equal(balanceOf(survivor, username), FIVE, username);
    await survivor.stop();
    await victim.stop();
  });

  it('the sweep runs on its own every interval after start, and stops with Folio', async () => {
    const store = createMemoryEventStore();
    let now = new Date('2026-05-01T08:00:00.000Z');
    const clock = (): Date => now;
    const writer = createFolio({ store, clock, ids: sequentialIds('writer') });
    await writer.start();
    await setUpGroup(writer);
    // Started while nothing is unfinished: what it finishes later, its timer finishes.
    const sweeper = createFolio({
      store,
      clock,
      ids: sequentialIds('sweeper'),
      sweepIntervalMs: 5,
      sweepMinAgeMs: 60_000,
    });
    await sweeper.start();
    const victim = await dieDuringGroupAdjustment(store, clock, (_stream, events) =>
      events.some((event) => event.type === 'BulkOperationCompleted'),
    );
    await sweeper.projections.catchUp();
    assert.equal(sweeper.models.operations.unfinished().length, 1);
    // Old enough for the next tick.
    now = new Date(now.getTime() + 61_000);
    for (let waited = 0; sweeper.models.operations.unfinished().length > 0 && waited < 2_000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(sweeper.models.operations.unfinished(), []);
    for (const username of MEMBERS) assert.equal(balanceOf(sweeper, username), FIVE, username);
    await sweeper.stop();
    await writer.stop();
    await victim.stop();
  });
  it('an operation that cannot be finished holds back neither the others nor the start', async () => {
    const inner = createMemoryEventStore();
    const unwritable = new Set<string>();
    const store: EventStore = {
      ...inner,
      append: async (stream, expected, events, options) => {
        if (unwritable.has(stream)) throw new Error(`cannot write ${stream}`);
        return inner.append(stream, expected, events, options);
      },
    };
    const options = {
      store,
      sweepIntervalMs: null,
      sweepMinAgeMs: 0,
      stepRetry: NO_STEP_RETRY,
      log: silentLogger(),
    };
    const folio = createFolio({ ...options, ids: sequentialIds('first') });
    await folio.start();
    await setUpGroup(folio);
    const batch = await folio.services.cards.createBatch(context, {
      prefix: 'T',
      count: 1,
      value: FIVE,
      expires: '',
    });
    assert.ok(isRight(batch));
    // bob's stream cannot be written for good; cat's only while the card is used.
    unwritable.add(userStream(userIdOf(folio, 'bob')));
    await assert.rejects(
      folio.services.groupOperations.adjustUserAccountBalanceByGroup(context, 'staff', FIVE, 'bonus', ''),
    );
    unwritable.add(userStream(userIdOf(folio, 'cat')));
    await assert.rejects(folio.services.cards.useCard(context, 'cat', batch.right.cardNumbers[0] ?? ''));
    unwritable.delete(userStream(userIdOf(folio, 'cat')));

    await folio.sweep();
    assert.deepEqual(folio.models.cards.uncredited(), [], "cat's card credit went through");
    assert.equal(folio.models.operations.unfinished().length, 1, "bob's operation is still unfinished");
    await folio.stop();

    // A restart with the operation still stuck starts all the same, and finishes it once it can.
    const restarted = createFolio({ ...options, ids: sequentialIds('second') });
    await restarted.start();
    unwritable.clear();
    await restarted.sweep();
    assert.deepEqual(restarted.models.operations.unfinished(), []);
    assert.equal(balanceOf(restarted, 'bob'), FIVE);
    await restarted.stop();
  });
});
