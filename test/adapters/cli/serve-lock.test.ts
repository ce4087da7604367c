import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createClient } from 'xmlrpc';
import { EXIT } from '../../../adapters/cli/exit-codes';
import { folioBin, run, runFolioServe, startFolioProcess } from '../../support/folio-process';

const TOKEN = 'serve-lock-token';
const VISIBLE_WITHIN_MS = 5_000;

const rpc = (port: number, method: string, ...params: unknown[]): Promise<unknown> =>
  new Promise((resolve, reject) =>
    createClient({ host: '127.0.0.1', port, path: '/rpc/api/xmlrpc' }).methodCall(
      method,
      [TOKEN, ...params],
      (error: unknown, value: unknown) => (error ? reject(error) : resolve(value)),
    ),
  );

const folio = (...args: string[]) => run(process.execPath, [folioBin(), ...args]);

describe('one data folder, one serving process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'folio-serve-lock-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second server on a served folder, naming the folder and the first server', async () => {
    const first = await startFolioProcess(dir, TOKEN);
    try {
      const second = await runFolioServe(dir, TOKEN);
      assert.equal(second.code, EXIT.failure, second.stderr);
      assert.ok(second.stderr.includes(dir), second.stderr);
      assert.ok(second.stderr.includes(`process ${first.pid}`), second.stderr);
      assert.equal(first.exitDescription(), 'running');
    } finally {
      await first.kill();
    }
  });

  it("serves a SIGKILLed server's folder again at once", async () => {
    const first = await startFolioProcess(dir, TOKEN);
    await first.kill();
    const again = await startFolioProcess(dir, TOKEN);
    assert.equal(await again.stop(), 0, again.stderr());
  });

  it('sees a folio correct written beside it within a second, with no other write after it', async () => {
    const server = await startFolioProcess(dir, TOKEN);
    try {
      await rpc(
        server.port,
        'api.addNewInternalUser',
        'lock-user',
        'secret-pw',
        'Lock User',
        'lock@example.org',
        '',
        '',
      );
      await rpc(server.port, 'api.adjustUserAccountBalance', 'lock-user', 5.5, 'to be corrected');
      const before = await rpc(server.port, 'api.getUserAccountBalance', 'lock-user');
      const history = await folio('history', 'lock-user', '--data', dir, '--format', 'json');
      assert.equal(history.code, 0, history.stderr);
      const { lines } = JSON.parse(history.stdout) as { lines: { transferId: string; amount: string }[] };
      const target = lines.find((line) => line.amount === '5.50');
      assert.ok(target !== undefined, history.stdout);
      const corrected = await folio(
        'correct',
        target.transferId,
        '--comment',
        'beside the server',
        '--data',
        dir,
      );
      assert.equal(corrected.code, 0, corrected.stderr);
      const written = Date.now();
      // Nothing else is written: without the head watch the server would never see the correction.
      let balance = before;
      while (balance === before && Date.now() - written < VISIBLE_WITHIN_MS) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        balance = await rpc(server.port, 'api.getUserAccountBalance', 'lock-user');
      }
      const delay = Date.now() - written;
      assert.notEqual(balance, before, `the correction was not seen within ${VISIBLE_WITHIN_MS} ms`);
      assert.equal(balance, 0);
      assert.ok(delay < VISIBLE_WITHIN_MS, `seen after ${delay} ms`);
    } finally {
      await server.kill();
    }
  });
});
