import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { must, mustFail, startTestFolio, TEST_CONTEXT, TestFolio } from '../support/in-memory-folio';

const internalUser = (test: TestFolio, username: string) =>
  must(
    test.folio.services.users.addNewInternalUser(TEST_CONTEXT, {
      username,
      password: 'p',
      fullName: '',
      email: '',
      cardId: '',
      pin: '',
    }),
  );

describe('admin access', () => {
  it('grants and revokes users and groups idempotently, listed by current names', async () => {
    const test = await startTestFolio();
    const admin = test.folio.services.adminAccess;
    await internalUser(test, 'alice');
    await internalUser(test, 'bob');
    await must(test.folio.services.groups.addNewGroup(TEST_CONTEXT, 'Staff'));
    await must(admin.addAdminAccessUser(TEST_CONTEXT, 'Alice'));
    await must(admin.addAdminAccessUser(TEST_CONTEXT, 'alice'));
    await must(admin.addAdminAccessUser(TEST_CONTEXT, 'bob'));
    await must(admin.addAdminAccessGroup(TEST_CONTEXT, 'staff'));
    await must(admin.addAdminAccessGroup(TEST_CONTEXT, '!!All Users!!'));
    const events = (await test.store.readStream('admin-access')).map((event) => event.type);
    assert.deepEqual(events, [
      'AdminAccessGranted',
      'AdminAccessGranted',
      'AdminAccessGranted',
      'AdminAccessGranted',
    ]);
    await must(admin.removeAdminAccessUser(TEST_CONTEXT, 'bob'));
    await must(admin.removeAdminAccessUser(TEST_CONTEXT, 'bob'));
    await must(admin.removeAdminAccessGroup(TEST_CONTEXT, '!!All Users!!'));
    await must(test.folio.services.users.renameUserAccount(TEST_CONTEXT, 'alice', 'alicia'));
    assert.deepEqual(admin.listAdmins(), { users: ['alicia'], groups: ['Staff'] });
    await must(test.folio.services.groups.removeGroup(TEST_CONTEXT, 'Staff'));
    assert.deepEqual(admin.listAdmins().groups, []);
  });

  it('names an unknown user or group in its fault', async () => {
    const test = await startTestFolio();
    assert.deepEqual(
      await mustFail(test.folio.services.adminAccess.addAdminAccessUser(TEST_CONTEXT, 'nobody')),
      {
        code: 'UserNotFound',
        username: 'nobody',
      },
    );
    assert.deepEqual(
      await mustFail(test.folio.services.adminAccess.removeAdminAccessGroup(TEST_CONTEXT, 'Nope')),
      {
        code: 'GroupNotFound',
        group: 'Nope',
      },
    );
  });
});

describe('account selection through the services', () => {
  const setUp = async () => {
    const test = await startTestFolio();
    await internalUser(test, 'alice');
    await must(test.folio.services.groups.addNewGroup(TEST_CONTEXT, 'Science'));
    await must(test.folio.services.groups.addUserToGroup(TEST_CONTEXT, 'alice', 'Science'));
    for (const name of ['Biology', 'Chemistry', 'Chemistry\\Lab', 'Dean'])
      await must(test.folio.services.sharedAccounts.addNewSharedAccount(TEST_CONTEXT, name));
    await must(
      test.folio.services.sharedAccounts.addSharedAccountAccessGroup(TEST_CONTEXT, 'Biology', 'Science'),
    );
    await must(
      test.folio.services.sharedAccounts.addSharedAccountAccessUser(TEST_CONTEXT, 'Chemistry\\Lab', 'alice'),
    );
    return test;
  };
  const properties = (test: TestFolio) =>
    must(
      test.folio.services.users.getUserProperties('alice', [
        'account-selection.mode',
        'account-selection.can-charge-personal',
        'account-selection.can-charge-shared-from-list',
        'account-selection.can-charge-shared-by-pin',
        'auto-shared-account',
      ]),
    );
  const listed = (test: TestFolio, ignoreAccountMode?: boolean) =>
    must(test.folio.services.sharedAccounts.listUserSharedAccounts('alice', 0, 100, ignoreAccountMode));

  it('personal modes list no shared account unless the mode is ignored', async () => {
    const test = await setUp();
    assert.deepEqual(await properties(test), [
      'AUTO_CHARGE_TO_PERSONAL_ACCOUNT',
      'true',
      'false',
      'false',
      '',
    ]);
    assert.deepEqual(await listed(test), ['Biology', 'Chemistry\\Lab']);
    assert.deepEqual(await listed(test, true), ['Biology', 'Chemistry\\Lab']);
    assert.deepEqual(await listed(test, false), []);
    await must(
      test.folio.services.accountSelection.setUserAccountSelectionAutoChargePersonal(
        TEST_CONTEXT,
        'alice',
        true,
      ),
    );
    assert.equal((await properties(test))[0], 'CHARGE_TO_PERSONAL_ACCOUNT_WITH_CONFIRMATION');
    assert.deepEqual(await listed(test, false), []);
  });

  it('auto-shared mode names its account (following renames) and lists only it', async () => {
    const test = await setUp();
    await must(
      test.folio.services.accountSelection.setUserAccountSelectionAutoSelectSharedAccount(
        TEST_CONTEXT,
        'alice',
        'Dean',
        false,
      ),
    );
    assert.deepEqual(await properties(test), ['AUTO_CHARGE_TO_SHARED', 'false', 'false', 'false', 'Dean']);
    assert.deepEqual(await listed(test, false), ['Dean']);
    await must(test.folio.services.sharedAccounts.renameSharedAccount(TEST_CONTEXT, 'Dean', 'Dean Office'));
    assert.equal((await properties(test))[4], 'Dean Office');
    const missing = await mustFail(
      test.folio.services.accountSelection.setUserAccountSelectionAutoSelectSharedAccount(
        TEST_CONTEXT,
        'alice',
        '',
        true,
      ),
    );
    assert.equal(missing.code, 'SharedAccountNotFound');
  });

  it('popups list what the user may use when they offer a list; a PIN-only popup lists none', async () => {
    const test = await setUp();
    const popup = (allowListSelection: boolean, defaultSharedAccount?: string) =>
      test.folio.services.accountSelection.setUserAccountSelectionStandardPopup(
        TEST_CONTEXT,
        'alice',
        {
          allowPersonal: false,
          allowListSelection,
          allowPinCode: true,
          allowPrintingAsOtherUser: false,
          chargeToPersonalWhenSharedSelected: false,
        },
        defaultSharedAccount,
      );
    await must(popup(true, 'Biology'));
    assert.deepEqual(await properties(test), ['SHOW_ACCOUNT_SELECTION_POPUP', 'false', 'true', 'true', '']);
    assert.deepEqual(await listed(test, false), ['Biology', 'Chemistry\\Lab']);
    await must(popup(false));
    assert.deepEqual(await listed(test, false), []);
    assert.equal((await mustFail(popup(true, 'Nope'))).code, 'SharedAccountNotFound');
    await must(
      test.folio.services.accountSelection.setUserAccountSelectionAdvancedPopup(
        TEST_CONTEXT,
        'alice',
        true,
        true,
        undefined,
      ),
    );
    assert.deepEqual(await properties(test), [
      'SHOW_ADVANCED_ACCOUNT_SELECTION_POPUP',
      'true',
      'true',
      'true',
      '',
    ]);
    assert.deepEqual(await listed(test, false), ['Biology', 'Chemistry\\Lab']);
  });

  it('setting the same selection twice records one event', async () => {
    const test = await setUp();
    const user = test.folio.models.users.findByUsername('alice');
    for (let time = 0; time < 2; time += 1)
      await must(
        test.folio.services.accountSelection.setUserAccountSelectionAutoChargePersonal(
          TEST_CONTEXT,
          'alice',
          true,
        ),
      );
    const changes = (await test.store.readStream(`user-${user?.userId ?? ''}`)).filter(
      (event) => event.type === 'UserAccountSelectionChanged',
    );
    assert.equal(changes.length, 1);
  });
});

describe('api.clearUserAdvancedPrinterSettings', () => {
  it('turns the printing switches off and the cost adjustment back to 100 %, leaving the rest', async () => {
    const test = await startTestFolio();
    await internalUser(test, 'alice');
    const names = [
      'dont-hold-jobs-in-release-station',
      'dont-apply-printer-filter-rules',
      'dont-archive',
      'auto-release-jobs',
      'printer-cost-adjustment-rate-percent',
      'restricted',
      'disabled-net',
    ];
    await must(
      test.folio.services.users.setUserProperties(TEST_CONTEXT, 'alice', [
        ['dont-hold-jobs-in-release-station', 'true'],
        ['dont-apply-printer-filter-rules', 'true'],
        ['dont-archive', 'true'],
        ['auto-release-jobs', 'true'],
        ['printer-cost-adjustment-rate-percent', '50'],
        ['restricted', 'true'],
        ['disabled-net', 'true'],
      ]),
    );
    await must(test.folio.services.printerSettings.clearUserAdvancedPrinterSettings(TEST_CONTEXT, 'alice'));
    assert.deepEqual(await must(test.folio.services.users.getUserProperties('alice', names)), [
      'false',
      'false',
      'false',
      'false',
      '100',
      'true',
      'true',
    ]);
    assert.equal(
      (
        await mustFail(
          test.folio.services.printerSettings.clearUserAdvancedPrinterSettings(TEST_CONTEXT, 'zoe'),
        )
      ).code,
      'UserNotFound',
    );
  });
});
