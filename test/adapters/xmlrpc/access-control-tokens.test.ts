import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CONFIG_KEYS } from '../../../application/policy';
import { createRawClient, RawClient } from '../../support/raw-http-client';
import { startTestServer, TestServer } from '../../support/xmlrpc-server';
import { wire } from '../../support/xmlrpc-wire';
import { ADMIN, capturingLogger, readAllEvents } from './access-control-fixture';

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
