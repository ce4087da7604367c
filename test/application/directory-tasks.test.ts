import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DIRECTORY_FILE_CONFIG_KEY } from '../../adapters/directory/configured';
import { must, startTestFolio, TEST_CONTEXT, TestFolio } from '../support/in-memory-folio';
import {
  ALICE,
  BOB,
  CAROL,
  directoryGroup,
  finished,
  folder,
  gatedDirectory,
  members,
  status,
  usernames,
  withDirectory,
  row,
  addInternalUser,
} from './directory-fixture';

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
    await addInternalUser(test, 'ivan');
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
    await addInternalUser(test, 'ivan');
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
