import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { GENESIS_HASH, hashEvent } from '../../../adapters/store/hash-chain';
import { buildSmallLedger, DataFolder, SmallLedger, tempDataFolder } from '../../support/audit-fixture';

const MAIN = resolve(__dirname, '..', '..', '..', 'adapters', 'cli', 'main.js');
const VERIFIER = resolve(__dirname, '..', '..', '..', '..', 'tools', 'verify-log.py');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const run = (command: string, args: string[]): Promise<Run> =>
  new Promise((done) => {
    execFile(command, args, { env: { ...process.env, FOLIO_DATA: '' } }, (error, stdout, stderr) =>
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    );
  });
const folio = (...args: string[]): Promise<Run> => run(process.execPath, [MAIN, ...args]);

const hasPython = (): boolean => {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
};

interface Row {
  position: number;
  event_id: string;
  stream: string;
  revision: number;
  type: string;
  version: number;
  recorded_at: string;
  data: string;
  metadata: string;
  previous_hash: string;
  hash: string;
}

const hashOf = (row: Row, previousHash: string): string =>
  hashEvent({
    previousHash,
    eventId: row.event_id,
    stream: row.stream,
    revision: row.revision,
    type: row.type,
    version: row.version,
    recordedAt: row.recorded_at,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
  } as Parameters<typeof hashEvent>[0]);

/** What a careful attacker does after editing a stream: recompute its whole chain so every link holds. */
const rechain = (db: Database.Database, stream: string): void => {
  const rows = db.prepare('SELECT * FROM events WHERE stream = ? ORDER BY revision').all(stream) as Row[];
  let previous = GENESIS_HASH;
  for (const row of rows) {
    const hash = hashOf(row, previous);
    db.prepare('UPDATE events SET previous_hash = ?, hash = ? WHERE position = ?').run(
      previous,
      hash,
      row.position,
    );
    previous = hash;
  }
};

const insertForged = (db: Database.Database, template: Row, position: number, recordedAt: string): void => {
  const row: Row = {
    ...template,
    position,
    event_id: `forged-${position}`,
    stream: `forged-stream-${position}`,
    revision: 0,
    recorded_at: recordedAt,
    previous_hash: GENESIS_HASH,
  };
  row.hash = hashOf(row, GENESIS_HASH);
  db.prepare(
    'INSERT INTO events (position, event_id, stream, revision, type, version, recorded_at, data, metadata, previous_hash, hash) VALUES (@position, @event_id, @stream, @revision, @type, @version, @recorded_at, @data, @metadata, @previous_hash, @hash)',
  ).run(row);
};

describe('signed checkpoints, verify --checkpoint and inclusion proofs', () => {
  let folder: DataFolder;
  let ledger: SmallLedger;
  let work: string;
  let checkpointFile: string;
  let publicKeyFile: string;

  before(async () => {
    folder = tempDataFolder('folio-proofs-');
    ledger = await buildSmallLedger(folder);
    await ledger.folio.stop();
    await ledger.store.close();
    work = mkdtempSync(join(tmpdir(), 'folio-auditor-'));
    const signed = await folio('checkpoint', '--new', '--json', '--data', folder.dir);
    assert.equal(signed.code, 0, signed.stderr);
    // The auditor keeps the checkpoint and the public key away from the server.
    checkpointFile = join(work, 'checkpoint.json');
    writeFileSync(checkpointFile, signed.stdout);
    publicKeyFile = join(work, 'folio.pub');
    writeFileSync(publicKeyFile, readFileSync(join(folder.dir, 'checkpoint-key.pub')));
  });
  after(() => {
    folder.remove();
    rmSync(work, { recursive: true, force: true });
  });

  /** A copy of the data folder with `tamper` applied to its event store. */
  const tampered = (name: string, tamper: (db: Database.Database) => void): string => {
    const dir = join(work, name);
    cpSync(folder.dir, dir, { recursive: true });
    const db = new Database(join(dir, 'folio-events.sqlite'));
    tamper(db);
    db.close();
    return dir;
  };
  const verifyAgainstCheckpoint = (dir: string): Promise<Run> =>
    folio(
      'verify',
      '--no-progress',
      '--data',
      dir,
      '--checkpoint',
      checkpointFile,
      '--public-key',
      publicKeyFile,
    );
  const firstBadPosition = (output: string): number => {
    const match = /^FAILED: first bad position (\d+)/m.exec(output);
    assert.ok(match !== null, output);
    return Number(match[1]);
  };

  it('the private key is readable by its owner only and the checkpoint is printed with the public key', async () => {
    const mode = execFileSync('stat', ['-c', '%a', join(folder.dir, 'checkpoint-key.pem')])
      .toString()
      .trim();
    assert.equal(mode, '600');
    const shown = await folio('checkpoint', '--data', folder.dir);
    assert.equal(shown.code, 0, shown.stderr);
    assert.ok(shown.stdout.includes(readFileSync(publicKeyFile, 'utf8').trim()), shown.stdout);
  });

  it('passes the untouched log and says what it compared and what not', async () => {
    const result = await verifyAgainstCheckpoint(folder.dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /compared {6}the first \d+ events .* have the Merkle root the checkpoint/);
    const bare = await folio('verify', '--no-progress', '--data', folder.dir);
    assert.match(bare.stdout, /NOT compared {2}the Merkle tree against a signed checkpoint/);
  });

  it('names the event whose amount was edited and whose stream was rehashed', async () => {
    let position = 0;
    const dir = tampered('amount', (db) => {
      const row = db
        .prepare("SELECT * FROM events WHERE type = 'UserBalanceAdjusted' LIMIT 1 OFFSET 1")
        .get() as Row;
      position = row.position;
      const data = JSON.parse(row.data) as Record<string, unknown>;
      data['amount'] = '1000.000000';
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify(data), row.position);
      rechain(db, row.stream);
    });
    const result = await verifyAgainstCheckpoint(dir);
    assert.equal(result.code, 6, result.stdout);
    assert.equal(
      firstBadPosition(
        result.stdout
          .split('\n')
          .filter((l) => !l.startsWith('FAILED: first offending'))
          .join('\n'),
      ),
      position,
    );
  });

  it('names an event inserted in the middle with later positions shifted', async () => {
    const dir = tampered('inserted', (db) => {
      const template = db
        .prepare("SELECT * FROM events WHERE type = 'UserBalanceAdjusted' LIMIT 1")
        .get() as Row;
      db.prepare('UPDATE events SET position = -position WHERE position >= 10').run();
      db.prepare('UPDATE events SET position = 1 - position WHERE position < 0').run();
      insertForged(db, template, 10, template.recorded_at);
    });
    const result = await verifyAgainstCheckpoint(dir);
    assert.equal(result.code, 6, result.stdout);
    assert.equal(firstBadPosition(result.stdout), 10, result.stdout);
  });

  it('names the first missing position when the tail was removed', async () => {
    let head = 0;
    const dir = tampered('truncated', (db) => {
      head = (db.prepare('SELECT max(position) AS head FROM events').get() as { head: number }).head;
      db.prepare('DELETE FROM events WHERE position > ?').run(head - 3);
    });
    const result = await verifyAgainstCheckpoint(dir);
    assert.equal(result.code, 6, result.stdout);
    assert.equal(firstBadPosition(result.stdout), head - 2);
    assert.match(result.stdout, /events were removed/);
  });

  it('names an event whose recordedAt was moved into the past', async () => {
    const dir = tampered('backdated', (db) => {
      const row = db.prepare('SELECT * FROM events WHERE position = 20').get() as Row;
      db.prepare('UPDATE events SET recorded_at = ? WHERE position = 20').run('2023-06-01T00:00:00.000Z');
      rechain(db, row.stream);
    });
    const result = await verifyAgainstCheckpoint(dir);
    assert.equal(result.code, 6, result.stdout);
    assert.equal(firstBadPosition(result.stdout), 20);
    // Even without a checkpoint, time going backwards is caught.
    const bare = await folio('verify', '--no-progress', '--data', dir);
    assert.match(bare.stdout, /time: event .* says recorded at 2023-06-01/);
  });

  it('names a correctly chained event appended after the checkpoint but dated before it', async () => {
    let position = 0;
    const dir = tampered('appended', (db) => {
      const template = db.prepare('SELECT * FROM events ORDER BY position DESC LIMIT 1').get() as Row;
      position = template.position + 1;
      insertForged(db, template, position, template.recorded_at);
    });
    const result = await verifyAgainstCheckpoint(dir);
    assert.equal(result.code, 6, result.stdout);
    assert.equal(firstBadPosition(result.stdout), position);
    assert.match(result.stdout, /appended later and backdated/);
    // The chains of a forged append hold, so only the checkpoint fails: its digest is still no anchor.
    assert.doesNotMatch(result.stdout, /keep it with the backup|folio verify --expect/);
    assert.doesNotMatch(result.stdout, /^OK/m);
  });

  it('fails on an edited read-model snapshot and says so when the snapshot is gone', async () => {
    const edited = tampered('snapshot-edited', () => undefined);
    const snapshotPath = join(edited, 'read-models.snapshot');
    writeFileSync(
      snapshotPath,
      readFileSync(snapshotPath, 'utf8').replace(
        '"balances":{"":{"$bigint":"',
        '"balances":{"":{"$bigint":"1000',
      ),
    );
    const result = await verifyAgainstCheckpoint(edited);
    assert.equal(result.code, 6, result.stdout);
    assert.match(result.stdout, /read models {3}MISMATCH/);
    const deleted = tampered('snapshot-deleted', () => undefined);
    rmSync(join(deleted, 'read-models.snapshot'));
    const missing = await verifyAgainstCheckpoint(deleted);
    assert.match(missing.stdout, /read models {3}NOT COMPARED: no read-model snapshot/);
  });

  it('refuses a checkpoint whose root was edited, or checked with another key', async () => {
    const checkpoint = JSON.parse(readFileSync(checkpointFile, 'utf8')) as Record<string, unknown>;
    const edited = join(work, 'edited-checkpoint.json');
    writeFileSync(edited, JSON.stringify({ ...checkpoint, size: 3 }));
    const result = await folio(
      'verify',
      '--no-progress',
      '--data',
      folder.dir,
      '--checkpoint',
      edited,
      '--public-key',
      publicKeyFile,
    );
    assert.equal(result.code, 6, result.stdout);
    assert.match(result.stdout, /signature does not hold/);
  });

  it('a reconciliation report carries the signed checkpoint it was computed at; a statement the latest kept', async () => {
    const reconciled = await folio('reconcile', '--no-progress', '--format', 'json', '--data', folder.dir);
    assert.equal(reconciled.code, 0, reconciled.stderr);
    const report = JSON.parse(reconciled.stdout) as {
      period: { lastPosition: number };
      checkpoint: { size: number; root: string; lastPosition: number; coversReport: boolean } | null;
    };
    assert.ok(report.checkpoint !== null);
    assert.equal(report.checkpoint.coversReport, true);
    assert.ok(report.checkpoint.lastPosition >= report.period.lastPosition);
    assert.match(
      reconciled.stderr,
      /computed at the signed checkpoint of \d+ events, Merkle root [0-9a-f]{64}/,
    );
    const latest = await folio('checkpoint', '--json', '--data', folder.dir);
    const kept = JSON.parse(latest.stdout) as { root: string; size: number };
    assert.deepEqual([kept.size, kept.root], [report.checkpoint.size, report.checkpoint.root]);

    const statement = await folio(
      'history',
      'alice',
      '--no-progress',
      '--format',
      'json',
      '--data',
      folder.dir,
    );
    assert.equal(statement.code, 0, statement.stderr);
    const history = JSON.parse(statement.stdout) as { checkpoint: { root: string } | null };
    assert.equal(history.checkpoint?.root, kept.root);
  });

  it('verify --backup: the live log must begin with the backup, checked without restoring it', async () => {
    const taken = await folio('backup', '--data', folder.dir, '--out', join(work, 'backups'));
    assert.equal(taken.code, 0, taken.stderr);
    const zip = taken.stdout.split('\n')[0] ?? '';
    assert.match(taken.stdout, /checkpoint {5}\d+ events, root [0-9a-f]{64}/);
    const verifyBackup = (dir: string): Promise<Run> =>
      folio('verify', '--data', dir, '--backup', zip, '--public-key', publicKeyFile);

    const untouched = await verifyBackup(folder.dir);
    assert.equal(untouched.code, 0, untouched.stdout + untouched.stderr);
    assert.match(untouched.stdout, /OK: the live log begins with exactly the events of this backup/);
    assert.match(untouched.stdout, /checkpoint's Ed25519 signature holds/);

    let position = 0;
    const edited = tampered('backup-amount', (db) => {
      const row = db
        .prepare("SELECT * FROM events WHERE type = 'UserBalanceAdjusted' LIMIT 1 OFFSET 1")
        .get() as Row;
      position = row.position;
      const data = JSON.parse(row.data) as Record<string, unknown>;
      data['amount'] = '1000.000000';
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify(data), row.position);
      rechain(db, row.stream);
    });
    const rewritten = await verifyBackup(edited);
    assert.equal(rewritten.code, 6, rewritten.stdout);
    assert.match(rewritten.stdout, new RegExp(`^FAILED: first differing position ${position} `, 'm'));

    let head = 0;
    const truncated = tampered('backup-truncated', (db) => {
      head = (db.prepare('SELECT max(position) AS head FROM events').get() as { head: number }).head;
      db.prepare('DELETE FROM events WHERE position > ?').run(head - 2);
    });
    const shortened = await verifyBackup(truncated);
    assert.equal(shortened.code, 6, shortened.stdout);
    assert.match(
      shortened.stdout,
      new RegExp(`^FAILED: first differing position ${head - 1} .*events were removed`, 'm'),
    );
  });

  it(
    'an inclusion proof of a transfer checks out with the stand-alone verifier, and a forged one does not',
    { skip: !hasPython() },
    async () => {
      const proved = await folio(
        'prove',
        ledger.mistakenTransferId,
        '--data',
        folder.dir,
        '--checkpoint',
        checkpointFile,
      );
      assert.equal(proved.code, 0, proved.stderr);
      const proofFile = join(work, 'proof.json');
      writeFileSync(proofFile, proved.stdout);
      const checked = await run('python3', [VERIFIER, '--proof', proofFile, '--public-key', publicKeyFile]);
      assert.equal(checked.code, 0, checked.stdout + checked.stderr);
      assert.match(checked.stdout, /^OK: transfer /);

      const proof = JSON.parse(proved.stdout) as {
        event: { data: Record<string, unknown> };
        transferId: string;
      };
      proof.event.data['amount'] = '999.000000';
      const forgedFile = join(work, 'forged-proof.json');
      writeFileSync(forgedFile, JSON.stringify(proof));
      const forged = await run('python3', [VERIFIER, '--proof', forgedFile, '--public-key', publicKeyFile]);
      assert.equal(forged.code, 1, forged.stdout);

      const missing = await folio(
        'prove',
        'no-such-transfer',
        '--data',
        folder.dir,
        '--checkpoint',
        checkpointFile,
      );
      assert.equal(missing.code, 6, missing.stderr);
      assert.match(missing.stderr, /no transfer no-such-transfer/);
    },
  );
});
