import assert from 'node:assert/strict';
import { connect, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, SizeLimitExceededError } from 'ldapts';
import { Either } from 'fp-ts/Either';
import { ldapDirectory } from '../../../adapters/directory/ldap';
import { LdapSettingsFile, resolveLdapSettings } from '../../../adapters/directory/ldap-settings';
import { DirectoryListing, DirectoryProblem, DirectoryUser } from '../../../adapters/directory/port';
import {
  AD_BASE,
  adAllGroups,
  adCard,
  adDisabled,
  adName,
  POSIX_BASE,
  posixAllGroups,
  posixName,
  schoolLdif,
} from '../../support/ldap-directory';
import { SERVICE_DN, SERVICE_PASSWORD, Slapd, slapdAvailable, startSlapd } from '../../support/slapd';

const USERS = 300;
/** Lower than the entries of either tree: only a paged search can read them all. */
const SIZE_LIMIT = 100;

let slapd: Slapd;
const folder = mkdtempSync(join(tmpdir(), 'folio-ldap-source-'));

before(async () => {
  slapd = await startSlapd({
    ldif: schoolLdif({ adUsers: USERS, posixUsers: USERS }),
    sizeLimit: SIZE_LIMIT,
    tls: true,
  });
});
after(async () => {
  await slapd?.dispose();
  rmSync(folder, { recursive: true, force: true });
});

const settings = (overrides: Partial<LdapSettingsFile> = {}) =>
  resolveLdapSettings(
    {
      schema: 'active-directory',
      url: slapd.url,
      baseDn: AD_BASE,
      bindDn: SERVICE_DN,
      bindPassword: SERVICE_PASSWORD,
      pageSize: 40,
      retryDelayMs: 50,
      attributes: { primaryCard: 'pager' },
      ...overrides,
    },
    folder,
  );

const listing = (result: Either<DirectoryProblem, DirectoryListing>): DirectoryListing => {
  if (result._tag === 'Left') assert.fail(`the read failed: ${result.left.reason}`);
  return result.right;
};

const problem = (result: Either<DirectoryProblem, DirectoryListing>): DirectoryProblem => {
  if (result._tag === 'Right') assert.fail('the read succeeded');
  return result.left;
};

const byName = (users: readonly DirectoryUser[], username: string): DirectoryUser => {
  const user = users.find((entry) => entry.username === username);
  assert.ok(user, `${username} is listed`);
  return user;
};

const sorted = (names: readonly string[]) => [...names].sort();

describe(
  'the LDAP source against a real slapd',
  { skip: !slapdAvailable() && 'slapd is not installed' },
  () => {
    it('reads Active Directory users with the preset mapping, nested groups followed, disabled and computer accounts left out', async () => {
      const lines: string[] = [];
      const { users, source } = listing(await ldapDirectory(settings()).read((line) => lines.push(line)));
      const enabled = Array.from({ length: USERS }, (_, index) => index + 1).filter(
        (index) => !adDisabled(index),
      );
      assert.deepEqual(sorted(users.map((user) => user.username)), enabled.map(adName));
      assert.equal(source, `LDAP server ${slapd.url}`);
      assert.deepEqual(byName(users, 'ad0008'), {
        username: 'ad0008',
        fullName: 'AD User 8',
        email: 'ad0008@school.example',
        department: 'Department 3',
        office: 'Room 8',
        home: '\\\\files\\home\\ad0008',
        primaryCard: adCard(8),
        secondaryCard: '',
        groups: byName(users, 'ad0008').groups,
      });
      for (const index of [1, 2, 4, 5, 8, 16])
        assert.deepEqual(
          sorted(byName(users, adName(index)).groups),
          sorted(adAllGroups(index)),
          adName(index),
        );
      assert.ok(lines.includes(`left out ${USERS / 50} disabled accounts`), lines.join('\n'));
    });

    it('lists disabled accounts when disabledAccounts is include', async () => {
      const { users } = listing(await ldapDirectory(settings({ disabledAccounts: 'include' })).read());
      assert.equal(users.length, USERS);
      assert.ok(users.some((user) => user.username === adName(49)));
    });

    it('reads the posix preset: memberUid of posixGroup, member of groupOfNames, groups within groups', async () => {
      const { users } = listing(
        await ldapDirectory(settings({ schema: 'posix', baseDn: POSIX_BASE, attributes: {} })).read(),
      );
      assert.equal(users.length, USERS);
      for (const index of [1, 2, 3, 299, 300])
        assert.deepEqual(sorted(byName(users, posixName(index)).groups), sorted(posixAllGroups(index)));
      assert.deepEqual(
        { ...byName(users, 'p0007'), groups: [] },
        {
          username: 'p0007',
          fullName: 'Posix User 7',
          email: 'p0007@school.example',
          department: '100',
          office: '',
          home: '/home/p0007',
          primaryCard: '',
          secondaryCard: '',
          groups: [],
        },
      );
    });

    it('takes every mapping from the settings: a group filter, other attributes', async () => {
      const { users } = listing(
        await ldapDirectory(
          settings({
            groupFilter: '(&(objectClass=group)(cn=Students))',
            attributes: { fullName: 'sn', office: '', primaryCard: '', home: '' },
          }),
        ).read(),
      );
      const user = byName(users, 'ad0002');
      assert.deepEqual(
        [user.fullName, user.office, user.primaryCard, user.home, user.groups],
        ['User 2', '', '', '', ['Students']],
      );
      assert.deepEqual(byName(users, 'ad0008').groups, []);
    });

    it('pages past the server size limit that refuses a plain search', async () => {
      const client = new Client({ url: slapd.url, timeout: 10_000 });
      await client.bind(SERVICE_DN, SERVICE_PASSWORD);
      await assert.rejects(
        client.search(POSIX_BASE, { filter: '(uid=*)', attributes: ['uid'] }),
        SizeLimitExceededError,
      );
      await client.unbind();
      const lines: string[] = [];
      const { users } = listing(
        await ldapDirectory(
          settings({ schema: 'posix', baseDn: POSIX_BASE, pageSize: 40, attributes: {} }),
        ).read((line) => lines.push(line)),
      );
      assert.equal(users.length, USERS);
      assert.ok(
        lines.includes(`LDAP server ${slapd.url}: ${USERS} user entries read (8 pages)`),
        lines.join('\n'),
      );
    });

    it('a refused bind is an authentication problem that names no password, tried once', async () => {
      const lines: string[] = [];
      const refused = problem(
        await ldapDirectory(settings({ bindPassword: 'wrong-password-xyz' })).read((line) =>
          lines.push(line),
        ),
      );
      assert.equal(refused.kind, 'authentication');
      assert.match(refused.reason, /refused the bind: invalid credentials/);
      assert.doesNotMatch(refused.reason, /wrong-password-xyz|folio-secret/);
      assert.deepEqual(lines, []);
    });

    it('a server that cannot be reached is a connection problem after the retries', async () => {
      const closed = await new Promise<number>((resolve) => {
        const probe = connect({ port: 1, host: '127.0.0.1' });
        probe.once('error', () => resolve(1));
        probe.once('connect', () => {
          probe.destroy();
          resolve(0);
        });
      });
      if (closed === 0) return; // something listens on port 1: no refused port to test with
      const lines: string[] = [];
      const down = problem(
        await ldapDirectory(settings({ url: 'ldap://127.0.0.1:1', retries: 2 })).read((line) =>
          lines.push(line),
        ),
      );
      assert.equal(down.kind, 'connection');
      assert.match(down.reason, /ECONNREFUSED.*tried 3 times.*nothing was read/);
      assert.equal(lines.filter((line) => line.includes('reading again')).length, 2);
    });

    it('reads over StartTLS and ldaps:// with the CA file, and refuses an untrusted certificate without retrying', async () => {
      const caFile = join(folder, 'ca.pem');
      writeFileSync(caFile, slapd.certificate ?? '');
      const overStartTls = listing(await ldapDirectory(settings({ startTls: true, caFile })).read());
      assert.equal(overStartTls.users.length, USERS - USERS / 50);
      const overLdaps = listing(await ldapDirectory(settings({ url: slapd.secureUrl ?? '', caFile })).read());
      assert.equal(overLdaps.users.length, USERS - USERS / 50);
      const lines: string[] = [];
      const untrusted = problem(
        await ldapDirectory(settings({ url: slapd.secureUrl ?? '' })).read((line) => lines.push(line)),
      );
      assert.equal(untrusted.kind, 'connection');
      assert.match(untrusted.reason, /TLS handshake failed/);
      assert.deepEqual(lines, []);
    });

    it('a connection dropped mid-read is read again from the start on a new connection', async () => {
      const sockets: Socket[] = [];
      const createConnection = ((...args: Parameters<typeof connect>) => {
        const socket = connect(...args);
        sockets.push(socket);
        return socket;
      }) as typeof connect;
      const lines: string[] = [];
      let dropped = false;
      const result = await ldapDirectory(settings(), { createConnection }).read((line) => {
        lines.push(line);
        if (!dropped && line.includes('user entries read (1 page)')) {
          dropped = true;
          sockets[0]?.destroy();
        }
      });
      assert.equal(listing(result).users.length, USERS - USERS / 50);
      assert.ok(dropped);
      assert.ok(sockets.length >= 2, 'a second connection was made');
      assert.ok(
        lines.some((line) => /connection was lost; reading again from the start/.test(line)),
        lines.join('\n'),
      );
    });

    it('a server stopped mid-read fails the read with the reason: nothing half-read is returned', async () => {
      const lines: string[] = [];
      let killed: Promise<void> | null = null;
      const result = await ldapDirectory(settings({ retries: 1 })).read((line) => {
        lines.push(line);
        if (killed === null && line.includes('user entries read (1 page)')) killed = slapd.kill();
      });
      await killed;
      await slapd.start();
      const down = problem(result);
      assert.equal(down.kind, 'connection');
      assert.match(down.reason, /nothing was read/);
    });

    it('a filter that is not LDAP syntax is refused before connecting', async () => {
      const bad = problem(await ldapDirectory(settings({ userFilter: '(uid=*' })).read());
      assert.equal(bad.kind, undefined);
      assert.match(bad.reason, /ldap\.userFilter '\(uid=\*' is not a valid LDAP filter/);
    });
  },
);
