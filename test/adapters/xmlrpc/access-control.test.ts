import fc from 'fast-check';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { CONFIG_KEYS } from '../../../adapters/application/policy';
import { createLogger } from '../../../adapters/log';
import { RecordedEvent } from '../../../adapters/store/port';
import { parseAllowList } from '../../../adapters/xmlrpc/allow-list';
import { createAuthThrottle } from '../../../adapters/xmlrpc/auth-throttle';
import { checkProperty } from '../../support/property';
import { createRawClient, RawClient } from '../../support/raw-http-client';
import { startTestServer, TestServer } from '../../support/xmlrpc-server';
import { methodCall, wire } from '../../support/xmlrpc-wire';

const ADMIN = { actor: 'test', method: 'test-setup', correlationId: 'test-setup' };
const ACCESS_DENIED = 'Access denied. Your IP address is not allowed to access the Web Services API.';

/** A logger writing JSON lines into an array, to read what the server logged. */
const capturingLogger = () => {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk
        .toString('utf8')
        .split('\n')
        .filter((text) => text !== '')) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { log: createLogger('debug', sink), lines, raw };
};

const readAllEvents = async (server: TestServer): Promise<readonly RecordedEvent[]> =>
  server.store.readAll(0, 100_000);

describe('the IP allow-list', () => {
  const ipv4 = fc.tuple(...Array.from({ length: 4 }, () => fc.integer({ min: 0, max: 255 })));
  const dotted = (octets: readonly number[]) => octets.join('.');
  const asNumber = (octets: readonly number[]) => octets.reduce((total, octet) => total * 256 + octet, 0);
  const maskOf = (prefix: number) =>
    dotted(
      [0, 1, 2, 3]
        .map((index) => Math.max(0, Math.min(8, prefix - 8 * index)))
        .map((bits) => (0xff << (8 - bits)) & 0xff),
    );

  it('a CIDR range and the same range as address/mask allow exactly the addresses in it', () => {
    checkProperty(
      fc.property(ipv4, fc.integer({ min: 0, max: 32 }), ipv4, (network, prefix, candidate) => {
        const size = 2 ** (32 - prefix);
        const inside = Math.floor(asNumber(network) / size) === Math.floor(asNumber(candidate) / size);
        assert.equal(parseAllowList([`${dotted(network)}/${prefix}`]).allows(dotted(candidate)), inside);
        assert.equal(
          parseAllowList([`${dotted(network)}/${maskOf(prefix)}`]).allows(dotted(candidate)),
          inside,
        );
        assert.equal(
          parseAllowList([dotted(network)]).allows(dotted(candidate)),
          asNumber(network) === asNumber(candidate),
        );
      }),
      500,
    );
  });

  it('entries mix addresses, ranges, masks and IPv6; IPv4 seen through IPv6 is matched; bad entries are reported, never widened', () => {
    const list = parseAllowList([
      '10.1.2.3, 192.168.0.0/16',
      '172.16.0.0/255.240.0.0,fd00::/8',
      '::1',
      'nonsense, 10.0.0.0/33, 1.2.3.4/255.0.255.0',
    ]);
    for (const allowed of [
      '10.1.2.3',
      '::ffff:10.1.2.3',
      '192.168.200.1',
      '172.31.255.255',
      'fd12::1',
      '::1',
    ])
      assert.ok(list.allows(allowed), allowed);
    for (const refused of ['10.1.2.4', '172.32.0.1', 'fe80::1', '', 'localhost', '1.2.3.4'])
      assert.ok(!list.allows(refused), refused);
    assert.deepEqual(list.rejected, ['nonsense', '10.0.0.0/33', '1.2.3.4/255.0.255.0']);
  });

  describe('on the wire', () => {
    let server: TestServer;

    before(async () => {
      server = await startTestServer({ allowedAddresses: ['10.11.12.13'] });
    });

    after(() => server.close());

    it('a refused caller is answered before it sends its body: the body is never read, let alone parsed', async () => {
      const socket = connect(server.port, '127.0.0.1');
      const started = performance.now();
      let received = '';
      const answered = new Promise<number>((resolve) =>
        socket.on('data', (chunk) => {
          received += chunk.toString('utf8');
          if (received.includes('</methodResponse>')) resolve(performance.now() - started);
        }),
      );
      // Headers promising 10 MB that never come: a server that waited for (or parsed) the body would not answer.
      socket.write(
        'POST /rpc/api/xmlrpc HTTP/1.1\r\nHost: folio\r\nContent-Type: text/xml\r\nContent-Length: 10000000\r\n\r\n',
      );
      // The body never comes, so any answer at all came before it; the deadline only turns a hang into a failure.
      let deadline: NodeJS.Timeout | undefined;
      const ms = await Promise.race([
        answered,
        new Promise<number>((resolve) => {
          deadline = setTimeout(() => resolve(Number.POSITIVE_INFINITY), 15_000);
        }),
      ]);
      clearTimeout(deadline);
      socket.destroy();
      assert.ok(Number.isFinite(ms), 'answered without the body');
      assert.match(received, /^HTTP\/1\.1 200 /);
      assert.ok(received.includes(ACCESS_DENIED), received);
    });

    it('a refused caller sending a parse bomb gets the access fault, not a parse fault', async () => {
      const client = createRawClient(server.port);
      try {
        const bomb =
          '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><methodCall>' +
          '<value><array><data>'.repeat(5_000);
        const response = await client.send(bomb);
        assert.ok(response.text.includes(ACCESS_DENIED), response.text);
      } finally {
        client.close();
      }
    });
  });
});

describe('auth tokens', () => {
  let server: TestServer;
  let client: RawClient;
  const logger = capturingLogger();
  const TOKENS = {
    plain: 'plain-token-a81f',
    first: 'array-token-1-b2c3',
    second: 'array-token-2-d4e5',
    billing: 'billing-token-f6a7',
  };
  const ADMIN_PASSWORD = 'admin-password-9e8d';

  before(async () => {
    server = await startTestServer({ log: logger.log });
    client = createRawClient(server.port);
    const done = await server.folio.services.config.changeInternalAdminPassword(ADMIN, ADMIN_PASSWORD);
    assert.equal(done._tag, 'Right');
    await client.value(
      'api.addNewInternalUser',
      server.token,
      'alice',
      'pw',
      'Alice',
      'a@example.org',
      '',
      '',
    );
  });

  after(async () => {
    client.close();
    await server.close();
  });

  const setTokens = (value: string) =>
    client.value('api.setConfigValue', server.token, CONFIG_KEYS.authTokens, value);
  const adjust = (token: string, comment: string) =>
    client.value('api.adjustUserAccountBalance', token, 'alice', wire.double('1.00'), comment);

  it("each of the three forms authenticates, and the caller's token name — never the token — is in the event's metadata", async () => {
    await setTokens(TOKENS.plain);
    await adjust(TOKENS.plain, 'by-plain');
    await setTokens(JSON.stringify([TOKENS.first, TOKENS.second]));
    await adjust(TOKENS.second, 'by-array');
    await setTokens(JSON.stringify({ billing: TOKENS.billing }));
    await adjust(TOKENS.billing, 'by-billing');
    await adjust(ADMIN_PASSWORD, 'by-admin');
    await adjust(server.token, 'by-startup');

    const events = await readAllEvents(server);
    const actorOf = (comment: string) =>
      events.find((event) => (event.data as { comment?: string }).comment === comment)?.metadata.actor;
    assert.equal(actorOf('by-plain'), 'token:token');
    assert.equal(actorOf('by-array'), 'token:token-2');
    assert.equal(actorOf('by-billing'), 'token:billing');
    assert.equal(actorOf('by-admin'), 'admin');
    assert.equal(actorOf('by-startup'), 'startup-token');

    // The config value itself holds tokens (that is what it is); no other event holds any, anywhere.
    const secrets = [...Object.values(TOKENS), ADMIN_PASSWORD, server.token];
    for (const event of events) {
      const isTokenConfig =
        event.type === 'ConfigValueSet' && (event.data as { name: string }).name === CONFIG_KEYS.authTokens;
      const text = JSON.stringify(isTokenConfig ? event.metadata : event);
      for (const secret of secrets) assert.ok(!text.includes(secret), `${event.type} holds a secret`);
    }
  });

  it('a config token cannot read or change credentials; the admin password and start-up tokens can', async () => {
    await setTokens(JSON.stringify({ billing: TOKENS.billing, other: 'other-token-0c1d' }));
    const refused = await client.fault('api.getConfigValue', TOKENS.billing, CONFIG_KEYS.authTokens);
    assert.equal(refused.faultCode, 103);
    assert.match(refused.faultString, /auth\.webservices\.auth-token.*admin password/);
    assert.ok(!refused.faultString.includes('other-token-0c1d'));
    for (const [method, ...args] of [
      ['api.setConfigValue', CONFIG_KEYS.authTokens, '{"billing":"mine"}'],
      ['api.setConfigValue', CONFIG_KEYS.allowedAddresses, '0.0.0.0/0'],
      ['api.setConfigValue', 'user-directory.file', '/etc/passwd'],
      ['api.getConfigValue', 'auth.ldap.admin-password'],
      ['api.changeInternalAdminPassword', 'taken-over'],
    ] as const)
      assert.equal(
        (await client.fault(method, TOKENS.billing, ...args)).faultCode,
        103,
        `${method} ${args[0]}`,
      );
    // Ordinary config is every token's to read and write.
    assert.equal(
      await client.value('api.setConfigValue', TOKENS.billing, 'user.default-overdraft-amount', '5'),
      true,
    );
    assert.equal(
      await client.value('api.getConfigValue', TOKENS.billing, 'user.default-overdraft-amount'),
      '5',
    );
    for (const privileged of [ADMIN_PASSWORD, server.token])
      assert.equal(
        await client.value('api.getConfigValue', privileged, CONFIG_KEYS.authTokens),
        JSON.stringify({ billing: TOKENS.billing, other: 'other-token-0c1d' }),
      );
    assert.ok(
      logger.lines.some((line) => line.event === 'privileged-call-refused' && line.actor === 'token:billing'),
    );
  });

  it('no token or password reaches the log', () => {
    const log = logger.raw.join('\n');
    for (const secret of [...Object.values(TOKENS), ADMIN_PASSWORD, server.token, 'taken-over'])
      assert.ok(!log.includes(secret), 'a secret in the log');
  });
});

describe('failed authentication is logged and throttled per address', () => {
  // The blocked calls must land within blockMs of the last failure: long enough for a loaded machine.
  const LIMITS = { maxFailures: 3, windowMs: 60_000, blockMs: 2_000 };
  let server: TestServer;
  let client: RawClient;
  const logger = capturingLogger();

  before(async () => {
    server = await startTestServer({ log: logger.log, authThrottle: LIMITS });
    client = createRawClient(server.port);
  });

  after(async () => {
    client.close();
    await server.close();
  });

  it('after the limit, even the right token is refused without being checked until the block ends', async () => {
    for (let attempt = 0; attempt < LIMITS.maxFailures; attempt += 1)
      assert.equal((await client.fault('api.getTotalUsers', `guess-${attempt}`)).faultCode, 101);
    const blocked = await client.fault('api.getTotalUsers', server.token);
    assert.equal(blocked.faultCode, 102);
    assert.match(blocked.faultString, /too many failed attempts from your address; try again in [12] s/);
    // Each entry of a multicall is refused the same way: no way round the block.
    const replies = await client.value(
      'system.multicall',
      wire.array(
        wire.struct({
          methodName: wire.string('api.getTotalUsers'),
          params: wire.array(wire.string(server.token)),
        }),
      ),
    );
    assert.equal((replies as { faultCode: number }[])[0]?.faultCode, 102);
    await new Promise((resolve) => setTimeout(resolve, LIMITS.blockMs + 50));
    assert.equal(await client.value('api.getTotalUsers', server.token), 0);

    const failures = logger.lines.filter((line) => line.event === 'authentication-failed');
    assert.equal(failures.length, LIMITS.maxFailures);
    assert.ok(failures.every((line) => line.ip === '127.0.0.1' && line.method === 'api.getTotalUsers'));
    assert.equal(logger.lines.filter((line) => line.event === 'authentication-throttled').length, 1);
    assert.ok(!logger.raw.join('\n').includes('guess-'), 'the guessed tokens are not logged');
  });

  it('the throttle counts per address in a window and forgets old failures', () => {
    let now = 0;
    const throttle = createAuthThrottle({ maxFailures: 3, windowMs: 1_000, blockMs: 5_000 }, () => now);
    assert.equal(throttle.recordFailure('10.0.0.1'), 'counted');
    assert.equal(throttle.recordFailure('10.0.0.1'), 'counted');
    assert.equal(throttle.recordFailure('10.0.0.2'), 'counted', 'another address has its own count');
    now = 1_500; // the window has passed: the two old failures no longer count
    assert.equal(throttle.recordFailure('10.0.0.1'), 'counted');
    assert.equal(throttle.recordFailure('10.0.0.1'), 'counted');
    assert.equal(throttle.blockedForMs('10.0.0.1'), 0);
    assert.equal(throttle.recordFailure('10.0.0.1'), 'now-blocked');
    assert.equal(throttle.blockedForMs('10.0.0.1'), 5_000);
    assert.equal(throttle.blockedForMs('10.0.0.2'), 0);
    now = 6_499;
    assert.equal(throttle.blockedForMs('10.0.0.1'), 1);
    now = 6_500;
    assert.equal(throttle.blockedForMs('10.0.0.1'), 0);
  });

  it('a refused address is also a logged event', async () => {
    const refusing = await startTestServer({ log: logger.log, allowedAddresses: ['10.9.9.9'] });
    const refusedClient = createRawClient(refusing.port);
    try {
      await refusedClient.send(methodCall('api.getTotalUsers', refusing.token));
      assert.ok(logger.lines.some((line) => line.event === 'address-refused' && line.ip === '127.0.0.1'));
    } finally {
      refusedClient.close();
      await refusing.close();
    }
  });
});
