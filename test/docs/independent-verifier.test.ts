import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { verifyLog } from '../../application/audit/verify';
import { openSqliteEventStore } from '../../adapters/store/sqlite';
import { buildSmallLedger, DataFolder, tempDataFolder } from '../support/audit-fixture';

const SCRIPT = resolve(__dirname, '..', '..', '..', 'tools', 'verify-log.py');

const hasPython = (): boolean => {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
};
const skip = !hasPython();
if (skip) process.stdout.write('# SKIPPED: tools/verify-log.py needs python3, which this machine lacks\n');

const runScript = (path: string): Promise<{ code: number; stdout: string }> =>
  new Promise((done) =>
    execFile('python3', [SCRIPT, path], (error, stdout) =>
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout }),
    ),
  );

describe('tools/verify-log.py, the verifier docs/audit.md describes', { skip }, () => {
  let folder: DataFolder;

  before(async () => {
    folder = tempDataFolder('folio-python-');
    const ledger = await buildSmallLedger(folder);
    await ledger.folio.stop();
    await ledger.store.close();
  });
  after(() => folder.remove());

  it('agrees with folio verify on the log digest of a sound log', async () => {
    const store = openSqliteEventStore(folder.eventsPath, { readonly: true });
    const report = await verifyLog({ store, snapshotPath: null });
    await store.close();
    const run = await runScript(folder.eventsPath);
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /, 0 problems$/m);
    assert.ok(
      run.stdout.includes(`log digest ${report.logDigest} at position ${report.headPosition}`),
      run.stdout,
    );
  });

  it('names a tampered event', async () => {
    const copy = join(folder.dir, 'tampered.sqlite');
    copyFileSync(folder.eventsPath, copy);
    const db = new Database(copy);
    const { position } = db
      .prepare("SELECT position FROM events WHERE type = 'SharedAccountBalanceAdjusted' LIMIT 1")
      .get() as { position: number };
    db.prepare("UPDATE events SET data = replace(data, 'budget', 'Budget') WHERE position = ?").run(position);
    db.close();
    const run = await runScript(copy);
    assert.equal(run.code, 1);
    assert.match(
      run.stdout,
      new RegExp(
        `^position ${position}, stream shared-\\S+, revision \\d+ \\(SharedAccountBalanceAdjusted\\): its hash is not`,
        'm',
      ),
    );
  });
});
