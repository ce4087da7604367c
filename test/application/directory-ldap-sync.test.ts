import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Change, Attribute } from 'ldapts';
import { ldapDirectory } from '../../adapters/directory/ldap';
import { LdapSettingsFile, resolveLdapSettings } from '../../adapters/directory/ldap-settings';
import { UserDirectory } from '../../adapters/directory/port';
import { formatMoney } from '../../domain/money';
import {
  AD_BASE,
  adAllGroups,
  adCard,
  adDisabled,
  adGroupDn,
  adName,
  adUserDn,
  POSIX_BASE,
  posixAllGroups,
  posixName,
  rootClient,
  schoolLdif,
} from '../support/ldap-directory';
import { must, startTestFolio, TEST_CONTEXT, TestFolio } from '../support/in-memory-folio';
import { SERVICE_DN, SERVICE_PASSWORD, Slapd, slapdAvailable, startSlapd } from '../support/slapd';
import { directoryGroup, finished, members, usernames } from './directory-fixture';

const USERS = 240;
const SIZE_LIMIT = 100;

let slapd: Slapd;
before(async () => {
  slapd = await startSlapd({
    ldif: schoolLdif({ adUsers: USERS, posixUsers: USERS }),
    sizeLimit: SIZE_LIMIT,
  });
});
after(async () => {
  await slapd?.dispose();
});

const settings = (overrides: Partial<LdapSettingsFile> = {}) =>
  resolveLdapSettings(
    {
      schema: 'active-directory',
      url: slapd.url,
      baseDn: AD_BASE,
      bindDn: SERVICE_DN,
      bindPassword: SERVICE_PASSWORD,
      pageSize: 50,
      retries: 1,
      retryDelayMs: 50,
      attributes: { primaryCard: 'pager' },
      ...overrides,
    },
    '.',
  );

const withLdap = (directory: UserDirectory = ldapDirectory(settings())) =>
  startTestFolio({ directory: () => directory });

const range = (count: number) => Array.from({ length: count }, (_, index) => index + 1);
const enabledAd = range(USERS).filter((index) => !adDisabled(index));
const inGroup = (group: string) =>
  enabledAd.filter((index) => adAllGroups(index).includes(group)).map(adName);

const sync = async (test: TestFolio): Promise<string> => {
  await must(test.folio.services.directory.performUserAndGroupSync(TEST_CONTEXT));
  return finished(test);
};

const eventTypesSince = async (test: TestFolio, position: number): Promise<string[]> =>
  (await test.store.readAll(position, 100_000)).map((event) => event.type);

/** What a sync changed since `position`: its events other than the task's own record (requested, finished). */
const changesSince = async (test: TestFolio, position: number): Promise<string[]> =>
  (await eventTypesSince(test, position)).filter(
    (type) => type !== 'TaskRequested' && type !== 'TaskFinished',
  );

describe('directory sync from a real slapd', { skip: !slapdAvailable() && 'slapd is not installed' }, () => {
  it('creates the users of an Active Directory with the initial settings of their (nested) groups', async () => {
    const test = await withLdap();
    for (const group of ['All Staff', 'Teachers', 'Students']) await directoryGroup(test, group);
    await must(
      test.folio.services.initialSettings.setGroupInitialSettings(TEST_CONTEXT, 'All Staff', {
        balance: 5_000_000n,
      }),
    );
    await must(
      test.folio.services.initialSettings.setGroupInitialSettings(TEST_CONTEXT, 'Teachers', {
        balance: 2_000_000n,
      }),
    );
    const message = await sync(test);
    assert.match(
      message,
      new RegExp(`read LDAP server ${slapd.url}: ${enabledAd.length} users in \\d+ groups`),
    );
    assert.match(message, /left out 4 disabled accounts/);
    assert.match(
      message,
      new RegExp(`summary: ${enabledAd.length} created, 0 updated, 0 deleted, 0 groups changed, 0 problems`),
    );
    assert.deepEqual(usernames(test), enabledAd.map(adName));
    const teacher = test.folio.models.users.findByUsername('ad0008');
    assert.deepEqual(teacher?.details, {
      fullName: 'AD User 8',
      email: 'ad0008@school.example',
      department: 'Department 3',
      office: 'Room 8',
      home: '\\\\files\\home\\ad0008',
    });
    assert.equal(teacher?.primaryCardNumber, adCard(8));
    // ad0008 is in Maths Teachers, inside Teachers, inside All Staff: both initial settings apply.
    assert.equal(formatMoney(teacher?.balances[''] ?? 0n), '7.00');
    assert.equal(formatMoney(test.folio.models.users.findByUsername('ad0005')?.balances[''] ?? 0n), '5.00');
    assert.equal(formatMoney(test.folio.models.users.findByUsername('ad0002')?.balances[''] ?? 0n), '0.00');
    assert.deepEqual(await members(test, 'Teachers'), inGroup('Teachers').slice(0, 100));
    assert.deepEqual(await members(test, 'Students'), inGroup('Students').slice(0, 100));
    assert.equal(test.folio.models.users.findByUsername(adName(49)), undefined, 'disabled: not created');

    const before = await test.store.headPosition();
    const again = await sync(test);
    assert.match(again, /summary: 0 created, 0 updated, 0 deleted, 0 groups changed, 0 problems/);
    assert.deepEqual(await changesSince(test, before), [], 'an unchanged directory writes no event');
  });

  it('syncs a posix directory: memberUid, groupOfNames and groups within groups', async () => {
    const test = await withLdap(
      ldapDirectory(settings({ schema: 'posix', baseDn: POSIX_BASE, attributes: {} })),
    );
    for (const group of ['staff', 'faculty']) await directoryGroup(test, group);
    await sync(test);
    assert.equal(usernames(test).length, USERS);
    const expected = (group: string) =>
      range(USERS)
        .filter((index) => posixAllGroups(index).includes(group))
        .map(posixName);
    assert.deepEqual(await members(test, 'staff'), expected('staff').slice(0, 100));
    assert.deepEqual(await members(test, 'faculty'), expected('faculty').slice(0, 100));
  });

  it('a test run reports what would change and writes nothing; the sync then changes, moves and removes', async () => {
    const test = await withLdap();
    for (const group of ['Office', 'Students']) await directoryGroup(test, group);
    await sync(test);
    const directory = await rootClient(slapd.url);
    const changed = adName(2);
    const moved = adName(3);
    const removed = adName(6);
    try {
      await directory.modify(
        adUserDn(2),
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'displayName', values: ['Renamed Two'] }),
        }),
      );
      // ad0003 moves from Students to Office, in both places AD keeps membership.
      await directory.modify(
        adGroupDn('Students'),
        new Change({
          operation: 'delete',
          modification: new Attribute({ type: 'member', values: [adUserDn(3)] }),
        }),
      );
      await directory.modify(
        adGroupDn('Office'),
        new Change({
          operation: 'add',
          modification: new Attribute({ type: 'member', values: [adUserDn(3)] }),
        }),
      );
      await directory.modify(
        adUserDn(3),
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'memberOf', values: [adGroupDn('Office')] }),
        }),
      );
      await directory.modify(
        adGroupDn('Students'),
        new Change({
          operation: 'delete',
          modification: new Attribute({ type: 'member', values: [adUserDn(6)] }),
        }),
      );
      await directory.del(adUserDn(6));

      const before = await test.store.headPosition();
      const preview = await must(
        test.folio.services.directory.testUserAndGroupSync(TEST_CONTEXT, true, true),
      );
      assert.deepEqual(await changesSince(test, before), [], 'a test run writes nothing');
      assert.deepEqual(preview.summary, {
        created: 0,
        updated: 1,
        deleted: 1,
        groupsChanged: 2,
        problems: 0,
      });
      const lines = preview.lines.join('\n');
      assert.match(lines, new RegExp(`would update user ${changed}: fullName`));
      assert.match(lines, /group Office: would add 1, remove 0/);
      assert.match(lines, /group Students: would add 0, remove 2/);
      assert.match(lines, new RegExp(`would delete user ${removed}`));
      assert.match(
        lines,
        /test run, nothing changed; it would make: 0 created, 1 updated, 1 deleted, 2 groups changed/,
      );

      await must(test.folio.services.directory.performUserAndGroupSyncAdvanced(TEST_CONTEXT, true, true));
      const message = await finished(test);
      assert.match(message, /summary: 0 created, 1 updated, 1 deleted, 2 groups changed, 0 problems/);
      assert.equal(test.folio.models.users.findByUsername(changed)?.details.fullName, 'Renamed Two');
      assert.ok((await members(test, 'Office')).includes(moved));
      assert.ok(!(await members(test, 'Students')).includes(moved));
      assert.equal(test.folio.models.users.findByUsername(removed), undefined);
      const written = await eventTypesSince(test, before);
      assert.ok(written.includes('UserDeleted'), 'a deleted-user event, not an erased history');
    } finally {
      await directory.unbind();
    }
  });

  it('a refused bind fails the task with a clear reason and changes nothing', async () => {
    const test = await withLdap(ldapDirectory(settings({ bindPassword: 'not-the-password' })));
    const before = await test.store.headPosition();
    const message = await sync(test);
    assert.match(
      message,
      /performUserAndGroupSync: failed: LDAP server .* refused the bind: invalid credentials/,
    );
    assert.doesNotMatch(message, /not-the-password|folio-secret/);
    assert.deepEqual(await changesSince(test, before), []);
    assert.deepEqual(usernames(test), []);
  });

  it('a server stopped mid-sync fails the task and leaves Folio as it was', async () => {
    const source = ldapDirectory(settings());
    let killed: Promise<void> | null = null;
    const stoppingMidRead: UserDirectory = {
      read: (progress) =>
        source.read((line) => {
          progress?.(line);
          if (killed === null && line.includes('user entries read (1 page)')) killed = slapd.kill();
        }),
    };
    const test = await withLdap(stoppingMidRead);
    await directoryGroup(test, 'Students');
    const before = await test.store.headPosition();
    try {
      const message = await sync(test);
      assert.match(message, /user entries read \(1 page\)/);
      assert.match(message, /performUserAndGroupSync: failed: LDAP server .*nothing was read$/);
      assert.deepEqual(await changesSince(test, before), []);
      assert.deepEqual(usernames(test), []);
    } finally {
      await killed;
      await slapd.start();
    }
    // Once the server is back, the same sync runs through.
    const message = await sync(test);
    assert.match(message, /performUserAndGroupSync: completed/);
    assert.equal(usernames(test).length, enabledAd.length - 1, 'ad0006 was removed by the test before');
  });
});
