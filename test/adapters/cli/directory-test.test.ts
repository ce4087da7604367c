import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { directoryTest, DirectoryTestFlags } from '../../../adapters/cli/directory-test';
import { EXIT } from '../../../adapters/cli/exit-codes';
import { openStore } from '../../../adapters/store/open';
import { AD_BASE, schoolLdif } from '../../support/ldap-directory';
import { repoRoot } from '../../support/paths';
import { SERVICE_DN, SERVICE_PASSWORD, Slapd, slapdAvailable, startSlapd } from '../../support/slapd';

const USERS = 120;
let slapd: Slapd;
const folder = mkdtempSync(join(tmpdir(), 'folio-directory-test-'));

before(async () => {
  slapd = await startSlapd({ ldif: schoolLdif({ adUsers: USERS, posixUsers: 0 }) });
});
after(async () => {
  await slapd?.dispose();
  rmSync(folder, { recursive: true, force: true });
});

let files = 0;
/** A settings file with this ldap object (merged over a working Active Directory one). */
const settingsFile = (ldap: Record<string, unknown> = {}, rest: Record<string, unknown> = {}): string => {
  const path = join(folder, `settings-${(files += 1)}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      ...rest,
      ldap: {
        schema: 'active-directory',
        url: slapd.url,
        baseDn: AD_BASE,
        bindDn: SERVICE_DN,
        bindPasswordFile: 'bind-password',
        retries: 0,
        ...ldap,
      },
    }),
  );
  return path;
};

const run = async (flags: DirectoryTestFlags) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await directoryTest(
    flags,
    { out: (line) => out.push(line), err: (line) => err.push(line) },
    {},
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('folio directory test', { skip: !slapdAvailable() && 'slapd is not installed' }, () => {
  before(() => writeFileSync(join(folder, 'bind-password'), `${SERVICE_PASSWORD}\n`));

  it('binds, searches and prints the counts, the groups and a sample', async () => {
    const { code, out } = await run({ config: settingsFile(), sample: '3' });
    assert.equal(code, EXIT.ok);
    assert.match(out, new RegExp(`server: ${slapd.url}, schema active-directory`));
    assert.match(out, new RegExp(`bind: ${SERVICE_DN}`));
    assert.match(out, new RegExp(`searched: ${USERS} user entries`));
    assert.match(out, /left out 2 disabled accounts/);
    assert.match(out, new RegExp(`users: ${USERS - 2} would be imported`));
    assert.match(out, /^ {2}All Staff\t\d+ members$/m);
    assert.match(out, /sample \(3 of 118\)/);
    assert.match(out, /^ {2}ad0002\tAD User 2\tad0002@school\.example\tDepartment 2\tRoom 2\t\tStudents$/m);
    assert.doesNotMatch(out, new RegExp(SERVICE_PASSWORD));
  });

  it('with --compare prints the test run against the data folder and writes nothing', async () => {
    const data = join(folder, 'data');
    mkdirSync(data);
    await openStore('sqlite', data).close();
    const { code, out } = await run({ config: settingsFile({}, { data }), compare: true, sample: '0' });
    assert.equal(code, EXIT.ok, out);
    assert.match(out, /test run against the data folder/);
    assert.match(out, /would create user ad0001/);
    assert.match(out, /test run, nothing changed; it would make: 118 created/);
    const store = openStore('sqlite', data, { readonly: true });
    assert.equal(await store.headPosition(), 0);
    await store.close();
  });

  it('exits with the authentication code when the bind is refused', async () => {
    writeFileSync(join(folder, 'wrong-password'), 'wrong\n');
    const { code, err } = await run({ config: settingsFile({ bindPasswordFile: 'wrong-password' }) });
    assert.equal(code, EXIT.authentication);
    assert.match(err, /refused the bind: invalid credentials/);
  });

  it('exits with the connection code when the server cannot be reached, and with usage without an ldap object', async () => {
    const stopped = await startSlapd({ ldif: '' });
    const url = stopped.url;
    await stopped.dispose();
    const { code, err } = await run({ config: settingsFile({ url }) });
    assert.equal(code, EXIT.connection);
    assert.match(err, /ECONNREFUSED/);
    const none = join(folder, 'none.json');
    writeFileSync(none, '{}');
    assert.equal((await run({ config: none })).code, EXIT.usage);
  });

  it('the folio command sets the exit code', async () => {
    const config = settingsFile({ bindPasswordFile: 'wrong-password' });
    const status = await new Promise<number | null>((resolve) => {
      const child = execFile(process.execPath, [
        join(repoRoot(), 'dist/adapters/cli/main.js'),
        'directory',
        'test',
        '--config',
        config,
      ]);
      child.on('exit', (exitCode) => resolve(exitCode));
    });
    assert.equal(status, EXIT.authentication);
  });
});
