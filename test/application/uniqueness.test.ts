import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { left, right } from 'fp-ts/Either';
import { ComposedFolio } from '../../application/folio';
import { executeUserCommands } from '../../application/services/user-commands';
import { userHoldsName } from '../../application/services/user-claims';
import { CLAIM_GRACE_MS, claimKey, releaseKey } from '../../application/uniqueness';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { EventStore } from '../../adapters/store/port';
import { DomainError } from '../../domain/errors';
import { uniqueKeyStream } from '../../domain/streams';
import { startFolio } from './folio-fixture';
import { context, ownersIn, withBeforeAppend } from './support';

const taken = (username: string): DomainError => ({ code: 'UserAlreadyExists', username });

const addUser = (folio: ComposedFolio, username: string) =>
  folio.services.users.addNewInternalUser(context, {
    username,
    password: '',
    fullName: '',
    email: '',
    cardId: '',
    pin: '',
  });

const userIdOf = (folio: ComposedFolio, username: string): string => {
  const user = folio.models.users.findByUsername(username);
  assert.ok(user !== undefined, `${username} exists`);
  return user.userId;
};

/** A clock the test moves: claims left behind are stale only once they are older than the grace period. */
const movableClock = () => {
  let now = Date.parse('2026-03-04T05:06:07.000Z');
  return {
    clock: () => new Date(now),
    passGracePeriod: () => {
      now += CLAIM_GRACE_MS + 1;
    },
  };
};

const claimEvents = async (store: EventStore, username: string) =>
  (await store.readStream(uniqueKeyStream('username', username))).map((event) => event.type);

describe('uniqueness claims', () => {
  it('racing claimants for one key, in two processes: exactly one wins', async () => {
    const store = createMemoryEventStore();
    const processes = [await startFolio(store, 'p1'), await startFolio(store, 'p2')];
    const key = 'contested';
    const claimants = processes.flatMap((folio, process) =>
      Array.from({ length: 4 }, (_, index) => ({ folio, ownerId: `owner-${process}-${index}` })),
    );
    const results = await Promise.all(
      claimants.map(({ folio, ownerId }) =>
        claimKey(folio.kernel, 'username', key, ownerId, async () => true, taken(key), context),
      ),
    );
    const winners = claimants.filter((_, index) => results[index]?._tag === 'Right');
    assert.equal(winners.length, 1);
    results
      .filter((result) => result._tag === 'Left')
      .forEach((result) => assert.deepEqual(result, left(taken(key))));
    assert.deepEqual(await ownersIn(store, uniqueKeyStream('username', key)), [winners[0]?.ownerId]);
  });

  it('racing addNewInternalUser calls for one name: one user is created', async () => {
    const store = createMemoryEventStore();
    const processes = [await startFolio(store, 'p1'), await startFolio(store, 'p2')];
    const results = await Promise.all(
      [...processes, ...processes, ...processes].map((folio) => addUser(folio, 'alice')),
    );
    assert.equal(results.filter((result) => result._tag === 'Right').length, 1);
    assert.ok(results.every((result) => result._tag === 'Right' || result.left.code === 'UserAlreadyExists'));
    const created = (await store.readAll(0, 1_000)).filter((event) => event.type === 'UserCreated');
    assert.equal(created.length, 1);
    for (const folio of processes) {
      await folio.projections.catchUp();
      assert.equal(folio.services.users.getTotalUsers(), 1);
    }
  });

  it("a live owner keeps its key, and claiming one's own key again changes nothing", async () => {
    const store = createMemoryEventStore();
    const folio = await startFolio(store, 'p');
    assert.deepEqual(await addUser(folio, 'alice'), right(true));
    const owner = userIdOf(folio, 'alice');
    const head = await store.headPosition();
    assert.deepEqual(await addUser(folio, 'Alice'), left(taken('alice')));
    const again = await claimKey(
      folio.kernel,
      'username',
      'alice',
      owner,
      userHoldsName(folio.kernel, 'alice'),
      taken('alice'),
      context,
    );
    assert.equal(again._tag, 'Right');
    assert.equal(await store.headPosition(), head);
  });

  it('a claim whose owner was never created (the server died between claim and creation) does not block a retry', async () => {
    const store = createMemoryEventStore();
    const folio = await startFolio(store, 'p');
    // The first attempt claimed the name and the server died before it created the user: its reply was lost.
    const claimed = await claimKey(
      folio.kernel,
      'username',
      'ghost',
      'never-created',
      userHoldsName(folio.kernel, 'ghost'),
      taken('ghost'),
      context,
    );
    assert.equal(claimed._tag, 'Right');
    // The client tries again at once: the claim is adopted, no grace period to wait out.
    assert.deepEqual(await addUser(folio, 'ghost'), right(true));
    assert.equal(userIdOf(folio, 'ghost'), 'never-created');
    assert.deepEqual(await claimEvents(store, 'ghost'), ['NameClaimed']);
    // And once it exists, a further retry is answered as for any existing user.
    assert.deepEqual(await addUser(folio, 'ghost'), left(taken('ghost')));
  });

  it('groups and shared accounts: a claim left by a creation that never committed does not block a retry', async () => {
    const store = createMemoryEventStore();
    const folio = await startFolio(store, 'p');
    const never = async () => false;
    const groupTaken: DomainError = { code: 'GroupAlreadyExists', group: 'staff' };
    await claimKey(folio.kernel, 'group', 'staff', 'dead-group', never, groupTaken, context);
    assert.deepEqual(await folio.services.groups.addNewGroup(context, 'staff'), right(true));
    assert.deepEqual(
      await folio.services.groups.addNewGroup(context, 'STAFF'),
      left({ ...groupTaken, group: 'STAFF' }),
    );
    const accountTaken: DomainError = { code: 'SharedAccountAlreadyExists', account: 'dept' };
    await claimKey(folio.kernel, 'shared-account', 'dept', 'dead-account', never, accountTaken, context);
    assert.deepEqual(await folio.services.sharedAccounts.addNewSharedAccount(context, 'dept'), right(true));
    assert.equal(folio.models.sharedAccounts.findByName('dept')?.accountId, 'dead-account');
    assert.deepEqual(
      await folio.services.sharedAccounts.addNewSharedAccount(context, 'Dept'),
      left({ ...accountTaken, account: 'Dept' }),
    );
  });

  it("a create whose append failed (and so did its claim's release) does not block its retry", async () => {
    const store = createMemoryEventStore();
    let failing = true;
    // The disk fails under the user's creation and under the release that follows it.
    const flaky = withBeforeAppend(store, async (stream) => {
      if (
        failing &&
        (stream.startsWith('user-') ||
          (stream === uniqueKeyStream('username', 'erin') && (await store.readStream(stream)).length > 0))
      )
        throw new Error('SQLITE_IOERR: disk I/O error');
    });
    const folio = await startFolio(flaky, 'p');
    await assert.rejects(addUser(folio, 'erin'), /SQLITE_IOERR/);
    assert.deepEqual(await claimEvents(store, 'erin'), ['NameClaimed'], 'the claim was left behind');
    failing = false;
    assert.deepEqual(await addUser(folio, 'erin'), right(true));
    assert.equal(folio.services.users.getTotalUsers(), 1);
  });

  it('racing creates of a name whose claim was left behind: exactly one user, and it holds the claim', async () => {
    const store = createMemoryEventStore();
    const processes = [await startFolio(store, 'p1'), await startFolio(store, 'p2')];
    const [first] = processes;
    assert.ok(first !== undefined);
    await claimKey(first.kernel, 'username', 'zed', 'died', async () => false, taken('zed'), context);
    const results = await Promise.all(
      [...processes, ...processes, ...processes].map((folio) => addUser(folio, 'zed')),
    );
    assert.equal(results.filter((result) => result._tag === 'Right').length, 1);
    assert.ok(results.every((result) => result._tag === 'Right' || result.left.code === 'UserAlreadyExists'));
    const created = (await store.readAll(0, 1_000)).filter((event) => event.type === 'UserCreated');
    assert.equal(created.length, 1);
    const owners = await ownersIn(store, uniqueKeyStream('username', 'zed'));
    assert.equal(owners.at(-1), (created[0]?.data as { userId: string }).userId);
    assert.deepEqual(await claimEvents(store, 'zed'), ['NameClaimed'], 'no release of the adopted claim');
  });

  it('a release that raced a creation committing under the same id does not free the name', async () => {
    const store = createMemoryEventStore();
    const folio = await startFolio(store, 'p');
    await claimKey(folio.kernel, 'username', 'yan', 'shared-id', async () => false, taken('yan'), context);
    // The attempt that took the claim failed and gave it back; another that had adopted the id commits just after.
    await releaseKey(folio.kernel, 'username', 'yan', 'shared-id', context);
    const committed = await folio.kernel.handlers.users.handle(
      'shared-id',
      {
        kind: 'CreateUser',
        userId: 'shared-id',
        username: 'yan',
        internal: true,
        source: 'internal',
        details: {},
        primaryCardNumber: '',
        secondaryCardNumber: '',
        pinHash: '',
        passwordHash: '',
      },
      context,
    );
    assert.equal(committed._tag, 'Right');
    assert.deepEqual(await addUser(folio, 'yan'), left(taken('yan')));
  });

  it('a renamed user does not take over a claim made moments ago by a creation still on its way', async () => {
    const store = createMemoryEventStore();
    const time = movableClock();
    const folio = await startFolio(store, 'p', time.clock);
    await addUser(folio, 'olga');
    await claimKey(
      folio.kernel,
      'username',
      'newname',
      'creating',
      async () => false,
      taken('newname'),
      context,
    );
    assert.deepEqual(
      await folio.services.users.renameUserAccount(context, 'olga', 'newname'),
      left(taken('newname')),
    );
    time.passGracePeriod();
    assert.deepEqual(await folio.services.users.renameUserAccount(context, 'olga', 'newname'), right(true));
  });

  it('a claim whose owner was deleted is taken over', async () => {
    const store = createMemoryEventStore();
    const time = movableClock();
    const folio = await startFolio(store, 'p', time.clock);
    await addUser(folio, 'dora');
    const first = folio.models.users.findByUsername('dora');
    assert.ok(first !== undefined);
    // Deleted, and the process died before it released the name.
    assert.deepEqual(
      await executeUserCommands(folio.kernel, first, [{ kind: 'DeleteUser', redact: false }], context),
      right(true),
    );
    assert.deepEqual(await claimEvents(store, 'dora'), ['NameClaimed']);
    time.passGracePeriod();
    assert.deepEqual(await addUser(folio, 'dora'), right(true));
    const second = userIdOf(folio, 'dora');
    assert.notEqual(second, first.userId);
    assert.deepEqual(await ownersIn(store, uniqueKeyStream('username', 'dora')), [first.userId, second]);
  });

  it('a claim whose owner was renamed is taken over', async () => {
    const store = createMemoryEventStore();
    const time = movableClock();
    const folio = await startFolio(store, 'p', time.clock);
    await addUser(folio, 'ralph');
    const ralph = folio.models.users.findByUsername('ralph');
    assert.ok(ralph !== undefined);
    // Renamed to raphael as renameUserAccount does it (claim the new name, then rename), and the
    // process died before it released the old name.
    const claimedNew = await claimKey(
      folio.kernel,
      'username',
      'raphael',
      ralph.userId,
      userHoldsName(folio.kernel, 'raphael'),
      taken('raphael'),
      context,
    );
    assert.equal(claimedNew._tag, 'Right');
    const renamed = await executeUserCommands(
      folio.kernel,
      ralph,
      [{ kind: 'RenameUser', newUsername: 'raphael' }],
      context,
    );
    assert.deepEqual(renamed, right(true));
    assert.equal(folio.models.users.findByUsername('ralph'), undefined);
    time.passGracePeriod();
    assert.deepEqual(await addUser(folio, 'ralph'), right(true));
    assert.notEqual(userIdOf(folio, 'ralph'), ralph.userId);
    assert.equal(userIdOf(folio, 'raphael'), ralph.userId);
    assert.deepEqual(
      await addUser(folio, 'raphael'),
      left(taken('raphael')),
      'the new name was never claimed, but its holder is live',
    );
  });

  it('a claimant that fails after claiming gives the name back at once', async () => {
    const store = createMemoryEventStore();
    const folio = await startFolio(store, 'p');
    assert.deepEqual(await addUser(folio, 'carol'), right(true));
    const card = await folio.services.users.addNewInternalUser(context, {
      username: 'carl',
      password: '',
      fullName: '',
      email: '',
      cardId: '',
      pin: '',
    });
    assert.deepEqual(card, right(true));
    // Give carl a card, then try to create dave with the same card: refused, and dave's name is free again.
    const carl = folio.models.users.findByUsername('carl');
    assert.ok(carl !== undefined);
    assert.deepEqual(
      await executeUserCommands(
        folio.kernel,
        carl,
        [{ kind: 'SetCardNumber', slot: 'primary', cardNumber: '4242' }],
        context,
      ),
      right(true),
    );
    const refused = await folio.services.users.addNewInternalUser(context, {
      username: 'dave',
      password: '',
      fullName: '',
      email: '',
      cardId: '4242',
      pin: '',
    });
    assert.equal(refused._tag === 'Left' && refused.left.code, 'CardNumberInUse');
    assert.deepEqual(await claimEvents(store, 'dave'), ['NameClaimed', 'NameReleased']);
    assert.deepEqual(await addUser(folio, 'dave'), right(true));
  });
});
