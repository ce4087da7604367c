import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { buildSmallLedger, DataFolder, SmallLedger, tempDataFolder } from '../../support/audit-fixture';
import { POSTINGS_FILE } from '../../../adapters/store/postings-sqlite';

const MAIN = resolve(__dirname, '..', '..', '..', 'adapters', 'cli', 'main.js');

const folio = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((done) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { env: { ...process.env, FOLIO_DATA: '' } },
      (error, stdout, stderr) =>
        done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    );
  });

interface Lines {
  readonly lines: readonly { readonly transferId: string; readonly amount: string }[];
}

describe('the postings index behind folio history', () => {
  let folder: DataFolder;
  let ledger: SmallLedger;
  before(async () => {
    folder = tempDataFolder('folio-cli-postings-');
    ledger = await buildSmallLedger(folder);
    await ledger.folio.projections.stop();
  });
  after(async () => {
    await ledger.folio.stop();
    await ledger.store.close();
    folder.remove();
  });

  it('is built by history, catches up after a CLI write, and verify compares it with the log', async () => {
    const first = await folio('history', 'bob', '--data', folder.dir, '--format', 'json');
    assert.equal(first.code, 0, first.stderr);
    assert.ok(existsSync(join(folder.dir, POSTINGS_FILE)));
    const target = (JSON.parse(first.stdout) as Lines).lines.find((line) => line.amount === '5.50');
    assert.ok(target !== undefined);
    const booked = await folio('correct', target.transferId, '--comment', 'wrong user', '--data', folder.dir);
    assert.equal(booked.code, 0, booked.stderr);
    const second = JSON.parse(
      (await folio('history', 'bob', '--data', folder.dir, '--format', 'json')).stdout,
    ) as Lines;
    assert.equal(second.lines.length, (JSON.parse(first.stdout) as Lines).lines.length + 1);
    const sound = await folio('verify', '--data', folder.dir);
    assert.equal(sound.code, 0, sound.stdout + sound.stderr);
    assert.match(sound.stdout, /postings {6}every row equals the log's/);
  });

  it('an edited row is reported by verify, which exits 6', async () => {
    await folio('history', 'bob', '--data', folder.dir);
    const db = new Database(join(folder.dir, POSTINGS_FILE));
    db.prepare(
      'UPDATE postings SET entry = replace(entry, \'"comment":"\', \'"comment":"x\') WHERE (account, position, seq) = (SELECT account, position, seq FROM postings LIMIT 1)',
    ).run();
    db.close();
    const damaged = await folio('verify', '--data', folder.dir);
    assert.equal(damaged.code, 6, damaged.stdout);
    assert.match(
      damaged.stdout,
      /postings {6}MISMATCH: postings row for \S+ at position \d+ differs from the log/,
    );
  });
});
