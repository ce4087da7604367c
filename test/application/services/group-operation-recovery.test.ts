import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRight } from 'fp-ts/Either';
import { createFolio, Folio } from '../../../application/folio';
import { sequentialIds } from '../../../application/ids';
import { carriesOperation } from '../../../application/operation-steps';
import { EventStore } from '../../../adapters/store/port';
import { operationStream, userStream } from '../../../domain/streams';
import { STORE_SITES, StoreSite } from '../../support/store-sites';
import { crashingStore, CrashPlan, SimulatedCrash } from '../../support/crashing-store';
import { NO_STEP_RETRY } from '../../support/step-retry';

const MEMBERS = ['ann', 'bob', 'cat', 'dan'];
const CREDIT = 5_000_000n; // 5.00
const context = { actor: 'test', method: 'api.adjustUserAccountBalanceByGroup', correlationId: 'op' };

const setUpGroup = async (folio: Folio): Promise<void> => {
  for (const username of MEMBERS) {
    const added = await folio.services.users.addNewInternalUser(context, {
      username,
      password: '',
      fullName: username,
      email: '',
      cardId: '',
      pin: '',
    });
    assert.ok(isRight(added), `user ${username} added`);
  }
  assert.ok(isRight(await folio.services.groups.addNewGroup(context, 'staff')));
  for (const username of MEMBERS)
    assert.ok(isRight(await folio.services.groups.addUserToGroup(context, username, 'staff')));
};

const balances = (folio: Folio): bigint[] =>
  MEMBERS.map((username) => {
    const balance = folio.services.balances.getUserAccountBalance(username, '');
    assert.ok(isRight(balance));
    return balance.right;
  });

/** Everything an interrupted-and-recovered operation must look like: all of it, once; or none of it. */
const assertExactlyOnce = async (folio: Folio, store: EventStore, expectApplied: boolean): Promise<void> => {
  assert.deepEqual(folio.models.operations.unfinished(), [], 'no operation is left unfinished');
  const operationIds = new Set(
    folio.models.transactions
      .entries()
      .flatMap((entry) => (entry.operationId === undefined ? [] : [entry.operationId])),
  );
  if (!expectApplied) {
    assert.equal(operationIds.size, 0);
    assert.deepEqual(balances(folio), [0n, 0n, 0n, 0n]);
    return;
  }
  assert.equal(operationIds.size, 1, 'one operation');
  const [operationId = ''] = operationIds;
  assert.deepEqual(
    (await store.readStream(operationStream(operationId))).map((event) => event.type),
    ['GroupBalanceOperationStarted', 'BulkOperationCompleted'],
  );
  assert.deepEqual(balances(folio), [CREDIT, CREDIT, CREDIT, CREDIT], 'every member credited once');
  for (const username of MEMBERS) {
    const user = folio.models.users.findByUsername(username);
    assert.ok(user !== undefined);
    const entries = (await store.readStream(userStream(user.userId))).filter(carriesOperation(operationId));
    assert.equal(entries.length, 1, `${username} has one entry of the operation`);
  }
  assert.equal(folio.models.transactions.trialBalance(), 0n, 'the trial balance is zero');
};

/** start event + one append per member + completion */
const APPENDS = MEMBERS.length + 2;

const PLANS: CrashPlan[] = Array.from({ length: APPENDS }, (_, index) => index + 1).flatMap((atAppend) => [
  { atAppend, when: 'before-write' as const },
  { atAppend, when: 'after-write' as const },
]);

const describePlan = ({ atAppend, when }: CrashPlan): string => {
  const step =
    atAppend === 1
      ? 'the start event'
      : atAppend === APPENDS
        ? 'the completion'
        : `member append ${atAppend - 1} of ${MEMBERS.length}`;
  return when === 'before-write' ? `before ${step} is written` : `after ${step} is written, before its reply`;
};

/**
 * Server A on `site` starts a group adjustment and pauses right after recording its start, until
 * `release` is called: another server can meanwhile find the operation unfinished.
 */
const pausedAfterStart = async (site: StoreSite) => {
  const storeA = site.open();
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let appendsA = 0;
  let armed = false;
  const pausing: EventStore = {
    ...storeA,
    append: async (stream, expected, events, options) => {
      const result = await storeA.append(stream, expected, events, options);
      if (armed && ++appendsA === 1) await gate;
      return result;
    },
  };
  const serverA = createFolio({ store: pausing, ids: sequentialIds('a') });
  await serverA.start();
  await setUpGroup(serverA);
  armed = true;
  const running = serverA.services.groupOperations.adjustUserAccountBalanceByGroup(
    context,
    'staff',
    CREDIT,
    'bonus',
    '',
  );
  while (appendsA === 0) await new Promise((resolve) => setImmediate(resolve));
  return { storeA, serverA, running, release };
};

for (const [siteName, makeSite] of STORE_SITES) {
  describe(`group adjustment interrupted and recovered: ${siteName}`, () => {
    for (const plan of PLANS) {
      it(`crash ${describePlan(plan)}: restarted, the operation happened exactly once`, async () => {
        const site = makeSite();
        try {
          const crash = crashingStore(site.open());
          // A dead process tries nothing again.
          const first = createFolio({
            store: crash.store,
            ids: sequentialIds('first'),
            stepRetry: NO_STEP_RETRY,
          });
          await first.start();
          await setUpGroup(first);
          crash.arm(plan);
          const outcome = await first.services.groupOperations
            .adjustUserAccountBalanceByGroup(context, 'staff', CREDIT, 'bonus', '')
            .catch((error: unknown) => error);
          assert.ok(outcome instanceof SimulatedCrash, `the process died (${String(outcome)})`);
          await crash.settled();
          await first.stop();

          const store = site.open();
          const restarted = createFolio({ store, ids: sequentialIds('restarted') });
          await restarted.start();
          const started = !(plan.atAppend === 1 && plan.when === 'before-write');
          await assertExactlyOnce(restarted, store, started);
          await restarted.stop();
        } finally {
          await site.dispose();
        }
      });
    }

    it('an operation finished by another server while its own server pauses is applied once', async () => {
      const site = makeSite();
      try {
        const { storeA, serverA, running, release } = await pausedAfterStart(site);
        const storeB = site.open();
        const serverB = createFolio({ store: storeB, ids: sequentialIds('b') });
        await serverB.start(); // recovers the operation A has only started
        release();
        assert.ok(isRight(await running));
        await serverA.projections.catchUp();
        await assertExactlyOnce(serverA, storeA, true);
        await assertExactlyOnce(serverB, storeB, true);
        await serverA.stop();
        await serverB.stop();
      } finally {
        await site.dispose();
      }
    });

    it('two servers finishing the same operation at the same time apply it once', async () => {
      const site = makeSite();
      try {
        const { storeA, serverA, running, release } = await pausedAfterStart(site);
        const storeB = site.open();
        const serverB = createFolio({ store: storeB, ids: sequentialIds('b') });
        const recovering = serverB.start();
        release();
        await recovering;
        assert.ok(isRight(await running));
        await serverA.projections.catchUp();
        await serverB.projections.catchUp();
        await assertExactlyOnce(serverA, storeA, true);
        await assertExactlyOnce(serverB, storeB, true);
        await serverA.stop();
        await serverB.stop();
      } finally {
        await site.dispose();
      }
    });
  });
}
