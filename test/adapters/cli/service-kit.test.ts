import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { folioBin, run, startFolioProcess } from '../../support/folio-process';
import { repoRoot } from '../../support/paths';

const TOKEN = 'service-kit-token';
const unitFile = (): string => readFileSync(join(repoRoot(), 'deploy', 'folio.service'), 'utf8');

/** `KEY=value` of the unit's lines (the last one wins, as systemd reads them). */
const directive = (unit: string, key: string): string | undefined =>
  unit
    .split('\n')
    .filter((line) => line.startsWith(`${key}=`))
    .map((line) => line.slice(key.length + 1))
    .at(-1);

const systemdAnalyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((path) => existsSync(path));

const waitFor = async (check: () => boolean, what: string): Promise<void> => {
  for (let tries = 0; tries < 200; tries += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
};

describe('deploy/folio.service', () => {
  it('runs folio serve unprivileged, restarts on failure and stops gracefully in time', () => {
    const unit = unitFile();
    assert.equal(directive(unit, 'User'), 'folio');
    assert.equal(directive(unit, 'Restart'), 'on-failure');
    assert.equal(directive(unit, 'KillSignal'), 'SIGTERM');
    assert.equal(
      directive(unit, 'RestartPreventExitStatus'),
      '2',
      'a bad settings file is not restarted through',
    );
    // The stop must outlast the server's own grace for calls in flight (30 s) plus the snapshot.
    assert.ok(Number(directive(unit, 'TimeoutStopSec')) > 30, 'TimeoutStopSec above shutdownGraceMs');
    assert.match(directive(unit, 'ExecReload') ?? '', /kill -HUP \$MAINPID/);
  });

  it('passes folio serve only flags it accepts', async () => {
    const execStart = directive(unitFile(), 'ExecStart') ?? '';
    const words = execStart.split(/\s+/);
    assert.equal(words[words.indexOf('serve') - 1], '/opt/folio/dist/adapters/cli/main.js');
    const help = await run(process.execPath, [folioBin(), 'serve', '--help']);
    const flags = words.filter((word) => word.startsWith('--'));
    assert.ok(flags.includes('--data') && flags.includes('--log-file'), execStart);
    for (const flag of flags)
      assert.match(help.stdout, new RegExp(`\\s${flag}\\b`), `${flag} is a serve option`);
  });

  it('is a unit systemd accepts without a warning', { skip: systemdAnalyze === undefined }, () => {
    const folder = mkdtempSync(join(tmpdir(), 'folio-unit-'));
    try {
      // The unit names /opt/folio; systemd checks that ExecStart's program exists, so point it here.
      const unit = join(folder, 'folio.service');
      writeFileSync(
        unit,
        unitFile().replaceAll('/opt/folio/', `${repoRoot()}/`).replace('/usr/bin/node', process.execPath),
      );
      const output = execFileSync(systemdAnalyze ?? '', ['verify', unit], {
        encoding: 'utf8',
        stdio: 'pipe',
      });
      assert.equal(output.trim(), '');
    } catch (error) {
      const failed = error as { stderr?: string; stdout?: string };
      assert.fail(`systemd-analyze verify: ${failed.stderr ?? ''}${failed.stdout ?? ''}`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('folio serve --log-file', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'folio-log-file-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('appends the log lines to the file and reopens it on SIGHUP, as logrotate renames it', async () => {
    const logFile = join(folder, 'logs', 'folio.log');
    const server = await startFolioProcess(join(folder, 'data'), TOKEN, {
      args: ['--log-file', logFile],
      env: { FOLIO_LOG_LEVEL: 'info' },
    });
    try {
      await waitFor(
        () => existsSync(logFile) && readFileSync(logFile, 'utf8').includes('"listening"'),
        'the listening line',
      );
      const rotated = `${logFile}.1`;
      renameSync(logFile, rotated);
      process.kill(server.pid, 'SIGHUP');
      await waitFor(() => existsSync(logFile), 'the reopened log file');
      await waitFor(() => readFileSync(logFile, 'utf8').includes('"log-reopened"'), 'the log-reopened line');
      assert.equal(server.exitDescription(), 'running', 'SIGHUP does not stop the server');
      assert.ok(!readFileSync(rotated, 'utf8').includes('log-reopened'), 'the renamed file is left alone');
      // Every line in both files is one JSON object.
      for (const line of `${readFileSync(rotated, 'utf8')}${readFileSync(logFile, 'utf8')}`
        .trim()
        .split('\n'))
        assert.equal(typeof (JSON.parse(line) as { time?: unknown }).time, 'string', line);
    } finally {
      assert.equal(await server.stop(), 0, server.stderr());
    }
    assert.match(readFileSync(logFile, 'utf8'), /"stopped"/, 'the lines after the reopen go to the new file');
  });
});
