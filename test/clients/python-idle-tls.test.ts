import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSelfSignedCertificate, DEFAULT_CERT_HOSTS } from '../../adapters/tls/self-signed';
import { run } from '../support/folio-process';
import { repoRoot } from '../support/paths';
import { startTestServer, TestServer } from '../support/xmlrpc-server';

/** Past Node's default keep-alive timeout (5 s), which made Python's next HTTPS call fail. */
const PAUSE_SECONDS = 7;

describe("Python's xmlrpc.client over HTTPS after an idle pause", () => {
  let server: TestServer;
  let folder: string;
  const certificate = createSelfSignedCertificate({ hosts: DEFAULT_CERT_HOSTS, days: 1 });

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'folio-python-tls-'));
    writeFileSync(join(folder, 'cert.pem'), certificate.certPem);
    // The server's default idle timeout, as `folio serve` starts it: no timeouts given.
    server = await startTestServer({ tls: { port: 0, cert: certificate.certPem, key: certificate.keyPem } });
  });

  after(async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it(`a second call on the same proxy after ${PAUSE_SECONDS} s idle is answered`, async () => {
    const result = await run('python3', [
      '-B',
      join(repoRoot(), 'test', 'clients', 'python', 'idle_pause_tls.py'),
      `https://127.0.0.1:${server.tlsPort ?? 0}/rpc/api/xmlrpc`,
      server.token,
      join(folder, 'cert.pem'),
      String(PAUSE_SECONDS),
    ]);
    assert.equal(result.code, 0, `idle_pause_tls.py failed:\n${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /idle pause ok/);
  });
});
