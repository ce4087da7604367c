import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printed } from '../../../adapters/cli/server-command';
import {
  dashedName,
  findServerCommand,
  SERVER_COMMANDS,
  TASK_METHODS,
  usage,
} from '../../../adapters/cli/server-command-table';

/** Names and argument lists as PaperCut's server-command documents them. */
const PAPERCUT_COMMANDS: readonly (readonly [string, string])[] = [
  ['list-user-accounts', ''],
  ['list-shared-accounts', ''],
  ['list-printers', ''],
  ['list-user-groups', ''],
  ['list-user-shared-accounts', '<user> [ignore-account-mode]'],
  ['get-group-members', '<group>'],
  ['get-user-groups', '<user>'],
  ['user-exists', '<user>'],
  ['get-user-account-balance', '<user> [account-name]'],
  ['adjust-user-account-balance', '<user> <amount> <comment> [account-name]'],
  ['get-user-property', '<user> <property>'],
  ['set-user-property', '<user> <property> <value>'],
  ['look-up-user-name-by-id-no', '<id-no>'],
  ['look-up-user-name-by-card-no', '<card-no>'],
  ['re-apply-initial-user-settings', '<user>'],
  ['rename-user', '<old-name> <new-name>'],
  ['get-config', '<name>'],
  ['set-config', '<name> <value>'],
  ['get-task-status', ''],
  [
    'batch-import-internal-users',
    '<import-file> [overwrite-existing-passwords] [overwrite-existing-pins] [email-user-on-creation]',
  ],
  ['batch-import-user-card-id-numbers', '<import-file> [overwrite-existing-pins]'],
  ['batch-import-shared-accounts', '<import-file> <test> <delete-non-existent>'],
  ['disable-printer', '<server> <printer> <minutes>'],
  ['perform-online-backup', ''],
  ['create-user-client-accounts-file', ''],
];

describe('server-command names and output', () => {
  it('dashes an API name as PaperCut spells it: an acronym is one word', () => {
    assert.equal(dashedName('api.lookUpUserNameByIDNo'), 'look-up-user-name-by-id-no');
    assert.equal(dashedName('api.listUserAccounts'), 'list-user-accounts');
  });

  for (const [name, args] of PAPERCUT_COMMANDS)
    it(`${name} ${args}`.trim(), () => {
      const command = findServerCommand(name);
      assert.ok(command, `${name} is a command`);
      assert.equal(usage(command), args);
    });

  it('every method named as starting a task is a command that takes --wait', () => {
    const waiting = SERVER_COMMANDS.filter((command) => command.startsTask).map(
      (command) => command.method.name,
    );
    assert.deepEqual([...waiting].sort(), [...TASK_METHODS].sort());
    assert.equal(findServerCommand('batch-import-users')?.startsTask, true);
    assert.equal(findServerCommand('get-task-status')?.startsTask, false);
  });

  it('list commands page internally; offset and limit are no arguments', () => {
    assert.equal(findServerCommand('list-user-accounts')?.paged, true);
    assert.equal(findServerCommand('get-group-members')?.paged, true);
    assert.equal(findServerCommand('list-group-members')?.name, 'get-group-members');
  });

  it('prints lists one item per line, void results as nothing, the task status as text', () => {
    const list = findServerCommand('list-user-accounts');
    const adjust = findServerCommand('adjust-user-account-balance');
    const task = findServerCommand('get-task-status');
    const balance = findServerCommand('get-user-account-balance');
    assert.ok(list && adjust && task && balance);
    assert.equal(printed(list, ['alice', 'bob']), 'alice\nbob\n');
    assert.equal(printed(list, []), '');
    assert.equal(printed(adjust, true), '');
    assert.equal(
      printed(task, { completed: false, message: 'Importing…\nLine 2: skipped' }),
      'Completed: false\nImporting…\nLine 2: skipped\n',
    );
    assert.equal(printed(balance, 12.5), '12.50\n');
  });
});
