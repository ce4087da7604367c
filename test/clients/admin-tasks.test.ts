import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run, startFolioProcess } from '../support/folio-process';
import { repoRoot } from '../support/paths';

const TOKEN = 'admin-tasks-token';

/**
 * The same administrator's script — page through the users of a department, swap two card numbers,
 * top up and refund, import shared accounts and poll the task — in each language whose XML-RPC client
 * PaperCut sites script with, against a real `folio serve` process. The interpreters come from
 * Debian's apt (.ci/run installs them); a missing one fails here, it is never skipped.
 */
const CLIENTS = [
  { language: 'Python (xmlrpc.client)', program: 'python3', args: ['-B'], script: 'python/admin_tasks.py' },
  { language: 'Ruby (xmlrpc/client)', program: 'ruby', args: ['-W0'], script: 'ruby/admin_tasks.rb' },
  { language: 'Perl (XMLRPC::Lite)', program: 'perl', args: [], script: 'perl/admin_tasks.pl' },
  { language: 'PHP (xmlrpc extension)', program: 'php', args: [], script: 'php/admin_tasks.php' },
] as const;

for (const client of CLIENTS) {
  describe(`${client.language} against a real folio serve`, () => {
    it('finds a department page by page, swaps cards, tops up and refunds, imports shared accounts', async (t) => {
      const dataDir = mkdtempSync(join(tmpdir(), `folio-client-${client.program}-`));
      const imports = join(dataDir, 'imports');
      mkdirSync(imports, { recursive: true });
      const folio = await startFolioProcess(dataDir, TOKEN);
      try {
        const started = performance.now();
        const result = await run(client.program, [
          ...client.args,
          join(repoRoot(), 'test', 'clients', client.script),
          folio.url,
          TOKEN,
          imports,
        ]).catch((error: NodeJS.ErrnoException) => {
          throw new Error(
            error.code === 'ENOENT'
              ? `${client.program} is not installed: .ci/run installs it (apt-get install ruby ruby-xmlrpc libxmlrpc-lite-perl php-cli php-xmlrpc)`
              : error.message,
          );
        });
        t.diagnostic(`${client.script}: ${Math.round(performance.now() - started)} ms`);
        assert.equal(
          result.code,
          0,
          `${client.script} failed:\n${result.stdout}\n${result.stderr}\nserver log:\n${folio.stderr()}`,
        );
        assert.match(result.stdout, /admin tasks ok/);
      } finally {
        await folio.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
