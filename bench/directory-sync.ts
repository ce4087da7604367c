import { ldapDirectory } from '../adapters/directory/ldap';
import { resolveLdapSettings } from '../adapters/directory/ldap-settings';
import { AD_BASE, schoolLdif } from '../test/support/ldap-directory';
import { must, startTestFolio, TEST_CONTEXT } from '../test/support/in-memory-folio';
import { SERVICE_DN, SERVICE_PASSWORD, startSlapd } from '../test/support/slapd';

/**
 * `npm run bench:directory`: 10,000 Active Directory users in a real slapd (paged, 500 a page), a
 * full sync into an in-memory Folio timed (target: under 60 s), then a second sync of the unchanged
 * directory, which must write no event.
 */
const USERS = 10_000;
const TARGET_MS = 60_000;

const main = async (): Promise<void> => {
  const slapd = await startSlapd({ ldif: schoolLdif({ adUsers: USERS, posixUsers: 0 }), sizeLimit: 1_000 });
  try {
    const settings = resolveLdapSettings(
      {
        schema: 'active-directory',
        url: slapd.url,
        baseDn: AD_BASE,
        bindDn: SERVICE_DN,
        bindPassword: SERVICE_PASSWORD,
        attributes: { primaryCard: 'pager' },
      },
      '.',
    );
    const test = await startTestFolio({ directory: () => ldapDirectory(settings) });
    for (const group of ['All Staff', 'Teachers', 'Office', 'Students'])
      await must(test.folio.services.groups.addNewGroup(TEST_CONTEXT, group, 'directory'));
    const timedSync = async (): Promise<{ ms: number; events: number; last: string }> => {
      const before = await test.store.headPosition();
      const started = process.hrtime.bigint();
      await must(test.folio.services.directory.performUserAndGroupSync(TEST_CONTEXT));
      await test.folio.tasks.idle();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const lines = test.folio.tasks.status().message.split('\n');
      const events = (await test.store.readAll(before, 10_000_000)).length;
      return {
        ms,
        events,
        last: lines.filter((line) => line.includes('summary')).at(-1) ?? lines.at(-1) ?? '',
      };
    };
    const first = await timedSync();
    process.stdout.write(
      `full sync of ${USERS} directory users: ${(first.ms / 1000).toFixed(1)} s (target < ${TARGET_MS / 1000} s), ${first.events} events written\n  ${first.last}\n`,
    );
    const second = await timedSync();
    process.stdout.write(
      `second, unchanged sync: ${(second.ms / 1000).toFixed(1)} s, ${second.events} events written (must be 0)\n  ${second.last}\n`,
    );
    if (first.ms > TARGET_MS || second.events !== 0) process.exitCode = 1;
  } finally {
    await slapd.dispose();
  }
};

void main();
