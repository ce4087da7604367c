import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FolioProcess, run, startFolioProcess } from '../support/folio-process';
import { repoRoot } from '../support/paths';

const TOKEN = 'python-session-token';
const script = (name: string): string => join(repoRoot(), 'test', 'clients', 'python', name);

/** python3 -B: the scripts leave no __pycache__ in the source tree. */
const python = (name: string, url: string) => run('python3', ['-B', script(name), url, TOKEN]);

describe("Python's xmlrpc.client against a real `folio serve` process", () => {
  let dataDir: string;
  let folio: FolioProcess | undefined;

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'folio-python-session-'));
  });

  after(async () => {
    await folio?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a realistic session is exact to the cent', async () => {
    folio = await startFolioProcess(dataDir, TOKEN);
    const result = await python('session.py', folio.url);
    assert.equal(result.code, 0, `session.py failed:\n${result.stdout}\n${result.stderr}\n${folio.stderr()}`);
    assert.match(result.stdout, /session ok/);
  });

  it('every balance and name persists when the server is stopped and started again on the same data', async (t) => {
    assert.ok(folio, 'the session ran');
    const started = performance.now();
    assert.equal(await folio.stop(), 0, 'SIGTERM stops the server cleanly');
    t.diagnostic(`stop on SIGTERM: ${(performance.now() - started).toFixed(0)} ms`);
    folio = await startFolioProcess(dataDir, TOKEN);
    const result = await python('verify_persisted.py', folio.url);
    assert.equal(result.code, 0, `verify_persisted.py failed:\n${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /persisted state ok/);
  });
});
