import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT } from '../../../adapters/cli/exit-codes';
import { folioBin, FolioProcess, run, RunResult, startFolioProcess } from '../../support/folio-process';

const TOKEN = 'cli-exit-code-token';

/** A loopback port nothing listens on: bound, read, closed. */
const closedPort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });

describe('`folio call` and `server-command` exit codes come from what went wrong', () => {
  let dataDir: string;
  let server: FolioProcess;

  const folio = (port: number, token: string, ...words: string[]): Promise<RunResult> =>
    run(process.execPath, [
      folioBin(),
      ...words,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--auth-token',
      token,
    ]);

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'folio-cli-exit-'));
    server = await startFolioProcess(dataDir, TOKEN);
  });

  after(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a call that succeeds exits EXIT.ok', async () => {
    assert.equal((await folio(server.port, TOKEN, 'call', 'api.getTotalUsers')).code, EXIT.ok);
  });

  it('a server that cannot be reached exits EXIT.connection, for call and server-command', async () => {
    const port = await closedPort();
    const called = await folio(port, TOKEN, 'call', 'api.getTotalUsers');
    assert.equal(called.code, EXIT.connection, called.stderr);
    assert.match(called.stderr, /cannot reach the server/);
    assert.equal((await folio(port, TOKEN, 'server-command', 'get-total-users')).code, EXIT.connection);
  });

  it('a refused token exits EXIT.authentication', async () => {
    const refused = await folio(server.port, 'not-the-token', 'call', 'api.getTotalUsers');
    assert.equal(refused.code, EXIT.authentication, refused.stderr);
    assert.match(refused.stderr, /fault 101/);
  });

  it('any other fault exits EXIT.fault and prints its code and text', async () => {
    const fault = await folio(server.port, TOKEN, 'call', 'api.getUserAccountBalance', 'nobody-here');
    assert.equal(fault.code, EXIT.fault, fault.stderr);
    assert.match(fault.stderr, /^folio: fault \d+: /);
  });
});
