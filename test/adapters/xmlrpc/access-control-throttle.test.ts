import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAuthThrottle } from '../../../adapters/xmlrpc/auth-throttle';
import { createRawClient, RawClient } from '../../support/raw-http-client';
import { startTestServer, TestServer } from '../../support/xmlrpc-server';
import { methodCall, wire } from '../../support/xmlrpc-wire';
import { capturingLogger } from './access-control-fixture';

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
      // The connection is closed at once, before a request: the send fails, the refusal is logged.
      await assert.rejects(refusedClient.send(methodCall('api.getTotalUsers', refusing.token)));
      assert.ok(logger.lines.some((line) => line.event === 'address-refused' && line.ip === '127.0.0.1'));
    } finally {
      refusedClient.close();
      await refusing.close();
    }
  });
});
