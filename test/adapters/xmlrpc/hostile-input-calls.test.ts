import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeReply, methodCall, wire, WireParam } from '../../support/xmlrpc-wire';
import { client, server, thenNextCallWorks, useKeepAliveServer } from './hostile-input-fixture';

describe('hostile input on a keep-alive connection', () => {
  useKeepAliveServer();

  it('GET on the RPC path is 405 with Allow: POST; other paths are 404', async () => {
    const get = await client.send('', { method: 'GET' });
    assert.equal(get.status, 405);
    assert.equal(get.headers.allow, 'POST');
    await thenNextCallWorks(get);
    for (const method of ['PUT', 'DELETE'] as const) {
      const response = await client.send('', { method });
      assert.equal(response.status, 405);
      await thenNextCallWorks(response);
    }
    for (const [method, path] of [
      ['POST', '/rpc/api/xmlrpc/extra'],
      ['POST', '/'],
      ['GET', '/rpc/api'],
      ['POST', '/RPC2'],
    ] as const) {
      const response = await client.send(methodCall('api.getTotalUsers', server.token), { method, path });
      assert.equal(response.status, 404, `${method} ${path}`);
      await thenNextCallWorks(response);
    }
  });

  it('an unknown method is the fault "No such handler"', async () => {
    const fault = await client.fault('api.noSuchThing', server.token);
    assert.equal(fault.faultString, 'No such handler: api.noSuchThing');
    const { response } = await client.call('api.noSuchThing', server.token);
    await thenNextCallWorks(response);
  });

  it('a wrong parameter count is a java.lang.NoSuchMethodException naming what was sent and every accepted signature', async () => {
    const tooFew = await client.fault('api.getUserAccountBalance', server.token);
    assert.equal(
      tooFew.faultString,
      'java.lang.NoSuchMethodException: api.getUserAccountBalance(String) — api.getUserAccountBalance accepts ' +
        '(string authToken, string user) or (string authToken, string user, string accountName)',
    );
    const tooMany = await client.fault('api.getTotalUsers', server.token, 'extra');
    assert.match(
      tooMany.faultString,
      /^java\.lang\.NoSuchMethodException: api\.getTotalUsers\(String, String\)/,
    );
    assert.match(tooMany.faultString, /accepts \(string authToken\)$/);
    const { response } = await client.call('api.isUserExists', server.token);
    await thenNextCallWorks(response);
  });

  it('a parameter of the wrong type is a java.lang.NoSuchMethodException with the types sent', async () => {
    const amount = await client.fault(
      'api.adjustUserAccountBalance',
      server.token,
      'alice',
      wire.boolean(true),
      'comment',
    );
    assert.match(
      amount.faultString,
      /^java\.lang\.NoSuchMethodException: api\.adjustUserAccountBalance\(String, String, Boolean, String\)/,
    );
    assert.match(amount.faultString, /\(string authToken, string user, double amount, string comment\)/);
    const offset = await client.fault('api.listUserAccounts', server.token, 'first', wire.int(10));
    assert.match(
      offset.faultString,
      /^java\.lang\.NoSuchMethodException: api\.listUserAccounts\(String, String, Integer\)/,
    );
    const properties = await client.fault('api.getUserProperties', server.token, 'alice', 'full-name');
    assert.match(properties.faultString, /array of strings properties/);
    const notAnAmount = await client.fault(
      'api.adjustUserAccountBalance',
      server.token,
      'alice',
      'lots',
      'c',
    );
    assert.match(notAnAmount.faultString, /^java\.lang\.NoSuchMethodException: /);
    const { response } = await client.call(
      'api.adjustUserAccountBalance',
      server.token,
      'alice',
      wire.struct({}),
      'c',
    );
    await thenNextCallWorks(response);
    assert.equal(await client.value('api.getUserAccountBalance', server.token, 'alice'), 0);
  });

  it('a value that does not fit its parameter is a NoSuchMethodException that also says which parameter and why', async () => {
    const signature =
      '(string authToken, string user, double amount, string comment) or ' +
      '(string authToken, string user, double amount, string comment, string accountName)';
    const cases: readonly [readonly (WireParam | string)[], string, string][] = [
      [['alice', 'abc', 'c'], 'String, String, String, String', "parameter amount: 'abc' is not a number"],
      [
        ['alice', wire.double('1e13'), 'c'],
        'String, String, Double, String',
        "parameter amount: '1e13' is out of range (amounts are at most ±1,000,000,000,000)",
      ],
      [
        ['alice', wire.boolean(true), 'c'],
        'String, String, Boolean, String',
        'parameter amount: a boolean is not a number',
      ],
      [
        ['alice', wire.double('5'), wire.struct({})],
        'String, String, Double, Map',
        'parameter comment: a struct is not a string',
      ],
      // Text that could pass for a path or a source location is not echoed back.
      [
        ['alice', '/srv/app.js:12', 'c'],
        'String, String, String, String',
        'parameter amount: the text sent is not a number',
      ],
    ];
    for (const [params, sent, reason] of cases) {
      const fault = await client.fault('api.adjustUserAccountBalance', server.token, ...params);
      assert.equal(fault.faultCode, 201);
      assert.equal(
        fault.faultString,
        `java.lang.NoSuchMethodException: api.adjustUserAccountBalance(${sent}) — api.adjustUserAccountBalance accepts ${signature} — ${reason}`,
      );
    }
    const offset = await client.fault('api.listUserAccounts', server.token, 'first', wire.int(10));
    assert.match(offset.faultString, / — parameter offset: 'first' is not a whole number$/);
    const properties = await client.fault(
      'api.getUserProperties',
      server.token,
      'alice',
      wire.array(wire.int(1), wire.struct({})),
    );
    assert.match(properties.faultString, / — parameter properties: item 2: a struct is not a string$/);
    // A wrong count has no parameter to blame: the signatures alone.
    const tooFew = await client.fault('api.adjustUserAccountBalance', server.token, 'alice');
    assert.match(tooFew.faultString, /string comment, string accountName\)$/);
    assert.equal(await client.value('api.getUserAccountBalance', server.token, 'alice'), 0);
  });

  it('a bad or missing token is a fault, and changes nothing', async () => {
    for (const token of [wire.string('wrong-token'), wire.string(''), wire.int(0), wire.array()]) {
      const fault = await client.fault('api.adjustUserAccountBalance', token, 'alice', wire.double('5'), 'c');
      assert.match(fault.faultString, /^Authentication failed/);
    }
    const { response } = await client.call('api.getTotalUsers');
    assert.equal(response.status, 200);
    await thenNextCallWorks(response);
    assert.equal(await client.value('api.getUserAccountBalance', server.token, 'alice'), 0);
  });

  it('a struct member named __proto__ is an ordinary member', async () => {
    const body = methodCall(
      'system.multicall',
      wire.array(
        wire.struct({
          __proto__: wire.string('polluted'),
          methodName: wire.string('api.getTotalUsers'),
          params: wire.array(wire.string(server.token)),
        }),
      ),
    );
    const response = await client.send(body);
    assert.deepEqual(await decodeReply(response.text), { kind: 'value', value: [[1]] });
    assert.equal(({} as Record<string, unknown>).methodName, undefined);
    await thenNextCallWorks(response);
  });

  it('integers beyond 32 bits in a request do not leak into replies', async () => {
    const page = await client.call(
      'api.listUserAccounts',
      server.token,
      { xml: '<value><i8>99999999999</i8></value>' },
      wire.int(2_147_483_647),
    );
    assert.deepEqual(page.reply, { kind: 'value', value: [] });
    const { response } = await client.call('api.listUserAccounts', server.token, wire.int(0), {
      xml: '<value><int>999999999999999999999999</int></value>',
    });
    await thenNextCallWorks(response);
  });
});
