import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { createFolio } from '../../../application/folio';
import { openStore } from '../../../adapters/store/open';
import { must, TEST_CONTEXT } from '../../support/in-memory-folio';

const run = promisify(execFile);
const MAIN = join(process.cwd(), 'dist', 'adapters', 'cli', 'main.js');
const folder = mkdtempSync(join(tmpdir(), 'folio-cli-'));
after(() => rmSync(folder, { recursive: true, force: true }));

const folio = (...args: string[]) =>
  run(process.execPath, [MAIN, ...args, '--data', folder], { timeout: 30_000 });

describe('folio cards, folio group initial-settings, folio admins (on the data folder of a running server)', () => {
  it('issue cards and settings from another process that the running server then uses', async () => {
    const store = openStore('sqlite', folder);
    const server = createFolio({ store, snapshotPath: null });
    await server.start();
    try {
      await must(
        server.services.users.addNewInternalUser(TEST_CONTEXT, {
          username: 'alice',
          password: 'p',
          fullName: '',
          email: '',
          cardId: '',
          pin: '',
        }),
      );
      await must(server.services.groups.addNewGroup(TEST_CONTEXT, 'Staff'));
      await must(server.services.groups.addUserToGroup(TEST_CONTEXT, 'alice', 'Staff'));
      await must(server.services.adminAccess.addAdminAccessUser(TEST_CONTEXT, 'alice'));

      const printed = await folio('cards', 'create', '--prefix', 'CLI-', '--count', '2', '--value', '2.50');
      const numbers = printed.stdout.trim().split('\n');
      assert.equal(numbers.length, 2);
      for (const number of numbers) assert.match(number, /^CLI-\d{12}$/);

      const out = join(folder, 'cards.txt');
      const written = await folio(
        'cards',
        'create',
        '--count',
        '3',
        '--value',
        '1',
        '--expires',
        '2030-12-31',
        '--out',
        out,
      );
      assert.match(written.stdout, /issued 3 cards worth 1\.00 each .*valid until 2031-01-01T00:00:00\.000Z/);
      assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 3);
      assert.equal(statSync(out).mode & 0o777, 0o600);
      // An --out FILE that exists is refused before anything is issued: no batch is added.
      const batchesBefore = (await folio('cards', 'list')).stdout;
      await assert.rejects(
        folio('cards', 'create', '--count', '1', '--value', '1', '--out', out),
        /--out .*cards\.txt: EEXIST.*no cards were issued/,
      );
      assert.equal((await folio('cards', 'list')).stdout, batchesBefore);
      assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 3);

      const settings = await folio(
        'group',
        'initial-settings',
        'Staff',
        '--balance',
        '4',
        '--restricted',
        'true',
      );
      assert.match(settings.stdout, /initial balance: 4\.00\nrestricted: true\noverdraft: \(not set\)/);
      assert.equal((await folio('admins')).stdout, 'kind  name\nuser  alice\n');

      assert.equal(
        await must(server.services.cards.useCard(TEST_CONTEXT, 'alice', numbers[0] ?? '')),
        'SUCCESS',
      );
      await must(server.services.initialSettings.reapplyInitialUserSettings(TEST_CONTEXT, 'alice'));
      assert.equal(server.models.users.findByUsername('alice')?.balances[''], 4_000_000n);
      assert.equal(server.models.users.findByUsername('alice')?.restricted, true);
    } finally {
      await server.stop();
      await store.close();
    }
  });

  it('refuses a folder that holds no Folio data', async () => {
    await assert.rejects(
      run(process.execPath, [MAIN, 'admins', '--data', join(folder, 'nothing-here')]),
      /no event store in/,
    );
  });
});
