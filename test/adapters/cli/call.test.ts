import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  folioBin,
  FolioProcess,
  run,
  runAgainst,
  RunResult,
  startFolioProcess,
} from '../../support/folio-process';

const TOKEN = 'cli-call-token';

describe('`folio call` and `folio server-command` against a running server', () => {
  let dataDir: string;
  let server: FolioProcess;

  /** The CLI as a shell user runs it, pointed at the test server. */
  const folio = (command: 'call' | 'server-command', ...words: string[]): Promise<RunResult> =>
    runAgainst(server, TOKEN, command, words);

  const succeeds = async (command: 'call' | 'server-command', ...words: string[]): Promise<string> => {
    const result = await folio(command, ...words);
    assert.equal(result.code, 0, `folio ${command} ${words.join(' ')}: ${result.stderr}`);
    assert.equal(result.stderr, '');
    return result.stdout;
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'folio-cli-call-'));
    server = await startFolioProcess(dataDir, TOKEN);
  });

  after(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the value a method returns', async () => {
    const add = ['api.addNewInternalUser', 'alice', 'pw', 'Alice Liddell', 'alice@example.org', '1001', ''];
    assert.equal(await succeeds('call', ...add), 'true\n');
    assert.equal(await succeeds('call', 'api.adjustUserAccountBalance', 'alice', '12.5', 'top-up'), 'true\n');
    assert.equal(await succeeds('call', 'getUserAccountBalance', 'alice'), '12.50\n');
    assert.equal(await succeeds('call', 'api.getUserProperty', 'alice', 'full-name'), 'Alice Liddell\n');
  });

  it("server-command takes the product's dashed names, and a negative amount is an argument, not an option", async () => {
    // A void command prints nothing, as PaperCut's tool does.
    assert.equal(
      await succeeds('server-command', 'adjust-user-account-balance', 'alice', '-2.25', 'coffee'),
      '',
    );
    assert.equal(await succeeds('server-command', 'get-user-account-balance', 'alice'), '10.25\n');
    assert.equal(await succeeds('server-command', 'look-up-user-name-by-card-no', '1001'), 'alice\n');
    assert.equal(await succeeds('server-command', 'list-user-accounts'), 'alice\n');
  });

  it('a fault exits with code 5 and its message on stderr, nothing on stdout', async () => {
    const result = await folio('call', 'api.getUserAccountBalance', 'nobody');
    assert.equal(result.code, 5);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, "folio: fault 300: The user 'nobody' does not exist.\n");
    const unknown = await folio('server-command', 'no-such-command');
    assert.equal(unknown.code, 2, 'an unknown command is a usage error');
    assert.equal(
      unknown.stderr,
      "folio: unknown command 'no-such-command': folio server-command --list shows every command\n",
    );
  });

  it('a wrong token is a fault too, exiting 4 (authentication refused)', async () => {
    const result = await run(process.execPath, [
      folioBin(),
      'call',
      'api.getTotalUsers',
      '--host',
      '127.0.0.1',
      '--port',
      String(server.port),
      '--auth-token',
      'wrong',
    ]);
    assert.equal(result.code, 4);
    assert.match(result.stderr, /^folio: fault 101: Authentication failed/);
  });
  it("finds the server's port and token in its settings file (--config), as folio serve does", async () => {
    const config = join(dataDir, 'call-settings.json');
    writeFileSync(config, JSON.stringify({ port: server.port, authTokens: [TOKEN] }));
    const result = await run(process.execPath, [
      folioBin(),
      'call',
      'api.isUserExists',
      'alice',
      '--host',
      '127.0.0.1',
      '--config',
      config,
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'true\n');
  });
});
