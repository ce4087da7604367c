import fc from 'fast-check';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { parseAllowList } from '../../../adapters/xmlrpc/allow-list';
import { checkProperty } from '../../support/property';
import { createRawClient } from '../../support/raw-http-client';
import { startTestServer, TestServer } from '../../support/xmlrpc-server';
import { ACCESS_DENIED } from './access-control-fixture';

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
