import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { adminPasswordPath } from '../../../adapters/cli/admin-password';
import { folioBin, run, startFolioProcess } from '../../support/folio-process';

const root = mkdtempSync(join(tmpdir(), 'folio-admin-password-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** The CLI without any token in the environment, so only the data folder's password can apply. */
const folio = (...words: string[]) => run(process.execPath, [folioBin(), ...words]);

const reset = async (dataDir: string): Promise<string> => {
  const result = await folio('admin-password', 'reset', '--data', dataDir);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
};

describe('`folio admin-password reset`', () => {
  it('writes a new password, readable by its owner only, that the server then accepts', async () => {
    const dataDir = join(root, 'restored');
    // A folder whose server only ever ran with a start-up token: no admin-password file, as after a restore.
    const first = await startFolioProcess(dataDir, 'start-up-token');
    assert.equal(await first.stop(), 0);

    const printed = await reset(dataDir);
    const password = readFileSync(adminPasswordPath(dataDir), 'utf8');
    assert.equal(printed, password);
    assert.equal(statSync(adminPasswordPath(dataDir)).mode & 0o777, 0o600);
    assert.notEqual(await reset(dataDir), printed, 'a second reset makes another password');

    const server = await startFolioProcess(dataDir, 'start-up-token');
    try {
      const where = ['--host', '127.0.0.1', '--port', String(server.port), '--data', dataDir];
      const call = await folio('call', 'api.getTotalUsers', ...where);
      assert.equal(call.code, 0, call.stderr);
      assert.equal(call.stdout, '0\n');
      const stale = await folio('call', 'api.getTotalUsers', ...where, '--auth-token', password.trim());
      assert.notEqual(stale.code, 0, 'the replaced password no longer works');
    } finally {
      await server.stop();
    }
  });

  it('is what `folio call` suggests when the data folder has no password and no token applies', async () => {
    const dataDir = join(root, 'no-password');
    const result = await folio('call', 'api.getTotalUsers', '--data', dataDir, '--port', '1');
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /has no admin-password \(a restored backup does not carry one\)/);
    assert.match(result.stderr, /--auth-token, FOLIO_AUTH_TOKEN or the settings file/);
    assert.ok(result.stderr.includes(`folio admin-password reset --data ${dataDir}`), result.stderr);
  });
});
