import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { auditDataFolder } from '../../crash/ledger-audit';
import { folioBin, run, startFolioProcess } from '../../support/folio-process';
import { createRawClient } from '../../support/raw-http-client';
import { methodCall, wire } from '../../support/xmlrpc-wire';

const TOKEN = 'serve-operations-token';

describe('`folio serve` in operation', () => {
  let folder: string;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'folio-serve-ops-'));
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  it('SIGTERM with a slow call in flight: the call completes, the snapshot and store are flushed, exit 0', async () => {
    const dataDir = join(folder, 'graceful');
    let server = await startFolioProcess(dataDir, TOKEN);
    const client = createRawClient(server.port);
    await client.value('api.addNewInternalUser', TOKEN, 'alice', 'pw', 'Alice', '', '', '');
    client.close();

    // A client uploading its call slowly: headers and half the body now, the rest after SIGTERM.
    const body = Buffer.from(
      methodCall('api.adjustUserAccountBalance', TOKEN, 'alice', wire.double('12.34'), 'slow'),
    );
    const socket = connect(server.port, '127.0.0.1');
    let reply = '';
    socket.on('data', (chunk) => (reply += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    const socketClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `POST /rpc/api/xmlrpc HTTP/1.1\r\nHost: folio\r\nContent-Type: text/xml\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    socket.write(body.subarray(0, 40));
    await new Promise((resolve) => setTimeout(resolve, 200));

    const exited = server.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(server.exitDescription(), 'running', 'the stop waits for the call in flight');
    socket.write(body.subarray(40));
    await socketClosed;
    assert.match(reply, /^HTTP\/1\.1 200 /);
    assert.match(reply, /<boolean>1<\/boolean>/, reply);
    assert.equal(await exited, 0, server.stderr());

    const audit = await auditDataFolder(dataDir);
    assert.deepEqual(audit.problems, [], 'the saved read models equal a fresh replay of the flushed store');
    server = await startFolioProcess(dataDir, TOKEN);
    const after = createRawClient(server.port);
    assert.equal(await after.value('api.getUserAccountBalance', TOKEN, 'alice'), 12.34);
    after.close();
    assert.equal(await server.stop(), 0);
  });

  it('logs are JSON lines with an event name, and hold no token, password or PIN', async () => {
    const dataDir = join(folder, 'logs');
    const secrets = {
      integration: 'integration-token-5b7e',
      wrongGuess: 'serve-operations-tokem',
      password: 'user-password-3d2c',
      pin: '918273',
      adminPassword: 'admin-password-6a5f',
      card: 'card-4242-7777',
    };
    const server = await startFolioProcess(dataDir, TOKEN, { env: { FOLIO_LOG_LEVEL: 'debug' } });
    const client = createRawClient(server.port);
    await client.value(
      'api.setConfigValue',
      TOKEN,
      'auth.webservices.auth-token',
      JSON.stringify({ ci: secrets.integration }),
    );
    await client.value(
      'api.addNewInternalUser',
      TOKEN,
      'bob',
      secrets.password,
      'Bob',
      'b@example.org',
      secrets.card,
      secrets.pin,
    );
    await client.value('api.setUserProperty', secrets.integration, 'bob', 'card-pin', `${secrets.pin}0`);
    await client.value('api.setUserProperty', TOKEN, 'bob', 'password', `${secrets.password}x`);
    await client.value('api.changeInternalAdminPassword', TOKEN, secrets.adminPassword);
    await client.fault('api.getTotalUsers', secrets.wrongGuess);
    await client.fault('api.getConfigValue', secrets.integration, 'auth.webservices.auth-token');
    await client.fault('api.noSuchMethod', secrets.integration, secrets.pin);
    client.close();
    assert.equal(await server.stop(), 0);

    const lines = server
      .stderr()
      .split('\n')
      .filter((line) => line !== '');
    assert.ok(lines.length >= 10, `a debug run logs every call:\n${server.stderr()}`);
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      assert.equal(typeof entry.event, 'string', line);
      assert.equal(typeof entry.time, 'string', line);
      assert.equal(typeof entry.level, 'number', line);
    }
    const events = lines.map((line) => (JSON.parse(line) as { event: string }).event);
    for (const expected of [
      'listening',
      'call',
      'authentication-failed',
      'privileged-call-refused',
      'stopping',
      'stopped',
    ])
      assert.ok(events.includes(expected), `a '${expected}' line`);
    const log = server.stderr();
    for (const [name, secret] of [...Object.entries(secrets), ['token', TOKEN]] as const)
      assert.ok(!log.includes(secret), `the log holds the ${name}`);
  });

  it("TLS only: `folio cert` makes a pair that Python's xmlrpc.client trusts over HTTPS; plain HTTP is off", async () => {
    const certDir = join(folder, 'cert');
    const made = await run(process.execPath, [folioBin(), 'cert', '--out', certDir]);
    assert.equal(made.code, 0, made.stderr);
    const certPath = join(certDir, 'folio-cert.pem');
    const keyPath = join(certDir, 'folio-key.pem');
    assert.equal(statSync(keyPath).mode & 0o777, 0o600, 'the key is readable by its owner only');
    const certificate = new X509Certificate(readFileSync(certPath));
    assert.ok(certificate.verify(certificate.publicKey), 'self-signed: it verifies with its own key');
    assert.match(certificate.subjectAltName ?? '', /DNS:localhost.*IP Address:127\.0\.0\.1/);
    assert.ok(
      certificate.checkHost('localhost') === 'localhost' && certificate.checkIP('127.0.0.1') === '127.0.0.1',
    );
    assert.ok(!certificate.ca, 'a leaf: it cannot sign other certificates');
    const days = (Date.parse(certificate.validTo) - Date.now()) / 86_400_000;
    assert.ok(days > 364 && days < 366, `valid for a year (${days.toFixed(1)} days)`);
    const again = await run(process.execPath, [folioBin(), 'cert', '--out', certDir]);
    assert.notEqual(again.code, 0, 'an existing pair is not overwritten without --force');

    const settings = join(certDir, 'settings.json');
    writeFileSync(
      settings,
      JSON.stringify({ http: false, tlsPort: 0, tlsCertFile: 'folio-cert.pem', tlsKeyFile: 'folio-key.pem' }),
    );
    const server = await startFolioProcess(join(folder, 'tls-data'), TOKEN, { args: ['--config', settings] });
    try {
      assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+\/rpc\/api\/xmlrpc$/);
      const url = `https://localhost:${server.port}/rpc/api/xmlrpc`;
      const script = [
        'import ssl, sys, xmlrpc.client',
        'url, token, cafile = sys.argv[1:4]',
        'context = ssl.create_default_context(cafile=cafile)',
        'proxy = xmlrpc.client.ServerProxy(url, context=context)',
        "assert proxy.api.addNewInternalUser(token, 'carol', 'pw', 'Carol', '', '', '') is True",
        "assert proxy.api.adjustUserAccountBalance(token, 'carol', 4.5, 'over tls') is True",
        "assert proxy.api.getUserAccountBalance(token, 'carol') == 4.5",
        'try:',
        '    xmlrpc.client.ServerProxy(url).api.getTotalUsers(token)',
        "    sys.exit('an untrusting client connected')",
        'except ssl.SSLCertVerificationError:',
        '    pass',
        "print('tls ok')",
      ].join('\n');
      const result = await run('python3', ['-B', '-c', script, url, TOKEN, certPath]);
      assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}\n${server.stderr()}`);
      assert.match(result.stdout, /tls ok/);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});
