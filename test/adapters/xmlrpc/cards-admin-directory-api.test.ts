import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'xmlrpc';
import { DOMAIN_FAULTS } from '../../../adapters/xmlrpc/faults';
import { RunningServer, startXmlRpcServer } from '../../../adapters/xmlrpc/server';
import { silentLogger } from '../../../adapters/log';
import { must, startTestFolio, TEST_CONTEXT, TestFolio } from '../../support/in-memory-folio';

const TOKEN = 'test-token';
const folder = mkdtempSync(join(tmpdir(), 'folio-api-'));
let test: TestFolio;
let server: RunningServer;
let cards: readonly string[] = [];

/** One call over real HTTP on loopback; a fault comes back as `{fault: {faultCode, faultString}}`. */
const call = (method: string, ...params: unknown[]): Promise<unknown> =>
  new Promise((resolve) => {
    const client = createClient({ host: '127.0.0.1', port: server.port, path: '/rpc/api/xmlrpc' });
    client.methodCall(
      method,
      method === 'api.getTaskStatus' ? params : [TOKEN, ...params],
      (error, value) => {
        const fault = error as { faultCode?: number; faultString?: string } | null;
        resolve(
          fault?.faultCode === undefined ? (error === null ? value : { error: String(error) }) : { fault },
        );
      },
    );
  });

const faultCode = async (method: string, ...params: unknown[]): Promise<number | undefined> =>
  ((await call(method, ...params)) as { fault?: { faultCode: number } }).fault?.faultCode;

before(async () => {
  test = await startTestFolio();
  server = await startXmlRpcServer({
    folio: test.folio,
    log: silentLogger(),
    port: 0,
    host: '127.0.0.1',
    startupTokens: [TOKEN],
  });
  await must(
    test.folio.services.users.addNewInternalUser(TEST_CONTEXT, {
      username: 'alice',
      password: 'p',
      fullName: 'Alice',
      email: '',
      cardId: '',
      pin: '',
    }),
  );
  cards = (
    await must(
      test.folio.services.cards.createBatch(TEST_CONTEXT, {
        prefix: 'T',
        count: 3,
        value: 2_500_000n,
        expires: '2026-06-30',
      }),
    )
  ).cardNumbers;
});

after(async () => {
  await server.close();
  await test.folio.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('cards, admin rights, account selection and the directory over XML-RPC', () => {
  it('api.useCard answers each of its result codes', async () => {
    const [first = '', second = ''] = cards;
    assert.equal(await call('api.useCard', 'alice', first), 'SUCCESS');
    assert.equal(await call('api.getUserAccountBalance', 'alice'), 2.5);
    assert.equal(await call('api.useCard', 'alice', first), 'CARD_IS_USED');
    assert.equal(await call('api.useCard', 'nobody', second), 'UNKNOWN_USER');
    assert.equal(await call('api.useCard', 'alice', 'T123'), 'INVALID_CARD_NUMBER');
    test.setNow('2026-07-01T00:00:00Z');
    assert.equal(await call('api.useCard', 'alice', second), 'CARD_HAS_EXPIRED');
    test.setNow('2026-03-01T12:00:00Z');
    assert.equal(await faultCode('api.useCard', 'alice'), 201);
  });

  it('admin rights: ok for users and groups, a fault naming an unknown one', async () => {
    assert.equal(await call('api.addAdminAccessUser', 'alice'), true);
    assert.equal(await call('api.addAdminAccessUser', 'alice'), true);
    assert.equal(await call('api.addNewGroup', 'Admins'), true);
    assert.equal(await call('api.addAdminAccessGroup', 'Admins'), true);
    assert.equal(await call('api.removeAdminAccessGroup', 'Admins'), true);
    assert.equal(await call('api.removeAdminAccessUser', 'alice'), true);
    assert.equal(await faultCode('api.addAdminAccessUser', 'nobody'), 300);
    assert.equal(await faultCode('api.addAdminAccessGroup', 'Nope'), 600);
  });

  it('account selection setters and the read-only properties; listUserSharedAccounts with and without the mode', async () => {
    assert.equal(await call('api.addNewSharedAccount', 'Dean'), true);
    assert.equal(await call('api.addSharedAccountAccessUser', 'Dean', 'alice'), true);
    assert.equal(await call('api.setUserAccountSelectionAutoChargePersonal', 'alice'), true);
    assert.deepEqual(await call('api.listUserSharedAccounts', 'alice', 0, 10), ['Dean']);
    assert.deepEqual(await call('api.listUserSharedAccounts', 'alice', 0, 10, false), []);
    assert.equal(
      await call('api.setUserAccountSelectionStandardPopup', 'alice', true, true, false, false, false),
      true,
    );
    assert.deepEqual(await call('api.listUserSharedAccounts', 'alice', 0, 10, false), ['Dean']);
    assert.equal(await call('api.setUserAccountSelectionAdvancedPopup', 'alice', false, true, 'Dean'), true);
    assert.equal(
      await call('api.getUserProperty', 'alice', 'account-selection.mode'),
      'SHOW_ADVANCED_ACCOUNT_SELECTION_POPUP',
    );
    assert.equal(
      await call('api.setUserAccountSelectionAutoSelectSharedAccount', 'alice', 'Dean', true),
      true,
    );
    assert.deepEqual(
      await call('api.getUserProperties', 'alice', ['account-selection.mode', 'auto-shared-account']),
      ['AUTO_CHARGE_TO_SHARED', 'Dean'],
    );
    assert.equal(
      await faultCode('api.setUserAccountSelectionAutoSelectSharedAccount', 'alice', 'Nope', true),
      500,
    );
    assert.equal(
      await faultCode('api.setUserProperty', 'alice', 'account-selection.mode', 'SHOW_MANAGER_MODE_POPUP'),
      701,
    );
  });

  it('user settings: clearUserAdvancedPrinterSettings and reapplyInitialUserSettings answer true', async () => {
    assert.equal(await call('api.clearUserAdvancedPrinterSettings', 'alice'), true);
    assert.equal(await call('api.reapplyInitialUserSettings', 'alice'), true);
    assert.equal(await faultCode('api.reapplyInitialUserSettings', 'nobody'), 300);
  });

  it('directory methods: faults and false without a directory, tasks reported by getTaskStatus with one', async () => {
    assert.equal(await faultCode('api.addNewUser', 'bob'), 1200);
    assert.equal(await call('api.syncGroup', 'Admins'), false);
    const path = join(folder, 'users.tsv');
    writeFileSync(path, 'bob\tBob\tbob@example.org\t\t\t\t\tStaff\ncarol\tCarol\n');
    assert.equal(await call('api.setConfigValue', 'user-directory.file', path), true);
    assert.equal(await faultCode('api.addNewUser', 'zoe'), 1201);
    assert.equal(await call('api.addNewGroup', 'Staff'), true);
    for (const method of ['api.addNewUsers', 'api.performGroupSync', 'api.performUserAndGroupSync'])
      assert.equal(await call(method), true, method);
    assert.equal(await call('api.performUserAndGroupSyncAdvanced', false, true), true);
    let status = (await call('api.getTaskStatus')) as { completed: boolean; message: string };
    for (let polls = 0; !status.completed && polls < 200; polls += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = (await call('api.getTaskStatus')) as { completed: boolean; message: string };
    }
    assert.equal(status.completed, true);
    assert.match(status.message, /performUserAndGroupSyncAdvanced: completed$/);
    assert.equal(await call('api.isUserExists', 'carol'), true);
    assert.deepEqual(await call('api.getGroupMembers', 'Staff', 0, 10), ['bob']);
    assert.equal(await call('api.syncGroup', 'Staff'), true);
    assert.equal(await call('api.getUserProperty', 'bob', 'internal'), 'false');
  });
});

describe('fault table', () => {
  it('gives every domain error its own fault code', () => {
    const codes = Object.values(DOMAIN_FAULTS).map((entry) => entry.faultCode);
    assert.equal(new Set(codes).size, codes.length);
  });
});
