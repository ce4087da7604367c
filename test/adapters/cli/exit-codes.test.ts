import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXIT, EXIT_CODE_HELP } from '../../../adapters/cli/exit-codes';
import { folioBin, run } from '../../support/folio-process';
import { repoRoot } from '../../support/paths';

const folio = (...args: string[]) => run(process.execPath, [folioBin(), ...args]);

describe('folio exit codes, help and version', () => {
  it('a usage error (unknown option, missing argument) exits EXIT.usage', async () => {
    assert.equal((await folio('--no-such-option')).code, EXIT.usage);
    assert.equal((await folio('call')).code, EXIT.usage);
  });

  it('a folio call argument that does not fit its type is a usage error, found before any connection', async () => {
    const result = await folio('call', 'api.adjustUserAccountBalance', 'alice', 'lots', 'x', '--port', '1');
    assert.equal(result.code, EXIT.usage, result.stderr);
    assert.match(result.stderr, /'lots' is not a number/);
  });

  it('a server-command with the wrong number of arguments is a usage error, found before any connection', async () => {
    const result = await folio('server-command', 'get-user-account-balance', '--port', '1');
    assert.equal(result.code, EXIT.usage, result.stderr);
    assert.match(
      result.stderr,
      /get-user-account-balance takes <user> \[account-name\] \(0 arguments given\)/,
    );
  });

  it('a data folder without a store exits EXIT.failure', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'folio-exit-failure-'));
    try {
      const result = await folio('verify', '--data', join(folder, 'nowhere'));
      assert.equal(result.code, EXIT.failure, result.stderr);
      assert.match(result.stderr, /no event store in /);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('`folio serve` with an unknown settings key exits EXIT.usage before listening, naming the key and the file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'folio-exit-settings-'));
    try {
      const settings = join(folder, 'folio.json');
      writeFileSync(settings, '{"prot": 9192}');
      const result = await folio(
        'serve',
        '--config',
        settings,
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--data',
        join(folder, 'data'),
      );
      assert.equal(result.code, EXIT.usage, result.stderr);
      assert.doesNotMatch(result.stdout, /serving/, 'it never listened');
      assert.ok(result.stderr.includes(`${settings}: prot: unknown setting`), result.stderr);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('--help prints the exit-code table and exits 0', async () => {
    const help = await folio('--help');
    assert.equal(help.code, EXIT.ok);
    assert.match(help.stdout, /Exit codes:\n {2}0 {2}success/);
  });

  it("--version prints package.json's version", async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as {
      version: string;
    };
    const printed = await folio('--version');
    assert.equal(printed.code, EXIT.ok);
    assert.equal(printed.stdout.trim(), version);
  });
});

describe('docs/operations.md exit-code table', () => {
  it('lists every code of --help with the same meaning', () => {
    const docs = readFileSync(join(repoRoot(), 'docs', 'operations.md'), 'utf8');
    for (const line of EXIT_CODE_HELP.split('\n').slice(1)) {
      const [, code, meaning] = /^\s*(\d+)\s+(.*)$/.exec(line) ?? [];
      // Prettier pads the table's cells, so the comparison ignores the padding.
      const cells = docs.split('\n').map((row) => row.split('|').map((cell) => cell.trim()));
      assert.ok(
        cells.some((row) => row[1] === code && row[2] === meaning),
        `docs/operations.md lacks exit code ${code}: ${meaning}`,
      );
    }
  });
});
