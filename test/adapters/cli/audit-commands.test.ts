import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { buildSmallLedger, DataFolder, SmallLedger, tempDataFolder } from '../../support/audit-fixture';

const MAIN = resolve(__dirname, '..', '..', '..', 'adapters', 'cli', 'main.js');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const folio = (...args: string[]): Promise<Run> =>
  new Promise((done) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { env: { ...process.env, FOLIO_DATA: '' } },
      (error, stdout, stderr) =>
        done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    );
  });

describe('folio verify, replay, history, reconcile and correct', () => {
  let folder: DataFolder;
  let ledger: SmallLedger;

  before(async () => {
    folder = tempDataFolder('folio-cli-audit-');
    // The server stays up (store open, read models live) while the commands read beside it.
    ledger = await buildSmallLedger(folder);
    await ledger.folio.projections.stop();
  });
  after(async () => {
    await ledger.folio.stop();
    await ledger.store.close();
    folder.remove();
  });

  it('verify passes a sound data folder beside a running server and prints a summary', async () => {
    const run = await folio('verify', '--data', folder.dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^\d+ events in \d+ streams/);
    assert.match(run.stdout, /read models rebuilt from empty are byte-identical to the snapshot/);
    assert.match(run.stdout, /log digest {4}[0-9a-f]{64} at position \d+/);
    assert.match(run.stdout, /^OK: /m);
  });

  it('verify names the first offending event and exits 6 (EXIT.verification)', async () => {
    const copy = join(folder.dir, 'tampered');
    mkdirSync(copy);
    await ledger.store.database.backup(join(copy, 'folio-events.sqlite'));
    const db = new Database(join(copy, 'folio-events.sqlite'));
    const row = db
      .prepare("SELECT position, stream, revision FROM events WHERE type = 'UserBalanceAdjusted' LIMIT 1")
      .get() as {
      position: number;
      stream: string;
      revision: number;
    };
    db.prepare(
      'UPDATE events SET data = replace(data, \'"amount":"10"\', \'"amount":"100"\') WHERE position = ?',
    ).run(row.position);
    db.close();
    const run = await folio('verify', '--data', copy, '--no-progress');
    assert.equal(run.code, 6);
    assert.match(
      run.stdout,
      new RegExp(
        `FAILED: first offending event: position ${row.position}, stream ${row.stream}, revision ${row.revision} \\(UserBalanceAdjusted [^)]+\\) — hash: `,
      ),
    );
    const json = await folio('verify', '--data', copy, '--format', 'json');
    assert.equal(
      (JSON.parse(json.stdout) as { problems: { position: number }[] }).problems[0]?.position,
      row.position,
    );
  });

  it('replay shows balances as they were at a position and at a time', async () => {
    const early = await folio('replay', '--data', folder.dir, '--until', '2024-01-20', '--format', 'json');
    assert.equal(early.code, 0, early.stderr);
    const state = JSON.parse(early.stdout) as {
      position: number;
      users: { username: string; balances: Record<string, string> }[];
      trialBalance: string;
    };
    assert.equal(state.trialBalance, '0.00');
    assert.ok(state.position > 0);
    const byPosition = await folio(
      'replay',
      '--data',
      folder.dir,
      '--until',
      String(state.position),
      '--format',
      'json',
    );
    assert.deepEqual(JSON.parse(byPosition.stdout).users, state.users);
    const alice = await folio(
      'replay',
      '--data',
      folder.dir,
      '--until',
      '999999',
      '--account',
      'alice',
      '--json',
    );
    assert.equal(
      (JSON.parse(alice.stdout) as { account: { balances: Record<string, string> } }).account.balances[''],
      '12.00',
    );
    const text = await folio('replay', '--data', folder.dir, '--until', '1');
    assert.match(text.stdout, /^State as of position 1: after position 1/);
  });

  it('history takes a print-revenue account by the name statements print (system:print-revenue:SERVER\\PRINTER)', async () => {
    const run = await folio(
      'history',
      'system:print-revenue:srv\\laser',
      '--data',
      folder.dir,
      '--format',
      'json',
    );
    assert.equal(run.code, 0, run.stderr);
    const statement = JSON.parse(run.stdout) as { account: { name: string }; closing: string };
    assert.deepEqual(
      [statement.account.name, statement.closing],
      ['system:print-revenue:srv\\laser', '1.25'],
    );
  });

  it('reconcile words an empty period and its counts properly', async () => {
    const run = await folio('reconcile', '--data', folder.dir, '--from', '2001-01-01', '--to', '2001-02-01');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /every account: opening \+ movements = closing: no accounts to tie out/);
    assert.doesNotMatch(run.stderr, /\b0 accounts|1 accounts|1 causes/);
  });

  it('history gives statements for users, shared accounts and system accounts, in CSV and JSON', async () => {
    const csv = await folio('history', 'alice', '--data', folder.dir);
    assert.equal(csv.code, 0, csv.stderr);
    const lines = csv.stdout.trim().split('\r\n');
    assert.equal(lines[0]?.split(',').length, 15);
    assert.match(lines[lines.length - 2] ?? '', /^closing,the end of the log,.*,12\.00,/);
    // The reconciliation above signed a checkpoint; the statement names it in its last row.
    assert.match(lines[lines.length - 1] ?? '', /^checkpoint,[^,]+,\d+,,,,,size=\d+ root=[0-9a-f]{64} /);
    const shared = JSON.parse(
      (await folio('history', 'Physics\\Lab', '--data', folder.dir, '--format', 'json')).stdout,
    ) as {
      account: { kind: string };
      closing: string;
    };
    assert.deepEqual([shared.account.kind, shared.closing], ['shared', '-12.25']);
    const system = JSON.parse(
      (
        await folio(
          'history',
          'system:adjustments',
          '--data',
          folder.dir,
          '--format',
          'json',
          '--from',
          '2024-01-01',
        )
      ).stdout,
    ) as {
      lines: { counterAccountName: string }[];
      tiesOut: boolean;
    };
    assert.equal(system.tiesOut, true);
    assert.ok(system.lines.some((line) => line.counterAccountName === 'alice'));
    const renamed = await folio('history', 'caroline', '--data', folder.dir, '--format', 'json');
    assert.equal((JSON.parse(renamed.stdout) as { closing: string }).closing, '-1.015');
    const deleted = await folio('history', 'user:dave', '--data', folder.dir, '--format', 'json');
    assert.equal((JSON.parse(deleted.stdout) as { account: { deleted: boolean } }).account.deleted, true);
  });

  it('reconcile ties out a period and writes CSV, JSON and HTML', async () => {
    const csv = await folio('reconcile', '--data', folder.dir, '--from', '2024-01', '--to', '2024-04');
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stderr, /ok {4}every account: opening \+ movements = closing/);
    const json = JSON.parse(
      (
        await folio(
          'reconcile',
          '--data',
          folder.dir,
          '--from',
          '2024-01',
          '--to',
          '2024-04',
          '--format',
          'json',
        )
      ).stdout,
    ) as {
      ok: boolean;
      accounts: { name: string; closing: string }[];
    };
    assert.equal(json.ok, true);
    assert.equal(json.accounts.find((account) => account.name === 'bob')?.closing, '32.50');
    const all = JSON.parse((await folio('reconcile', '--data', folder.dir, '--format', 'json')).stdout) as {
      printRevenue: { printer: string; revenue: string }[];
      accounts: { name: string; byCause: Record<string, { credits: string; debits: string }> }[];
    };
    assert.deepEqual(all.printRevenue.map((printer) => [printer.printer, printer.revenue]).sort(), [
      ['srv\\colour', '0.00'],
      ['srv\\laser', '1.25'],
    ]);
    assert.deepEqual(all.accounts.find((account) => account.name === 'erin')?.byCause.correction, {
      credits: '2.50',
      debits: '0.00',
      count: 1,
    });
    // Into a reports folder that does not exist yet, as the README shows.
    const out = join(folder.dir, 'reports', 'new-folder', 'reconciliation.html');
    const html = await folio('reconcile', '--data', folder.dir, '--format', 'html', '--output', out);
    assert.equal(html.code, 0);
    assert.match(readFileSync(out, 'utf8'), /<svg id="chart-movements"/);
  });

  it('correct books a correction once, and every report shows both transfers', async () => {
    const bob = (await folio('history', 'bob', '--data', folder.dir, '--format', 'json')).stdout;
    const { lines } = JSON.parse(bob) as { lines: { transferId: string; amount: string }[] };
    const target = lines.find((line) => line.amount === '5.50');
    assert.ok(target !== undefined);
    const snapshot = readFileSync(folder.snapshotPath, 'utf8');
    const booked = await folio('correct', target.transferId, '--comment', 'wrong user', '--data', folder.dir);
    assert.equal(booked.code, 0, booked.stderr);
    assert.equal(readFileSync(folder.snapshotPath, 'utf8'), snapshot, "the server's snapshot is left alone");
    assert.match(
      booked.stdout,
      new RegExp(
        `^Booked correction \\S+ reversing ${target.transferId} on user:\\S+: -5\\.50 against system:adjustments`,
      ),
    );
    const again = await folio('correct', target.transferId, '--comment', 'twice', '--data', folder.dir);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /was already corrected by transfer/);
    const after = JSON.parse(
      (await folio('history', 'bob', '--data', folder.dir, '--format', 'json')).stdout,
    ) as {
      closing: string;
      lines: { transferId: string; correctedBy?: string; correctsTransferId?: string; cause: string }[];
    };
    assert.equal(after.closing, '27.00');
    assert.ok(after.lines.find((line) => line.transferId === target.transferId)?.correctedBy !== undefined);
    assert.ok(
      after.lines.some(
        (line) => line.cause === 'correction' && line.correctsTransferId === target.transferId,
      ),
    );
    assert.equal((await folio('verify', '--data', folder.dir)).code, 0);
  });

  it('says what is wrong with an unknown account, a bad time or a missing data folder', async () => {
    assert.match(
      (await folio('history', 'nobody', '--data', folder.dir)).stderr,
      /The user 'nobody' does not exist/,
    );
    assert.match(
      (await folio('reconcile', '--data', folder.dir, '--from', 'last tuesday')).stderr,
      /--from: 'last tuesday' is neither/,
    );
    assert.match((await folio('verify', '--data', join(folder.dir, 'nowhere'))).stderr, /no event store in/);
  });
});
