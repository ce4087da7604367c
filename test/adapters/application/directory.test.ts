import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openingBalanceTransferId } from '../../../adapters/application/services/initial-settings';
import { UserDirectory } from '../../../adapters/directory/port';
import { parseDirectoryText } from '../../../adapters/directory/tsv-file';
import { DIRECTORY_FILE_CONFIG_KEY } from '../../../adapters/directory/configured';
import { createMemoryEventStore } from '../../../adapters/store/memory';
import { formatMoney } from '../../../domain/money';
import {
  asSeparateProcess,
  must,
  mustFail,
  startTestFolio,
  TEST_CONTEXT,
  TestFolio,
} from '../../support/in-memory-folio';

const folder = mkdtempSync(join(tmpdir(), 'folio-sync-'));
after(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

const row = (username: string, fullName: string, email: string, card: string, groups: string): string =>
  [username, fullName, email, '', '', card, '', groups].join('\t');

const ALICE = row('alice', 'Alice Liddell', 'alice@example.org', '1001', 'Staff,Maths');
const BOB = row('bob', 'Bob Builder', 'bob@example.org', '1002', 'Staff');
const CAROL = row('carol', 'Carol', '', '', 'Maths');

/** A Folio whose directory is a fresh file holding these lines. */
const withDirectory = async (
  ...lines: string[]
): Promise<TestFolio & { rewrite(...lines: string[]): void }> => {
  const path = join(folder, `users-${(files += 1)}.tsv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const test = await startTestFolio();
  await must(test.folio.services.config.setConfigValue(TEST_CONTEXT, DIRECTORY_FILE_CONFIG_KEY, path));
  return { ...test, rewrite: (...next) => writeFileSync(path, `${next.join('\n')}\n`) };
};

const directoryGroup = (test: TestFolio, name: string) =>
  must(test.folio.services.groups.addNewGroup(TEST_CONTEXT, name, 'directory'));

const members = (test: TestFolio, group: string) =>
  must(test.folio.services.groups.getGroupMembers(group, 0, 100));

const usernames = (test: TestFolio) => test.folio.models.users.sorted().map((user) => user.username);

const status = (test: TestFolio) => test.folio.kernel.tasks.status();

const finished = async (test: TestFolio): Promise<string> => {
  await test.folio.kernel.tasks.idle();
  const { completed, message } = status(test);
  assert.equal(completed, true);
  return message;
};

describe('api.addNewUser', () => {
  it('creates the user from the directory: not internal, in its directory groups, with their initial settings', async () => {
    const test = await withDirectory(ALICE, BOB);
    await directoryGroup(test, 'Staff');
    await must(test.folio.services.groups.addNewGroup(TEST_CONTEXT, 'Maths'));
    await must(
      test.folio.services.initialSettings.setGroupInitialSettings(TEST_CONTEXT, 'Staff', {
        balance: 5_000_000n,
        restricted: true,
      }),
    );
    await must(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'Alice'));
    const alice = test.folio.models.users.findByUsername('alice');
    assert.ok(alice);
    assert.equal(alice.internal, false);
    assert.equal(alice.details.fullName, 'Alice Liddell');
    assert.equal(alice.primaryCardNumber, '1001');
    assert.equal(alice.restricted, true);
    assert.equal(formatMoney(alice.balances[''] ?? 0n), '5.00');
    // Maths is an application group: the directory does not feed it.
    assert.deepEqual(await must(test.folio.services.groups.getUserGroups('alice')), ['Staff']);
    const [opening] = test.folio.models.transactions.entriesOf(`user:${alice.userId}`);
    assert.equal(opening?.cause, 'opening-balance');
    assert.equal(opening?.counterAccount, 'system:opening-balances');
    assert.equal(opening?.transferId, openingBalanceTransferId(alice.userId));
    assert.equal(test.folio.services.users.lookUpUserNameByCardNo('1001'), 'alice');
    const password = await mustFail(
      test.folio.services.users.setUserProperty(TEST_CONTEXT, 'alice', 'password', 'x'),
    );
    assert.equal(password.code, 'NotAnInternalUser');
  });

  it('is a fault for a user not in the directory, a user that exists, or no readable directory', async () => {
    const test = await withDirectory(ALICE);
    assert.deepEqual(await mustFail(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'zoe')), {
      code: 'DirectoryUserNotFound',
      username: 'zoe',
    });
    await must(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'alice'));
    assert.equal(
      (await mustFail(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'alice'))).code,
      'UserAlreadyExists',
    );
    await must(
      test.folio.services.config.setConfigValue(
        TEST_CONTEXT,
        DIRECTORY_FILE_CONFIG_KEY,
        join(folder, 'gone.tsv'),
      ),
    );
    const missing = await mustFail(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'bob'));
    assert.equal(missing.code, 'DirectoryUnavailable');
    assert.match(missing.code === 'DirectoryUnavailable' ? missing.reason : '', /gone\.tsv does not exist/);
    const bare = await startTestFolio();
    const none = await mustFail(bare.folio.services.directory.addNewUser(TEST_CONTEXT, 'bob'));
    assert.match(none.code === 'DirectoryUnavailable' ? none.reason : '', /no user directory is configured/);
  });
});

/** A directory that answers only when the test lets it: the task can be watched mid-way. */
const gatedDirectory = (text: string) => {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const directory: UserDirectory = {
    read: async () => {
      await gate;
      return parseDirectoryText(text, 'test directory');
    },
  };
  return { directory, open: () => open() };
};

describe('background directory tasks', () => {
  it('answer at once; getTaskStatus grows line by line and completes at the end', async () => {
    const gated = gatedDirectory(`${ALICE}\n${BOB}\n`);
    const test = await startTestFolio({ directory: () => gated.directory });
    assert.equal(await must(test.folio.services.directory.performUserAndGroupSync(TEST_CONTEXT)), true);
    await new Promise((resolve) => setImmediate(resolve));
    const during = status(test);
    assert.equal(during.completed, false);
    assert.match(during.message, /performUserAndGroupSync: queued\n.*performUserAndGroupSync: started$/);
    gated.open();
    const message = await finished(test);
    assert.ok(message.startsWith(during.message), 'the message only grows');
    const lines = message.split('\n');
    assert.ok(lines.length > during.message.split('\n').length + 2);
    assert.match(lines.at(-1) ?? '', /performUserAndGroupSync: completed$/);
    assert.match(message, /read test directory: 2 users in 2 groups/);
    assert.match(message, /created user alice/);
    assert.match(message, /summary: 2 created, 0 updated, 0 deleted/);
    assert.deepEqual(usernames(test), ['alice', 'bob']);
  });

  for (const [method, start] of [
    ['addNewUsers', (test: TestFolio) => test.folio.services.directory.addNewUsers(TEST_CONTEXT)],
    ['performGroupSync', (test: TestFolio) => test.folio.services.directory.performGroupSync(TEST_CONTEXT)],
    [
      'performUserAndGroupSyncAdvanced',
      (test: TestFolio) =>
        test.folio.services.directory.performUserAndGroupSyncAdvanced(TEST_CONTEXT, true, true),
    ],
    ['syncGroup Staff', (test: TestFolio) => test.folio.services.directory.syncGroup(TEST_CONTEXT, 'Staff')],
    [
      'addNewGroup Maths',
      (test: TestFolio) => test.folio.services.directory.addNewGroup(TEST_CONTEXT, 'Maths'),
    ],
  ] as const)
    it(`${method} runs as a task whose status grows until it completes`, async () => {
      const gated = gatedDirectory(`${ALICE}\n${BOB}\n`);
      const test = await startTestFolio({ directory: () => gated.directory });
      await directoryGroup(test, 'Staff');
      assert.equal(await must(start(test)), true);
      await new Promise((resolve) => setImmediate(resolve));
      const during = status(test);
      assert.equal(during.completed, false);
      assert.match(during.message, new RegExp(`${method}: queued\\n.*${method}: started$`));
      gated.open();
      const message = await finished(test);
      assert.ok(message.startsWith(during.message), 'the message only grows');
      assert.match(message, /summary: /);
      assert.match(message, new RegExp(`${method}: completed$`));
    });

  it('addNewUsers only adds users: existing users keep their details and groups', async () => {
    const test = await withDirectory(ALICE);
    await directoryGroup(test, 'Staff');
    await must(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'alice'));
    test.rewrite(row('alice', 'Alice Changed', 'new@example.org', '', ''), BOB);
    assert.equal(await must(test.folio.services.directory.addNewUsers(TEST_CONTEXT)), true);
    const message = await finished(test);
    assert.match(message, /addNewUsers: completed/);
    assert.deepEqual(usernames(test), ['alice', 'bob']);
    assert.equal(test.folio.models.users.findByUsername('alice')?.details.fullName, 'Alice Liddell');
    assert.deepEqual(await members(test, 'Staff'), ['alice', 'bob']);
  });

  it('performGroupSync changes membership of directory groups only, and creates no user', async () => {
    const test = await withDirectory(ALICE, BOB);
    await directoryGroup(test, 'Staff');
    await directoryGroup(test, 'Maths');
    await must(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'alice'));
    await must(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'bob'));
    await must(
      test.folio.services.users.addNewInternalUser(TEST_CONTEXT, {
        username: 'ivan',
        password: 'p',
        fullName: '',
        email: '',
        cardId: '',
        pin: '',
      }),
    );
    await must(test.folio.services.groups.addUserToGroup(TEST_CONTEXT, 'ivan', 'Staff'));
    test.rewrite(
      row('alice', 'Alice Liddell', '', '', 'Maths'),
      row('bob', 'Bob', '', '', 'Staff,Maths'),
      CAROL,
    );
    assert.equal(await must(test.folio.services.directory.performGroupSync(TEST_CONTEXT)), true);
    const message = await finished(test);
    assert.match(message, /group Staff: 0 added, 1 removed/);
    assert.match(message, /group Maths: 1 added, 0 removed/);
    // ivan is an internal user added by hand: a sync leaves him where he is.
    assert.deepEqual(await members(test, 'Staff'), ['bob', 'ivan']);
    assert.deepEqual(await members(test, 'Maths'), ['alice', 'bob']);
    assert.deepEqual(usernames(test), ['alice', 'bob', 'ivan']);
  });

  it('performUserAndGroupSync adds and updates users but removes none', async () => {
    const test = await withDirectory(ALICE, BOB);
    await directoryGroup(test, 'Staff');
    await must(test.folio.services.directory.performUserAndGroupSync(TEST_CONTEXT));
    await finished(test);
    test.rewrite(row('alice', 'Alice Hargreaves', 'alice@example.org', '1009', 'Staff'), CAROL);
    await must(test.folio.services.directory.performUserAndGroupSync(TEST_CONTEXT));
    const message = await finished(test);
    assert.match(message, /updated user alice/);
    assert.deepEqual(usernames(test), ['alice', 'bob', 'carol']);
    const alice = test.folio.models.users.findByUsername('alice');
    assert.equal(alice?.details.fullName, 'Alice Hargreaves');
    assert.equal(alice?.primaryCardNumber, '1009');
    // The old card was released with the change: another user may take it now.
    assert.equal(test.folio.services.users.lookUpUserNameByCardNo('1001'), '');
    assert.deepEqual(await members(test, 'Staff'), ['alice']);
  });

  it('performUserAndGroupSyncAdvanced deletes users missing from the directory only when asked; history stays', async () => {
    const test = await withDirectory(ALICE, BOB);
    await must(
      test.folio.services.users.addNewInternalUser(TEST_CONTEXT, {
        username: 'ivan',
        password: 'p',
        fullName: '',
        email: '',
        cardId: '',
        pin: '',
      }),
    );
    await must(test.folio.services.directory.performUserAndGroupSync(TEST_CONTEXT));
    await finished(test);
    const bob = test.folio.models.users.findByUsername('bob');
    assert.ok(bob);
    await must(
      test.folio.services.balances.adjustUserAccountBalance(TEST_CONTEXT, 'bob', 2_000_000n, 'top-up', ''),
    );
    test.rewrite(row('alice', 'Renamed In Directory', '', '', ''));

    await must(test.folio.services.directory.performUserAndGroupSyncAdvanced(TEST_CONTEXT, false, false));
    await finished(test);
    assert.deepEqual(usernames(test), ['alice', 'bob', 'ivan']);
    assert.equal(test.folio.models.users.findByUsername('alice')?.details.fullName, 'Alice Liddell');

    await must(test.folio.services.directory.performUserAndGroupSyncAdvanced(TEST_CONTEXT, true, true));
    const message = await finished(test);
    assert.match(message, /deleted user bob/);
    assert.deepEqual(usernames(test), ['alice', 'ivan']);
    assert.equal(test.folio.models.users.findByUsername('alice')?.details.fullName, 'Renamed In Directory');
    assert.equal(test.folio.models.users.byId(bob.userId)?.deleted, true);
    assert.equal(test.folio.models.transactions.entriesOf(`user:${bob.userId}`).length, 1);
    const events = await test.store.readStream(`user-${bob.userId}`);
    assert.equal(events.at(-1)?.type, 'UserDeleted');
  });

  it('an empty directory listing never deletes anyone', async () => {
    const test = await withDirectory(ALICE);
    await must(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'alice'));
    test.rewrite('# nobody here');
    await must(test.folio.services.directory.performUserAndGroupSyncAdvanced(TEST_CONTEXT, true, true));
    const message = await finished(test);
    assert.match(message, /lists no users: no user deleted/);
    assert.deepEqual(usernames(test), ['alice']);
  });

  it('a malformed, missing or unconfigured directory fails the task with the reason, changing nothing', async () => {
    const test = await withDirectory(ALICE, 'alice\tduplicate');
    await must(test.folio.services.directory.performUserAndGroupSync(TEST_CONTEXT));
    assert.match(
      await finished(test),
      /performUserAndGroupSync: failed: .*malformed: line 2: username 'alice' is also on line 1$/,
    );
    await must(
      test.folio.services.config.setConfigValue(
        TEST_CONTEXT,
        DIRECTORY_FILE_CONFIG_KEY,
        join(folder, 'gone.tsv'),
      ),
    );
    await must(test.folio.services.directory.addNewUsers(TEST_CONTEXT));
    assert.match(await finished(test), /addNewUsers: failed: the file .*gone\.tsv does not exist$/);
    await must(test.folio.services.config.setConfigValue(TEST_CONTEXT, DIRECTORY_FILE_CONFIG_KEY, ''));
    await must(test.folio.services.directory.performGroupSync(TEST_CONTEXT));
    assert.match(await finished(test), /performGroupSync: failed: no user directory is configured/);
    assert.deepEqual(usernames(test), []);
  });

  it('a directory card that another user holds is left out and reported; the user is still created', async () => {
    const test = await withDirectory(ALICE);
    await must(
      test.folio.services.users.addNewInternalUser(TEST_CONTEXT, {
        username: 'ivan',
        password: 'p',
        fullName: '',
        email: '',
        cardId: '1001',
        pin: '',
      }),
    );
    await must(test.folio.services.directory.addNewUsers(TEST_CONTEXT));
    const message = await finished(test);
    assert.match(message, /user alice: created without its cards: card '1001' belongs to ivan/);
    assert.equal(test.folio.models.users.findByUsername('alice')?.primaryCardNumber, '');
    assert.equal(test.folio.services.users.lookUpUserNameByCardNo('1001'), 'ivan');
  });
});

describe('api.addNewGroup and api.syncGroup', () => {
  it('without a directory, addNewGroup creates an application group at once', async () => {
    const test = await startTestFolio();
    await must(test.folio.services.directory.addNewGroup(TEST_CONTEXT, 'Staff'));
    assert.equal(test.folio.models.groups.findByName('Staff')?.source, 'application');
  });

  it('with a directory, addNewGroup imports the group and its members as a task', async () => {
    const test = await withDirectory(ALICE, BOB, CAROL);
    assert.equal(await must(test.folio.services.directory.addNewGroup(TEST_CONTEXT, 'staff')), true);
    const message = await finished(test);
    assert.match(message, /created group Staff \(2 members in the directory\)/);
    assert.equal(test.folio.models.groups.findByName('Staff')?.source, 'directory');
    assert.deepEqual(await members(test, 'Staff'), ['alice', 'bob']);
    assert.deepEqual(usernames(test), ['alice', 'bob']);
    assert.equal(
      (await mustFail(test.folio.services.directory.addNewGroup(TEST_CONTEXT, 'Staff'))).code,
      'GroupAlreadyExists',
    );
    await must(test.folio.services.directory.addNewGroup(TEST_CONTEXT, 'Physics'));
    assert.match(await finished(test), /failed: the group 'Physics' is not in the user directory/);
    assert.equal(test.folio.models.groups.findByName('Physics'), undefined);
  });

  it('a user brought in by a group import also joins its other directory groups', async () => {
    const test = await withDirectory(ALICE, BOB);
    await directoryGroup(test, 'Maths');
    await must(test.folio.services.directory.addNewGroup(TEST_CONTEXT, 'Staff'));
    await finished(test);
    assert.deepEqual(await must(test.folio.services.groups.getUserGroups('alice')), ['Maths', 'Staff']);
  });

  it('syncGroup syncs one directory group (true); an application group or no directory gives false', async () => {
    const test = await withDirectory(ALICE, BOB);
    await directoryGroup(test, 'Staff');
    await directoryGroup(test, 'Maths');
    await must(test.folio.services.groups.addNewGroup(TEST_CONTEXT, 'Printing'));
    await must(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'alice'));
    await must(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'bob'));
    test.rewrite(row('alice', '', '', '', 'Maths'), row('bob', '', '', '', 'Maths'));
    assert.equal(await must(test.folio.services.directory.syncGroup(TEST_CONTEXT, 'maths')), true);
    await finished(test);
    assert.deepEqual(await members(test, 'Maths'), ['alice', 'bob']);
    assert.deepEqual(await members(test, 'Staff'), ['alice', 'bob'], 'other groups are not touched');
    assert.equal(await must(test.folio.services.directory.syncGroup(TEST_CONTEXT, 'Printing')), false);
    assert.equal(
      (await mustFail(test.folio.services.directory.syncGroup(TEST_CONTEXT, 'Nope'))).code,
      'GroupNotFound',
    );
    await must(test.folio.services.config.setConfigValue(TEST_CONTEXT, DIRECTORY_FILE_CONFIG_KEY, ''));
    assert.equal(await must(test.folio.services.directory.syncGroup(TEST_CONTEXT, 'Maths')), false);
  });
});

describe('api.reapplyInitialUserSettings', () => {
  it("brings the balance to the groups' initial amount with an opening-balance transfer, and restores restriction", async () => {
    const test = await withDirectory(ALICE);
    await directoryGroup(test, 'Staff');
    await directoryGroup(test, 'Maths');
    await must(
      test.folio.services.initialSettings.setGroupInitialSettings(TEST_CONTEXT, 'Staff', {
        balance: 5_000_000n,
        restricted: true,
      }),
    );
    await must(
      test.folio.services.initialSettings.setGroupInitialSettings(TEST_CONTEXT, 'Maths', {
        balance: 2_000_000n,
        overdraft: 1_000_000n,
      }),
    );
    await must(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'alice'));
    const alice = () => test.folio.models.users.findByUsername('alice');
    assert.equal(formatMoney(alice()?.balances[''] ?? 0n), '7.00');
    await must(
      test.folio.services.balances.adjustUserAccountBalance(
        TEST_CONTEXT,
        'alice',
        -4_500_000n,
        'printing',
        '',
      ),
    );
    await must(test.folio.services.users.setUserProperty(TEST_CONTEXT, 'alice', 'restricted', 'false'));
    await must(test.folio.services.initialSettings.reapplyInitialUserSettings(TEST_CONTEXT, 'alice'));
    assert.equal(formatMoney(alice()?.balances[''] ?? 0n), '7.00');
    assert.equal(alice()?.restricted, true);
    assert.deepEqual(alice()?.overdraft, { mode: 'individual', amount: 1_000_000n });
    const last = test.folio.models.transactions.entriesOf(`user:${alice()?.userId ?? ''}`).at(-1);
    assert.equal(last?.cause, 'opening-balance');
    assert.equal(last?.amount, 4_500_000n);
    const before = await test.store.headPosition();
    await must(test.folio.services.initialSettings.reapplyInitialUserSettings(TEST_CONTEXT, 'alice'));
    assert.equal(await test.store.headPosition(), before, 're-applying again changes nothing');
    assert.equal(test.folio.models.transactions.trialBalance(), 0n);
  });

  it('uses initial settings another process (the CLI) wrote to the same store', async () => {
    const path = join(folder, `users-${(files += 1)}.tsv`);
    writeFileSync(path, `${ALICE}\n`);
    const store = createMemoryEventStore();
    const server = await startTestFolio({ store: asSeparateProcess(store) });
    await must(server.folio.services.config.setConfigValue(TEST_CONTEXT, DIRECTORY_FILE_CONFIG_KEY, path));
    await directoryGroup(server, 'Staff');
    const cli = await startTestFolio({ store: asSeparateProcess(store) });
    await must(
      cli.folio.services.initialSettings.setGroupInitialSettings(TEST_CONTEXT, 'Staff', {
        balance: 3_000_000n,
      }),
    );
    await must(server.folio.services.directory.addNewUsers(TEST_CONTEXT));
    await finished(server);
    assert.equal(formatMoney(server.folio.models.users.findByUsername('alice')?.balances[''] ?? 0n), '3.00');
  });

  it('leaves a user in no group with settings as it is, and names an unknown user', async () => {
    const test = await startTestFolio();
    await must(
      test.folio.services.users.addNewInternalUser(TEST_CONTEXT, {
        username: 'ivan',
        password: 'p',
        fullName: '',
        email: '',
        cardId: '',
        pin: '',
      }),
    );
    const before = await test.store.headPosition();
    await must(test.folio.services.initialSettings.reapplyInitialUserSettings(TEST_CONTEXT, 'ivan'));
    assert.equal(await test.store.headPosition(), before);
    assert.equal(
      (await mustFail(test.folio.services.initialSettings.reapplyInitialUserSettings(TEST_CONTEXT, 'nobody')))
        .code,
      'UserNotFound',
    );
  });
});
