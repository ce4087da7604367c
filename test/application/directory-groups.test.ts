import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIRECTORY_FILE_CONFIG_KEY } from '../../adapters/directory/configured';
import { must, mustFail, startTestFolio, TEST_CONTEXT } from '../support/in-memory-folio';
import {
  ALICE,
  BOB,
  CAROL,
  directoryGroup,
  finished,
  members,
  usernames,
  withDirectory,
  row,
} from './directory-fixture';

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
