import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeReply, methodCall } from '../../support/xmlrpc-wire';
import {
  client,
  expectFault,
  MB,
  server,
  thenNextCallWorks,
  timed,
  useKeepAliveServer,
} from './hostile-input-fixture';

describe('hostile input on a keep-alive connection', () => {
  useKeepAliveServer();

  it('malformed XML gets a fault', async () => {
    for (const body of [
      '<?xml version="1.0"?><methodCall><methodName>api.getTotalUsers</methodName><params>',
      '<methodCall><methodName>api.getTotalUsers</methodName><params><param><value><oops/></value></param></params></methodCall>',
      'this is not XML at all',
      '<methodCall><methodName>api.getTotalUsers</methodName></methodResponse>',
    ])
      await thenNextCallWorks(await expectFault(body, /^Malformed request: /));
  });

  it('an empty body gets a fault', async () => {
    await thenNextCallWorks(await expectFault('', /^Malformed request: /));
  });

  it('a 50 MB body with a Content-Length gets 413 and a fault, and the connection stays usable', async (t) => {
    const body = Buffer.concat([
      Buffer.from(
        `<?xml version="1.0"?><methodCall><methodName>api.setUserProperty</methodName><params><param><value>${server.token}</value></param><param><value>`,
      ),
      Buffer.alloc(50 * MB, 'A'),
      Buffer.from('</value></param></params></methodCall>'),
    ]);
    const response = await timed(t, '50 MB body with Content-Length', () => client.send(body));
    assert.equal(response.status, 413);
    const reply = await decodeReply(response.text);
    assert.ok(reply.kind === 'fault' && /^Request too large/.test(reply.faultString), response.text);
    await thenNextCallWorks(response);
  });

  it('a 50 MB chunked body (no Content-Length) gets 413 and a fault, and the connection stays usable', async (t) => {
    const body = Buffer.alloc(50 * MB, '<value>');
    const response = await timed(t, '50 MB chunked body', () => client.send(body, { chunked: true }));
    assert.equal(response.status, 413);
    assert.equal((await decodeReply(response.text)).kind, 'fault');
    await thenNextCallWorks(response);
  });

  it('a 10,000-deep nested array gets a fault naming the depth limit', async (t) => {
    const depth = 10_000;
    const body =
      `<?xml version="1.0"?><methodCall><methodName>api.getUserProperties</methodName><params><param><value>${server.token}</value></param><param>` +
      '<value><array><data>'.repeat(depth) +
      '</data></array></value>'.repeat(depth) +
      '</param></params></methodCall>';
    const response = await timed(t, '10,000-deep array', () => expectFault(body, /nests deeper than/));
    await thenNextCallWorks(response);
  });

  it('a string holding &#1; gets a fault and changes nothing', async () => {
    const response = await expectFault(
      methodCall('api.setUserProperty', server.token, 'alice', 'notes', {
        xml: '<value><string>bell&#1;</string></value>',
      }),
      /character that XML does not allow/,
    );
    await thenNextCallWorks(response);
    assert.equal(await client.value('api.getUserProperty', server.token, 'alice', 'notes'), '');
  });

  it('a control character smuggled in base64 is refused like &#1; and stores nothing', async () => {
    const base64 = Buffer.from('bell\u0001ring', 'utf8').toString('base64');
    const fault = await client.fault('api.setUserProperty', server.token, 'alice', 'notes', {
      xml: `<value><base64>${base64}</base64></value>`,
    });
    assert.match(
      fault.faultString,
      /^java\.lang\.NoSuchMethodException: api\.setUserProperty\(String, String, String, byte\[\]\)/,
    );
    const { response, reply } = await client.call('api.getUserProperty', server.token, 'alice', 'notes');
    assert.deepEqual(reply, { kind: 'value', value: '' });
    await thenNextCallWorks(response);
  });

  it('bytes that are not UTF-8 get a fault', async () => {
    const body = Buffer.concat([
      Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?><methodCall><methodName>api.isUserExists</methodName><params><param><value>${server.token}</value></param><param><value>`,
      ),
      Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
      Buffer.from('</value></param></params></methodCall>'),
    ]);
    await thenNextCallWorks(await expectFault(body, /not valid UTF-8/));
  });

  it('a DOCTYPE with entities (billion laughs, external entity) gets a fault', async () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>' +
      '<methodCall><methodName>api.isUserExists</methodName><params><param><value>&lol2;</value></param></params></methodCall>';
    const external =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      `<methodCall><methodName>api.isUserExists</methodName><params><param><value>${server.token}</value></param><param><value>&xxe;</value></param></params></methodCall>`;
    await thenNextCallWorks(await expectFault(laughs, /document type declarations/));
    await thenNextCallWorks(await expectFault(external, /document type declarations/));
  });
});
