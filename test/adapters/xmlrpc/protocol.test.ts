import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CONFIG_KEYS } from '../../../application/policy';
import { ALL_METHODS } from '../../../adapters/xmlrpc/methods';
import { createRawClient, RawClient } from '../../support/raw-http-client';
import { startTestServer, TestServer } from '../../support/xmlrpc-server';
import { decodeReply, methodCall, wire } from '../../support/xmlrpc-wire';

const ACCESS_DENIED = 'Access denied. Your IP address is not allowed to access the Web Services API.';
const ADMIN = { actor: 'test', method: 'test-setup', correlationId: 'test-setup' };

describe('XML-RPC protocol through a real HTTP client', () => {
  let server: TestServer;
  let client: RawClient;

  before(async () => {
    server = await startTestServer();
    client = createRawClient(server.port);
    await client.value(
      'api.addNewInternalUser',
      server.token,
      'alice',
      'pw',
      'Alice Ä',
      'a@example.org',
      '',
      '',
    );
  });

  after(async () => {
    client.close();
    await server.close();
  });

  describe('reply shapes', () => {
    it('a whole balance of 5 goes out as <double>5.0</double>, never <int>', async () => {
      await client.value('api.adjustUserAccountBalance', server.token, 'alice', wire.int(5), 'five');
      const { response, reply } = await client.call('api.getUserAccountBalance', server.token, 'alice');
      assert.match(response.text, /<value><double>5\.0<\/double><\/value>/);
      assert.deepEqual(reply, { kind: 'value', value: 5 });
    });

    it('amounts are exact decimals on the wire: 0.1 + 0.2 is <double>5.3</double> after 5', async () => {
      await client.value('api.adjustUserAccountBalance', server.token, 'alice', wire.double('0.1'), 'a');
      await client.value('api.adjustUserAccountBalance', server.token, 'alice', wire.double('0.2'), 'b');
      const { response } = await client.call('api.getUserAccountBalance', server.token, 'alice');
      assert.match(response.text, /<double>5\.3<\/double>/);
    });

    it('strings go untyped, UTF-8 intact; booleans as <boolean>; counts as 32-bit <int>', async () => {
      const name = await client.call('api.getUserProperty', server.token, 'alice', 'full-name');
      assert.match(name.response.text, /<param><value>Alice Ä<\/value><\/param>/);
      const exists = await client.call('api.isUserExists', server.token, 'ALICE');
      assert.match(exists.response.text, /<value><boolean>1<\/boolean><\/value>/);
      const total = await client.call('api.getTotalUsers', server.token);
      assert.match(total.response.text, /<value><int>1<\/int><\/value>/);
    });

    it('a lookup that finds nothing is an empty untyped string, not a fault', async () => {
      assert.equal(await client.value('api.lookUpUserNameByCardNo', server.token, 'no-such-card'), '');
    });

    it('a fault is HTTP 200 with an <int> faultCode and an untyped faultString', async () => {
      const { response, reply } = await client.call('api.getUserAccountBalance', server.token, 'nobody');
      assert.equal(response.status, 200);
      assert.match(response.text, /<name>faultCode<\/name><value><int>\d+<\/int><\/value>/);
      assert.match(response.text, /<name>faultString<\/name><value>[^<]*'nobody'[^<]*<\/value>/);
      assert.equal(reply.kind, 'fault');
    });
  });

  describe('what real clients send', () => {
    it('entities, character references and CDATA arrive decoded; empty strings in every spelling are ""', async () => {
      const set = (value: { xml: string }) =>
        client.value('api.setUserProperty', server.token, 'alice', 'notes', value);
      const notes = () => client.value('api.getUserProperty', server.token, 'alice', 'notes');
      await set({
        xml: '<value><string>Tom &amp; Jerry &lt;3 &#233;&#x20AC; &quot;q&quot;</string></value>',
      });
      assert.equal(await notes(), 'Tom & Jerry <3 é€ "q"');
      await set({ xml: '<value><![CDATA[a<b & c]]></value>' });
      assert.equal(await notes(), 'a<b & c');
      for (const empty of [
        '<value><string></string></value>',
        '<value><string/></value>',
        '<value/>',
        '<value></value>',
      ]) {
        await set({ xml: '<value>x</value>' });
        await set({ xml: empty });
        assert.equal(await notes(), '', empty);
      }
    });

    it('an <int> that is not a whole number is a fault, never read leniently (12abc is not 12)', async () => {
      const fault = await client.fault('api.listUserAccounts', server.token, wire.int(0), {
        xml: '<value><int>12abc</int></value>',
      });
      assert.match(fault.faultString, /'12abc' is not an integer/);
    });
  });

  describe('auth tokens from the config value', () => {
    it('accepts a plain token, a JSON array of tokens and a JSON object of name to token', async () => {
      const key = CONFIG_KEYS.authTokens;
      for (const [value, token] of [
        ['plain-token', 'plain-token'],
        ['["first-token","second-token"]', 'second-token'],
        ['{"billing":"billing-token"}', 'billing-token'],
      ] as const) {
        await client.value('api.setConfigValue', server.token, key, value);
        assert.equal(await client.value('api.getTotalUsers', token), 1, value);
      }
      const fault = await client.fault('api.getTotalUsers', 'plain-token');
      assert.match(fault.faultString, /^Authentication failed/);
      // The startup token stays valid whatever the config value says.
      await client.value('api.setConfigValue', server.token, key, '');
      assert.equal(await client.value('api.getTotalUsers', server.token), 1);
    });

    it("accepts a digit-only token sent as <int>, as Perl's XMLRPC::Lite sends it, keeping its leading zeros", async () => {
      await client.value('api.setConfigValue', server.token, CONFIG_KEYS.authTokens, '00123456');
      assert.equal(await client.value('api.getTotalUsers', wire.int('00123456')), 1);
      const fault = await client.fault('api.getTotalUsers', wire.int('123456'));
      assert.match(fault.faultString, /^Authentication failed/);
      await client.value('api.setConfigValue', server.token, CONFIG_KEYS.authTokens, '');
    });
  });

  describe('system methods', () => {
    it('system.listMethods names itself, system.multicall and every registered API method', async () => {
      const names = await client.value('system.listMethods');
      assert.ok(Array.isArray(names));
      assert.deepEqual(
        [...names].sort(),
        ['system.listMethods', 'system.multicall', ...ALL_METHODS.map((method) => method.name)].sort(),
      );
      assert.ok(names.includes('api.adjustUserAccountBalanceIfAvailable'));
    });

    it('system.multicall answers each call in turn: values wrapped in arrays, faults as structs', async () => {
      const t = wire.string(server.token);
      const entry = (name: string, ...params: ReturnType<typeof wire.string>[]) =>
        wire.struct({ methodName: wire.string(name), params: wire.array(...params) });
      const replies = await client.value(
        'system.multicall',
        wire.array(
          entry('api.getTotalUsers', t),
          entry(
            'api.adjustUserAccountBalance',
            t,
            wire.string('alice'),
            wire.double('1.25'),
            wire.string('mc'),
          ),
          entry('api.noSuchThing', t),
          entry('system.multicall', wire.array()),
          entry('api.getTotalUsers', wire.string('wrong-token')),
          wire.string('not a struct'),
          entry('api.getUserAccountBalance', t, wire.string('alice')),
        ),
      );
      assert.deepEqual(replies, [
        [1],
        [true],
        { faultCode: 200, faultString: 'No such handler: api.noSuchThing' },
        { faultCode: 203, faultString: 'Malformed request: system.multicall cannot be nested.' },
        {
          faultCode: 101,
          faultString:
            'Authentication failed: the auth token (first parameter) is not valid for the Web Services API.',
        },
        {
          faultCode: 203,
          faultString: 'Malformed request: each multicall entry is a struct with methodName and params.',
        },
        [6.55],
      ]);
    });

    it('system.multicall with anything but one array is a NoSuchMethodException fault', async () => {
      const fault = await client.fault('system.multicall', 'calls');
      assert.match(fault.faultString, /^java\.lang\.NoSuchMethodException: system\.multicall\(String\)/);
    });
  });
});

describe('the IP allow-list', () => {
  let server: TestServer;
  let client: RawClient;

  before(async () => {
    // A server whose own list leaves out the loopback address the tests call from.
    server = await startTestServer({ allowedAddresses: ['10.11.12.13'] });
    client = createRawClient(server.port);
  });

  after(async () => {
    client.close();
    await server.close();
  });

  it('a caller outside the list has its connection closed at once, before a byte is read or answered', async () => {
    await assert.rejects(client.send(methodCall('api.getTotalUsers', server.token)));
    await assert.rejects(client.send('<not-xml'));
  });

  it("the config value widens the list at once; narrowed under an open connection, the next call gets the product's exact text", async () => {
    const setAllowed = async (value: string) => {
      const done = await server.folio.services.config.setConfigValue(
        ADMIN,
        CONFIG_KEYS.allowedAddresses,
        value,
      );
      assert.equal(done._tag, 'Right');
    };
    await setAllowed('192.168.0.0/16, 127.0.0.0/255.0.0.0');
    const { response, reply } = await client.call('api.getTotalUsers', server.token);
    assert.deepEqual(reply, { kind: 'value', value: 0 });
    await setAllowed('192.168.1.1');
    const refused = await client.send(methodCall('api.getTotalUsers', server.token));
    assert.equal(refused.status, 200);
    assert.equal(refused.connection, response.connection, 'the same kept-alive connection');
    const decoded = await decodeReply(refused.text);
    assert.ok(decoded.kind === 'fault' && decoded.faultString === ACCESS_DENIED, refused.text);
  });
});
