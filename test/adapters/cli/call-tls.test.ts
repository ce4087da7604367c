import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { folioBin, run, startFolioProcess } from '../../support/folio-process';

const TOKEN = 'call-tls-token';

describe('folio call over HTTPS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'folio-call-tls-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reaches a TLS-only server from its settings file, and with --url https://… --ca FILE', async () => {
    const made = await run(process.execPath, [folioBin(), 'cert', '--out', dir]);
    assert.equal(made.code, 0, made.stderr);
    const config = join(dir, 'settings.json');
    writeFileSync(
      config,
      JSON.stringify({
        tlsPort: 0,
        tlsCertFile: join(dir, 'folio-cert.pem'),
        tlsKeyFile: join(dir, 'folio-key.pem'),
      }),
    );
    const server = await startFolioProcess(join(dir, 'data'), TOKEN, {
      args: ['--config', config, '--no-http'],
    });
    try {
      assert.match(server.url, /^https:/, 'plain HTTP is off');
      const byUrl = await run(process.execPath, [
        folioBin(),
        'call',
        'api.getTotalUsers',
        '--url',
        `https://localhost:${server.port}`,
        '--ca',
        join(dir, 'folio-cert.pem'),
        '--auth-token',
        TOKEN,
      ]);
      assert.equal(byUrl.code, 0, byUrl.stderr);
      assert.equal(byUrl.stdout.trim(), '0');
      const untrusted = await run(process.execPath, [
        folioBin(),
        'call',
        'api.getTotalUsers',
        '--url',
        `https://localhost:${server.port}`,
        '--auth-token',
        TOKEN,
      ]);
      assert.notEqual(untrusted.code, 0, 'a self-signed certificate is not trusted without --ca');
    } finally {
      await server.kill();
    }
  });
});
