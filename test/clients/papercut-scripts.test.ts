import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { folioBin, FolioProcess, run, startFolioProcess } from '../support/folio-process';
import { repoRoot } from '../support/paths';

const TOKEN = 'papercut-scripts-token';
const BASH_SCRIPT_TIMEOUT_MS = 600_000;
const clients = (...path: string[]): string => join(repoRoot(), 'test', 'clients', ...path);

/**
 * Scripts written the way PaperCut's published examples are (bash over `server-command`, Python's
 * xmlrpc.client, PHP, Perl), each against its own fresh server with only host, port and token changed.
 */
describe("PaperCut's scripts, unchanged, against `folio serve`", () => {
  let dataDir: string;
  let folio: FolioProcess | undefined;

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'folio-papercut-scripts-'));
  });

  after(async () => {
    await folio?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A new server on its own data folder; import files go in its imports/ folder, where the server reads them. */
  const fresh = async (name: string): Promise<{ server: FolioProcess; imports: string }> => {
    await folio?.stop();
    const data = join(dataDir, name);
    const imports = join(data, 'imports');
    mkdirSync(imports, { recursive: true });
    folio = await startFolioProcess(data, TOKEN);
    return { server: folio, imports };
  };

  it('server-command from bash: listings in while-read loops and xargs, PaperCut names, flags and output', async () => {
    const { server, imports } = await fresh('bash');
    const result = await run(
      'bash',
      [
        clients('bash', 'server_command.sh'),
        process.execPath,
        folioBin(),
        String(server.port),
        TOKEN,
        imports,
      ],
      // Every line of the script starts a CLI process: on a loaded machine that takes minutes, not seconds.
      BASH_SCRIPT_TIMEOUT_MS,
    );
    assert.equal(result.code, 0, `server_command.sh:\n${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /server-command ok/);
  });

  /** A script in another language, on a fresh server; skipped where that language is not installed. */
  const script = async (
    context: { skip: (message: string) => void },
    program: string,
    args: readonly string[],
    name: string,
    withImports: boolean,
  ): Promise<string | undefined> => {
    const { server, imports } = await fresh(name);
    try {
      const result = await run(program, [...args, server.url, TOKEN, ...(withImports ? [imports] : [])]);
      assert.equal(result.code, 0, `${name}:\n${result.stdout}\n${result.stderr}\n${server.stderr()}`);
      return result.stdout;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      context.skip(`${program} is not installed`);
      return undefined;
    }
  };

  it("Python's xmlrpc.client: limit 0, parent rows, fleet printer properties, user properties, the card fault", async (context) => {
    const out = await script(
      context,
      'python3',
      ['-B', clients('python', 'papercut_examples.py')],
      'python',
      false,
    );
    if (out !== undefined) assert.match(out, /papercut examples ok/);
  });

  it('PHP: a shared-account import with unknown access entries and both spellings of the all-users group', async (context) => {
    const out = await script(context, 'php', [clients('php', 'shared_account_import.php')], 'php', true);
    if (out !== undefined) assert.match(out, /shared account import ok/);
  });

  it('Perl: every shared account with limit 0, each row addressed as parent\\sub', async (context) => {
    const out = await script(context, 'perl', [clients('perl', 'parent_rows.pl')], 'perl', false);
    if (out !== undefined) assert.match(out, /parent rows ok/);
  });
});
