import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'xmlrpc';
import { readMethodsTsv } from '../../../adapters/xmlrpc/coverage';
import { RPC_PATH } from '../../../adapters/xmlrpc/http-handler';
import { methodsTsvPath } from '../../support/spec-files';
import { startTestServer, TestServer } from '../../support/xmlrpc-server';

/**
 * The first "must show": every `seed` and `extended` method of methods.tsv, called with
 * valid arguments on a real server (XML-RPC over HTTP, SQLite store, a data folder), answers with a
 * result or with a domain fault that names the problem — never "No such handler" (200), never a
 * wrong-signature fault (201: our arguments would be wrong), never an internal error (9xx).
 */
const specified = readMethodsTsv(methodsTsvPath()).filter(
  (method) => method.tier === 'seed' || method.tier === 'extended',
);

const folder = mkdtempSync(join(tmpdir(), 'folio-every-method-'));
const file = (name: string, rows: readonly (readonly string[])[]): string => {
  const path = join(folder, name);
  writeFileSync(path, rows.map((row) => row.join('\t')).join('\n') + '\n');
  return path;
};

/** Every method with valid arguments (after the token), in the order they are called. */
const CALLS: readonly (readonly [string, readonly unknown[]])[] = [
  ['api.isUserExists', ['alice']],
  ['api.getUserAccountBalance', ['alice']],
  ['api.getUserProperty', ['alice', 'balance']],
  ['api.getUserProperties', ['alice', ['balance', 'full-name', 'restricted']]],
  ['api.setUserProperty', ['alice', 'notes', 'called by every-method']],
  [
    'api.setUserProperties',
    [
      'alice',
      [
        ['office', 'B12'],
        ['department', 'Maths'],
      ],
    ],
  ],
  ['api.adjustUserAccountBalance', ['alice', 10.5, 'top-up']],
  ['api.adjustUserAccountBalanceIfAvailable', ['alice', -1.25, 'print']],
  ['api.adjustUserAccountBalanceIfAvailableLeaveRemaining', ['alice', -1, 0.5, 'print']],
  ['api.adjustUserAccountBalanceByGroup', ['Staff', 2, 'bonus']],
  ['api.adjustUserAccountBalanceByGroupUpTo', ['Staff', 5, 20, 'top up to 20']],
  ['api.setUserAccountBalance', ['bob', 7, 'reset']],
  ['api.setUserAccountBalanceByGroup', ['Staff', 3, 'term start']],
  ['api.resetUserCounts', ['alice', 'admin']],
  ['api.reapplyInitialUserSettings', ['alice']],
  ['api.disablePrintingForUser', ['carol', 10]],
  ['api.addNewUser', ['directory-user']],
  ['api.renameUserAccount', ['rename-me', 'renamed']],
  ['api.getUserGroups', ['alice']],
  ['api.deleteExistingUser', ['delete-me', true]],
  [
    'api.addNewInternalUser',
    ['new-internal', 'Secret-1', 'New Internal', 'ni@example.org', 'C-NEW', '1234', false],
  ],
  ['api.lookUpUserNameByIDNo', ['C-ALICE']],
  ['api.lookUpUserNameByCardNo', ['C-BOB']],
  ['api.addAdminAccessUser', ['alice']],
  ['api.removeAdminAccessUser', ['alice']],
  ['api.addAdminAccessGroup', ['Staff']],
  ['api.removeAdminAccessGroup', ['Staff']],
  ['api.setUserAccountSelectionAutoSelectSharedAccount', ['carol', 'Dept', false]],
  ['api.setUserAccountSelectionAutoChargePersonal', ['carol', true]],
  ['api.setUserAccountSelectionStandardPopup', ['carol', true, true, true, false, false, 'Dept']],
  ['api.listUserAccounts', [0, 100]],
  ['api.getTotalUsers', []],
  ['api.listSharedAccounts', [0, 100]],
  ['api.listUserSharedAccounts', ['alice', 0, 100, true]],
  ['api.isSharedAccountExists', ['Dept']],
  ['api.getSharedAccountAccountBalance', ['Dept']],
  ['api.setSharedAccountAccountBalance', ['Dept', 100, 'budget']],
  ['api.adjustSharedAccountAccountBalance', ['Dept', -5, 'paper']],
  ['api.getSharedAccountProperty', ['Dept', 'balance']],
  ['api.getSharedAccountProperties', ['Dept', ['balance', 'restricted']]],
  ['api.setSharedAccountProperty', ['Dept', 'notes', 'every-method']],
  [
    'api.setSharedAccountProperties',
    [
      'Dept',
      [
        ['restricted', 'true'],
        ['overdraft-amount', '10'],
      ],
    ],
  ],
  ['api.addNewSharedAccount', ['Dept\\Fresh']],
  ['api.renameSharedAccount', ['RenameMe', 'Renamed']],
  ['api.deleteExistingSharedAccount', ['DeleteMe']],
  ['api.addSharedAccountAccessUser', ['Dept', 'alice']],
  ['api.removeSharedAccountAccessUser', ['Dept', 'alice']],
  ['api.addSharedAccountAccessGroup', ['Dept', 'Staff']],
  ['api.removeSharedAccountAccessGroup', ['Dept', 'Staff']],
  ['api.getPrinterProperty', ['srv', 'P1', 'cost-model']],
  ['api.setPrinterProperty', ['srv', 'P1', 'custom-field-1', 'north wing']],
  ['api.listPrinters', [0, 100]],
  ['api.setPrinterCostSimple', ['srv', 'P1', 0.1]],
  ['api.getPrinterCostSimple', ['srv', 'P1']],
  ['api.resetPrinterCounts', ['srv', 'P1', 'admin']],
  ['api.addPrinterGroup', ['srv', 'P1', 'Lab']],
  ['api.setPrinterGroups', ['srv', 'P1', 'Lab,Library']],
  ['api.enablePrinter', ['srv', 'P1']],
  ['api.disablePrinter', ['srv', 'P1', 5]],
  ['api.deletePrinter', ['srv', 'P2']],
  ['api.renamePrinter', ['srv', 'P3', 'srv', 'P3b']],
  ['api.addPrinterAccessGroup', ['srv', 'P1', 'Staff']],
  ['api.removePrinterAccessGroup', ['srv', 'P1', 'Staff']],
  ['api.addNewGroup', ['Newcomers']],
  ['api.removeGroup', ['RemoveMe']],
  ['api.listUserGroups', [0, 100]],
  ['api.isGroupExists', ['Staff']],
  ['api.addUserToGroup', ['carol', 'Staff']],
  ['api.removeUserFromGroup', ['carol', 'Staff']],
  ['api.setGroupQuota', ['Staff', 5, 'WEEKLY', 0]],
  ['api.getGroupQuota', ['Staff']],
  ['api.useCard', ['alice', 'NO-SUCH-CARD']],
  ['api.performOnlineBackup', []],
  ['api.performGroupSync', []],
  ['api.performUserAndGroupSync', []],
  ['api.performUserAndGroupSyncAdvanced', [false, true]],
  ['api.addNewUsers', []],
  ['api.getTaskStatus', []],
  ['api.batchImportSharedAccounts', [file('shared.tsv', [['Imported', '', 'Y', '', '12.50']]), false, false]],
  [
    'api.batchImportUsers',
    [
      file('users.tsv', [
        ['alice', '20'],
        ['imported-user', '3'],
      ]),
      true,
    ],
  ],
  [
    'api.batchImportInternalUsers',
    [file('internal.tsv', [['imported-internal', 'Pass-1', '4']]), false, false, false],
  ],
  ['api.batchImportUserCardIdNumbers', [file('cards.tsv', [['carol', 'C-CAROL', '4321']]), false]],
  ['api.createUserClientAccountsFile', []],
  ['api.getConfigValue', ['user.default-overdraft-amount']],
  ['api.setConfigValue', ['every-method.key', 'value']],
  ['api.processJob', ['user=alice,server=srv,printer=P4,total-pages=2,cost=0.20']],
  ['api.adjustUserAccountBalanceByCardNumber', ['C-BOB', 1, 'card top-up']],
  ['api.lookUpUserNameByEmail', ['alice@example.org']],
  ['api.lookUpUserNameBySecondaryUserName', ['ali']],
  ['api.lookUpUsersByFullName', ['Alice Example']],
  ['api.getGroupMembers', ['!!Internal Users!!', 0, 100]],
  ['api.syncGroup', ['Staff']],
  ['api.getUserOverdraftMode', ['alice']],
  ['api.setUserOverdraftMode', ['alice', 'individual']],
  ['api.getSharedAccountOverdraftMode', ['Dept']],
  ['api.setSharedAccountOverdraftMode', ['Dept', 'default']],
  ['api.disableSharedAccount', ['Dept', 10]],
  ['api.setUserAccountSelectionAdvancedPopup', ['carol', true, false, 'Dept']],
  ['api.clearUserAdvancedPrinterSettings', ['alice']],
  ['api.exportUserDataHistory', ['alice', 'alice-history.csv']],
  ['api.getPrinterProperties', ['srv', 'P1', ['cost-model', 'disabled']]],
  ['api.setPrinterProperties', ['srv', 'P1', [['custom-field-2', 'colour']]]],
  ['api.batchImportPrinters', [file('printers.tsv', [['srv', 'Imported-1', '0.05']])]],
  ['api.changeInternalAdminPassword', ['New-Admin-Password-1']],
  ['api.generateAdHocReport', ['user-statement', 'user=alice', 'csv', 'Every method', 'every-method.csv']],
  ['api.generateScheduledReport', ['Monthly usage', 'monthly.pdf']],
  ['api.runCommand', ['get-total-users', []]],
];

type Reply = { readonly value: unknown } | { readonly faultCode: number; readonly faultString: string };

describe('every seed and extended method answers with a result or a domain fault', () => {
  let server: TestServer;
  let call: (method: string, params: readonly unknown[]) => Promise<Reply>;
  const dataDir = join(folder, 'data');

  before(async () => {
    server = await startTestServer({ store: 'sqlite', dataDir });
    const client = createClient({ host: '127.0.0.1', port: server.port, path: RPC_PATH });
    call = (method, params) =>
      new Promise((resolve, reject) =>
        client.methodCall(
          method,
          method === 'api.getTaskStatus' ? [...params] : [server.token, ...params],
          (error: unknown, value: unknown) => {
            if (error === null || error === undefined) return resolve({ value });
            const { faultCode, faultString } = error as { faultCode?: unknown; faultString?: unknown };
            if (typeof faultCode === 'number' && typeof faultString === 'string')
              return resolve({ faultCode, faultString });
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        ),
      );
    const setup = async (method: string, ...params: unknown[]) => {
      const reply = await call(method, params);
      assert.ok('value' in reply, `setup ${method}: ${JSON.stringify(reply)}`);
    };
    for (const [name, card, email] of [
      ['alice', 'C-ALICE', 'alice@example.org'],
      ['bob', 'C-BOB', 'bob@example.org'],
      ['carol', '', ''],
      ['rename-me', '', ''],
      ['delete-me', '', ''],
    ] as const)
      await setup(
        'api.addNewInternalUser',
        name,
        'pw',
        name === 'alice' ? 'Alice Example' : name,
        email,
        card,
        '',
      );
    await setup('api.setUserProperty', 'alice', 'username-alias', 'ali');
    for (const group of ['Staff', 'RemoveMe']) await setup('api.addNewGroup', group);
    for (const user of ['alice', 'bob']) await setup('api.addUserToGroup', user, 'Staff');
    for (const account of ['Dept', 'RenameMe', 'DeleteMe']) await setup('api.addNewSharedAccount', account);
    for (const printer of ['P1', 'P2', 'P3'])
      await setup('api.processJob', `user=bob,server=srv,printer=${printer},total-pages=1,cost=0.10`);
    // Last: the user directory the directory methods read, a tab-separated file named by a config value. the directory methods read: a tab-separated file named by a config value.
    const directory = file('directory.tsv', [
      ['directory-user', 'Directory User', 'du@example.org', 'Physics', 'P-1', 'D-100', '', 'Staff'],
      ['carol', 'Carol', 'carol@example.org', 'Art'],
    ]);
    await setup('api.setConfigValue', 'user-directory.file', directory);
  });

  after(async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('every method of methods.tsv has valid arguments in this test', () => {
    const covered = new Set(CALLS.map(([name]) => name));
    const missing = specified.filter((method) => !covered.has(method.name)).map((method) => method.name);
    assert.deepEqual(missing, [], `methods without a call here: ${missing.join(', ')}`);
  });

  for (const [method, params] of CALLS) {
    it(method, async (t) => {
      assert.ok(
        specified.some((spec) => spec.name === method),
        `${method} is not a seed or extended method`,
      );
      const reply = await call(method, params);
      if ('value' in reply) {
        t.diagnostic(`result ${JSON.stringify(reply.value).slice(0, 120)}`);
        return;
      }
      t.diagnostic(`domain fault ${reply.faultCode}: ${reply.faultString}`);
      assert.notEqual(reply.faultCode, 200, `${method} is unknown to the server: ${reply.faultString}`);
      assert.notEqual(reply.faultCode, 201, `the arguments of this test are wrong: ${reply.faultString}`);
      // Domain faults are 300–899 and 1000–1999; 9xx are the server's own errors.
      assert.ok(
        (reply.faultCode >= 300 && reply.faultCode < 900) ||
          (reply.faultCode >= 1000 && reply.faultCode < 2000),
        `${method} answered fault ${reply.faultCode} (not a domain fault): ${reply.faultString}`,
      );
      assert.doesNotMatch(reply.faultString, /not implemented|unknown method|no such handler/i);
      assert.ok(reply.faultString.length > 10, 'the fault says what is wrong');
    });
  }

  it('the import and backup tasks finished, and the user client file was written', async () => {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const status = await call('api.getTaskStatus', []);
      if ('value' in status && (status.value as { completed: boolean }).completed) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await server.folio.tasks.idle();
    const users = await call('api.getUserProperties', ['imported-user', ['balance']]);
    assert.deepEqual(users, { value: ['3.00'] });
    const card = await call('api.lookUpUserNameByCardNo', ['C-CAROL']);
    assert.deepEqual(card, { value: 'carol' });
  });
});
