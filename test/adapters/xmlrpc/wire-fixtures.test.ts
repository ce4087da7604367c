import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRawClient, RawClient } from '../../support/raw-http-client';
import { repoRoot } from '../../support/paths';
import { startTestServer, TestServer } from '../../support/xmlrpc-server';
import { decodeReply, wire } from '../../support/xmlrpc-wire';

/** A recorded request body (test/fixtures/wire, copied from the shared spec) with the token filled in. */
const fixture = (name: string, token: string): Buffer =>
  Buffer.from(
    readFileSync(join(repoRoot(), 'test', 'fixtures', 'wire', name), 'latin1').replace(/TOKEN/g, token),
    'latin1',
  );

describe('requests as real client libraries put them on the wire', () => {
  let server: TestServer;
  let client: RawClient;

  const balance = async (user: string): Promise<string> => {
    const { response } = await client.call('api.getUserAccountBalance', server.token, user);
    const match = /<double>([^<]*)<\/double>/.exec(response.text);
    assert.ok(match, `a balance is a <double>: ${response.text}`);
    return match[1] ?? '';
  };

  const sendFixture = async (name: string) => {
    const response = await client.send(fixture(name, server.token));
    assert.equal(response.status, 200);
    return { response, reply: await decodeReply(response.text) };
  };

  before(async () => {
    server = await startTestServer();
    client = createRawClient(server.port);
    const t = server.token;
    await client.value(
      'api.addNewInternalUser',
      t,
      'alice',
      'secret',
      'Alice Example',
      'alice@example.org',
      '',
      '',
    );
    await client.value(
      'api.addNewInternalUser',
      t,
      'bob',
      'secret',
      'Bob Example',
      'bob@example.org',
      '',
      '',
    );
    await client.value('api.setUserAccountBalance', t, 'alice', wire.double('10.00'), 'opening');
    await client.value('api.setConfigValue', t, 'health.api.key', '0042');
  });

  after(async () => {
    client.close();
    await server.close();
  });

  it('Java untyped strings: adjusts alice by -1.50 with the comment, on her default account', async () => {
    const { reply } = await sendFixture('java-apache-untyped-strings.xml');
    assert.deepEqual(reply, { kind: 'value', value: true });
    assert.equal(await balance('alice'), '8.5');
    const last = server.folio.models.transactions.entries().at(-1);
    assert.ok(last);
    assert.equal(last.amount, -1_500_000n);
    assert.equal(last.comment, 'charged by a Java client');
    assert.doesNotMatch(last.account, /\//, 'the default personal account, not a named one');
    // Put alice back for the tests that follow.
    await client.value('api.adjustUserAccountBalance', server.token, 'alice', wire.double('1.5'), 'undo');
  });

  it('Java extensions: a namespaced <ex:i8> limit lists users from 0, up to 1000', async () => {
    const { reply } = await sendFixture('java-apache-extensions-i8.xml');
    assert.deepEqual(reply, { kind: 'value', value: ['alice', 'bob'] });
  });

  it('.NET indentation: whitespace between tags is ignored; full name and email in the order asked', async () => {
    const { reply } = await sendFixture('dotnet-xmlrpcnet-indented.xml');
    assert.deepEqual(reply, { kind: 'value', value: ['Alice Example', 'alice@example.org'] });
  });

  it('PHP ISO-8859-1 body escaping each UTF-8 byte: Folio stores the department as "Géographie", not "GÃ©ographie"', async () => {
    const { reply } = await sendFixture('php-epi-latin1-escaped.xml');
    assert.deepEqual(reply, { kind: 'value', value: true });
    assert.equal(
      await client.value('api.getUserProperty', server.token, 'alice', 'department'),
      'Géographie',
    );
  });

  it('Perl digit string sent as <int>007123</int>: the card number keeps its leading zeros', async () => {
    const { reply } = await sendFixture('perl-lite-digit-string-as-int.xml');
    assert.deepEqual(reply, { kind: 'value', value: true });
    assert.equal(
      await client.value('api.getUserProperty', server.token, 'alice', 'primary-card-number'),
      '007123',
    );
    assert.equal(await client.value('api.lookUpUserNameByCardNo', server.token, '007123'), 'alice');
  });

  it('Perl non-ASCII text sent as <base64>: the office is "Bâtiment 7"', async () => {
    const { reply } = await sendFixture('perl-lite-non-ascii-as-base64.xml');
    assert.deepEqual(reply, { kind: 'value', value: true });
    assert.equal(await client.value('api.getUserProperty', server.token, 'alice', 'office'), 'Bâtiment 7');
  });

  it('Ruby <i4> amount: a conditional debit of 2.00, refused and harmless when credit is short', async () => {
    // Only a restricted account can run short of credit.
    await client.value('api.setUserProperty', server.token, 'alice', 'restricted', 'TRUE');
    assert.equal(await balance('alice'), '10.0');
    assert.deepEqual((await sendFixture('ruby-xmlrpc-i4-amount.xml')).reply, { kind: 'value', value: true });
    assert.equal(await balance('alice'), '8.0');
    await client.value('api.setUserAccountBalance', server.token, 'alice', wire.double('1.99'), 'low');
    assert.deepEqual((await sendFixture('ruby-xmlrpc-i4-amount.xml')).reply, { kind: 'value', value: false });
    assert.equal(await balance('alice'), '1.99');
  });

  it('shell client with untyped values: the config value comes back as an untyped string', async () => {
    const { response, reply } = await sendFixture('shell-curl-untyped.xml');
    assert.deepEqual(reply, { kind: 'value', value: '0042' });
    assert.match(response.text, /<value>0042<\/value>/);
  });
});
