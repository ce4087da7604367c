import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createClient } from 'xmlrpc';
import { folioBin, run, startFolioProcess } from '../../support/folio-process';

const TOKEN = 'cli-backup-token';
const root = mkdtempSync(join(tmpdir(), 'folio-cli-backup-'));
after(() => rmSync(root, { recursive: true, force: true }));

const folio = (...args: string[]) => run(process.execPath, [folioBin(), ...args]);

const rpc = (url: string) => {
  const { port } = new URL(url);
  const client = createClient({ host: '127.0.0.1', port: Number(port), path: '/rpc/api/xmlrpc' });
  return (method: string, ...params: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) =>
      client.methodCall(method, [TOKEN, ...params], (error: unknown, value: unknown) =>
        error ? reject(error instanceof Error ? error : new Error(JSON.stringify(error))) : resolve(value),
      ),
    );
};

describe('folio backup and folio restore', () => {
  it('back up a running server, restore into a new folder, and serve the same balances from it', async () => {
    const live = join(root, 'live');
    const server = await startFolioProcess(live, TOKEN);
    const call = rpc(server.url);
    const users = ['ada', 'brian', 'chloé'];
    for (const [index, user] of users.entries()) {
      await call('api.addNewInternalUser', user, 'pw', user, '', `90${index}`, '');
      await call('api.adjustUserAccountBalance', user, 10.25 * (index + 1), 'top-up');
    }
    await call('api.addNewSharedAccount', 'Library');
    await call('api.adjustSharedAccountAccountBalance', 'Library', -4.5, 'paper');
    const expected = await Promise.all(users.map((user) => call('api.getUserAccountBalance', user)));

    // Taken while the server runs: the CLI reads the store read-only beside it.
    const backup = await folio('backup', '--data', live);
    assert.equal(backup.code, 0, backup.stderr);
    const [path = ''] = backup.stdout.split('\n');
    assert.match(path, /backups\/folio-backup-\d{8}-\d{6}\.zip$/);
    assert.match(backup.stdout, /\d+ events in \d+ streams/);
    assert.equal(await server.stop(), 0);

    const check = await folio('restore', path, '--check');
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stdout, /verifies: \d+ events/);

    const occupied = join(root, 'occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'notes.txt'), 'keep me');
    const refused = await folio('restore', path, '--data', occupied);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /is not empty: restore only into a new or empty folder/);
    assert.deepEqual(readdirSync(occupied), ['notes.txt']);

    const copy = join(root, 'copy');
    const restored = await folio('restore', path, '--data', copy);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, /restored into .*: \d+ events in \d+ streams, 3 users, 1 shared accounts/);
    assert.match(
      restored.stdout,
      /every chain verifies, the chain digest matches the backup's, trial balance 0\.00/,
    );

    const second = await startFolioProcess(copy, TOKEN);
    try {
      const again = rpc(second.url);
      assert.deepEqual(
        await Promise.all(users.map((user) => again('api.getUserAccountBalance', user))),
        expected,
      );
      assert.equal(await again('api.getSharedAccountAccountBalance', 'Library'), -4.5);
      assert.equal(await again('api.lookUpUserNameByCardNo', '902'), 'chloé');
    } finally {
      await second.stop();
    }
  });

  it('a file that is not a backup is refused with the reason', async () => {
    const bogus = join(root, 'bogus.zip');
    writeFileSync(bogus, 'not a zip at all');
    const result = await folio('restore', bogus, '--data', join(root, 'never'));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /does not verify, nothing was written:\n {2}not a readable zip/);
  });
});
