import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT } from '../../../adapters/cli/exit-codes';
import { FolioProcess, runAgainst, RunResult, startFolioProcess } from '../../support/folio-process';

const TOKEN = 'server-command-wait-token';
const STAMPED = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} /;

describe('`folio server-command --wait`, `get-task-status --json` and argument errors', () => {
  let dataDir: string;
  let server: FolioProcess;

  const serverCommand = (...words: string[]): Promise<RunResult> =>
    runAgainst(server, TOKEN, 'server-command', words);

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'folio-cli-wait-'));
    mkdirSync(join(dataDir, 'imports'));
    writeFileSync(join(dataDir, 'imports', 'users.tsv'), 'carol\t2.50\ndave\t1.00\n');
    server = await startFolioProcess(dataDir, TOKEN);
  });

  after(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an import waited for streams its lines, each once, from queued to completed, and exits EXIT.ok', async () => {
    const waited = await serverCommand('batch-import-users', 'users.tsv', 'true', '--wait');
    assert.equal(waited.code, EXIT.ok, waited.stderr);
    // The start call prints nothing (it answers true, a void command, as without --wait); the task's lines follow.
    const lines = waited.stdout.trimEnd().split('\n');
    for (const line of lines) assert.match(line, STAMPED);
    const texts = lines.map((line) => line.replace(STAMPED, ''));
    const name = 'batch import of users from users.tsv';
    assert.equal(texts[0], `${name}: queued`);
    assert.equal(texts[1], `${name}: started`);
    assert.match(texts[2] ?? '', /^Read 2 data lines from 'users\.tsv': checking them…$/);
    assert.ok(texts.includes('Import finished: 2 of 2 records applied.'), texts.join('\n'));
    assert.equal(texts[texts.length - 1], `${name}: completed`);
    assert.equal(new Set(lines).size, lines.length, 'no line is printed twice');
    // What --wait printed is the task's whole message, as get-task-status shows it once it is done.
    const status = await serverCommand('get-task-status', '--json');
    assert.equal(status.code, EXIT.ok, status.stderr);
    assert.deepEqual(JSON.parse(status.stdout), {
      completed: true,
      message: lines.join('\n'),
      lines,
    });
    assert.equal((await serverCommand('get-user-account-balance', 'carol')).stdout, '2.50\n');
  });

  it('an online backup waited for ends with its summary and exits EXIT.ok', async () => {
    const waited = await serverCommand('perform-online-backup', '--wait');
    assert.equal(waited.code, EXIT.ok, waited.stderr);
    const texts = waited.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.replace(STAMPED, ''));
    assert.equal(texts[0], 'online backup: queued');
    assert.ok(
      texts.some((text) => text.startsWith('Backup written to backups/')),
      texts.join('\n'),
    );
    assert.equal(texts[texts.length - 1], 'online backup: completed');
  });

  it('a task that fails exits EXIT.taskFailed, its failure the last line streamed', async () => {
    // No user directory is configured on this server: the sync task fails with the reason.
    const waited = await serverCommand('perform-user-and-group-sync', '--wait');
    assert.equal(waited.code, EXIT.taskFailed, `${waited.stdout}\n${waited.stderr}`);
    const lines = waited.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /performUserAndGroupSync: queued$/);
    assert.match(
      lines[lines.length - 1] ?? '',
      /performUserAndGroupSync: failed: no user directory is configured/,
    );
    assert.match(waited.stderr, /^folio: the task failed/);
  });

  it('--wait on a command that starts no task, a wrong argument count or type, an unknown command exit EXIT.usage', async () => {
    const noTask = await serverCommand('get-total-users', '--wait');
    assert.equal(noTask.code, EXIT.usage, noTask.stderr);
    assert.match(noTask.stderr, /--wait: get-total-users starts no background task \(.*batch-import-users/);
    const arity = await serverCommand('get-user-account-balance');
    assert.equal(arity.code, EXIT.usage, arity.stderr);
    assert.match(
      arity.stderr,
      /get-user-account-balance takes <user> \[account-name\] \(0 arguments given\)/,
    );
    const type = await serverCommand('adjust-user-account-balance', 'carol', 'lots', 'why');
    assert.equal(type.code, EXIT.usage, type.stderr);
    assert.match(type.stderr, /adjust-user-account-balance: <amount> 'lots' is not a number/);
    const unknown = await serverCommand('no-such-command');
    assert.equal(unknown.code, EXIT.usage, unknown.stderr);
    const json = await serverCommand('get-total-users', '--json');
    assert.equal(json.code, EXIT.usage, json.stderr);
  });

  it('a shared-account import in test mode queues nothing: --wait prints the feedback and exits EXIT.ok', async () => {
    writeFileSync(join(dataDir, 'imports', 'accounts.tsv'), 'Physics\t10.00\n');
    const tested = await serverCommand(
      'batch-import-shared-accounts',
      'accounts.tsv',
      'true',
      'false',
      '--wait',
    );
    assert.equal(tested.code, EXIT.ok, tested.stderr);
    assert.match(tested.stdout, /Test only: nothing was changed\./);
    assert.match(tested.stderr, /queued no task: nothing to wait for/);
  });
});
