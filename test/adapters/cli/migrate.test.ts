import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isRight } from 'fp-ts/Either';
import { createFolio } from '../../../application/folio';
import { sequentialIds } from '../../../application/ids';
import { openStore, SNAPSHOT_FILE } from '../../../adapters/store/open';

const FOLIO = resolve(__dirname, '../../../adapters/cli/main.js');
const context = { actor: 'test', method: 'test', correlationId: 'c' };

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const folio = (...args: string[]): Promise<Ran> =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, [FOLIO, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });

/** A site's data folder with a little of everything: users, a group, a group adjustment. */
const makeSite = async (dataDir: string): Promise<string> => {
  const store = openStore('sqlite', dataDir);
  const site = createFolio({ store, ids: sequentialIds('m'), snapshotPath: join(dataDir, SNAPSHOT_FILE) });
  await site.start();
  for (const username of ['ann', 'bob', 'cat']) {
    const added = await site.services.users.addNewInternalUser(context, {
      username,
      password: '',
      fullName: username,
      email: `${username}@example.org`,
      cardId: '',
      pin: '',
    });
    assert.ok(isRight(added));
  }
  assert.ok(isRight(await site.services.groups.addNewGroup(context, 'staff')));
  for (const username of ['ann', 'bob', 'cat'])
    assert.ok(isRight(await site.services.groups.addUserToGroup(context, username, 'staff')));
  assert.ok(
    isRight(
      await site.services.groupOperations.adjustUserAccountBalanceByGroup(
        context,
        'staff',
        2_500_000n,
        'term',
        '',
      ),
    ),
  );
  await site.stop();
  await store.close();
  return site.models.serialize();
};

describe('`folio migrate` between two data folders', () => {
  let root: string;
  let source: string;
  let target: string;
  let original: string;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'folio-migrate-cli-'));
    source = join(root, 'data');
    target = join(root, 'data-copy');
    original = await makeSite(source);
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('copies and verifies the log; Folio on the copy has the same read models', async () => {
    const ran = await folio('migrate', '--from', source, '--to', target);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /^migrating .*data \(embedded store\) → .*data-copy \(embedded store\)$/m);
    assert.match(
      ran.stdout,
      /verified: \d+ events in \d+ streams, identical in order, ids, timestamps and hash chains/,
    );
    assert.match(ran.stdout, /already in the target: 0; copied now: \d+/);
    assert.match(ran.stderr, /copying…/, 'without a terminal, one line per phase');

    const store = openStore('sqlite', target);
    const copy = createFolio({ store, ids: sequentialIds('c') });
    await copy.start();
    assert.equal(copy.models.serialize(), original);
    await copy.stop();
    await store.close();
  });

  it('run again, it finds everything there and copies nothing', async () => {
    const ran = await folio('migrate', '--from', source, '--to', target);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /already in the target: \d+; copied now: 0/);
  });

  it('refuses to copy a store onto itself, or from a folder without a store', async () => {
    const same = await folio('migrate', '--from', source, '--to', source);
    assert.equal(same.code, 1);
    assert.match(same.stderr, /--from and --to name the same store/);
    const missing = await folio('migrate', '--from', join(root, 'nothing-here'), '--to', join(root, 'x'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no event store in .*nothing-here/);
  });

  it('shows a progress bar on a terminal', (context) => {
    const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
    if (script.status !== 0) return context.skip('no `script` command to give the CLI a terminal');
    const onTerminal = join(root, 'data-tty');
    const command = [process.execPath, FOLIO, 'migrate', '--from', source, '--to', onTerminal]
      .map((word) => `'${word.replace(/'/g, "'\\''")}'`)
      .join(' ');
    const ran = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(ran.status, 0, ran.stdout);
    assert.match(ran.stdout, /verifying\s+\|[█░]+\| 100% \| \d+ events/);
  });
});
