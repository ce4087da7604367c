import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CONFIG_KEYS } from '../../../application/policy';
import { createRawClient, RawClient } from '../../support/raw-http-client';
import { startTestServer, TestServer } from '../../support/xmlrpc-server';

const KEY = 'user-directory.file';

describe('user-directory.file over XML-RPC: no token holder reads a file outside the allowed folders', () => {
  let server: TestServer;
  let client: RawClient;
  const folder = mkdtempSync(join(tmpdir(), 'folio-directory-api-'));

  before(async () => {
    server = await startTestServer();
    client = createRawClient(server.port);
  });

  after(async () => {
    client.close();
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const taskStatus = async (): Promise<{ completed: boolean; message: string }> => {
    await server.folio.tasks.idle();
    return (await client.value('api.getTaskStatus')) as { completed: boolean; message: string };
  };

  it('a token from the config may read the value but not change it; a start-up token may', async () => {
    await client.value(
      'api.setConfigValue',
      server.token,
      CONFIG_KEYS.authTokens,
      '{"billing":"billing-tok"}',
    );
    const refused = await client.fault('api.setConfigValue', 'billing-tok', KEY, '/etc/passwd');
    assert.equal(refused.faultCode, 103);
    assert.match(refused.faultString, /user-directory\.file/);
    assert.equal(await client.value('api.getConfigValue', 'billing-tok', KEY), '');
    assert.equal(await client.value('api.setConfigValue', server.token, KEY, 'users.tsv'), true);
    assert.equal(await client.value('api.getConfigValue', 'billing-tok', KEY), 'users.tsv');
  });

  it('a sync with a path outside the folders fails with a clear task message that names no path, and adds nobody', async () => {
    symlinkSync('/etc/passwd', join(folder, 'passwd-link.tsv'));
    for (const value of [
      '/etc/passwd',
      `${tmpdir()}/../etc/passwd`,
      '../../../../../../etc/passwd',
      join(folder, 'passwd-link.tsv'),
    ]) {
      assert.equal(await client.value('api.setConfigValue', server.token, KEY, value), true);
      assert.equal(await client.value('api.performUserAndGroupSync', server.token), true);
      const status = await taskStatus();
      assert.equal(status.completed, true);
      assert.match(
        status.message,
        /performUserAndGroupSync: failed: the directory file named by user-directory\.file cannot be read: files are read only from /,
        value,
      );
      for (const leaked of ['/etc', 'passwd', tmpdir(), folder])
        assert.ok(!status.message.includes(leaked), `${value}: the task message names ${leaked}`);
      const fault = await client.fault('api.addNewUser', server.token, 'root');
      assert.equal(fault.faultCode, 1200);
      assert.match(fault.faultString, /cannot be read: files are read only from/);
      assert.ok(!fault.faultString.includes('passwd'), fault.faultString);
    }
    assert.equal(await client.value('api.isUserExists', server.token, 'root'), false);
    assert.equal(await client.value('api.getTotalUsers', server.token), 0);
  });
});
