import fc from 'fast-check';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parseAllowList } from '../../../adapters/xmlrpc/allow-list';
import { checkProperty } from '../../support/property';
import { createRawClient } from '../../support/raw-http-client';
import { startTestServer, TestServer } from '../../support/xmlrpc-server';

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

    it('a refused caller is closed at connection time: it is sent nothing and nothing it sends is read', async () => {
      const socket = connect(server.port, '127.0.0.1');
      let received = 0;
      socket.on('data', (chunk: Buffer) => (received += chunk.length));
      socket.on('error', () => undefined);
      // Nothing is written: a server that waited for headers would keep the connection until its headers timeout.
      let deadline: NodeJS.Timeout | undefined;
      const closed = await Promise.race([
        new Promise<boolean>((resolve) => socket.once('close', () => resolve(true))),
        new Promise<boolean>((resolve) => {
          deadline = setTimeout(() => resolve(false), 10_000);
        }),
      ]);
      clearTimeout(deadline);
      socket.destroy();
      assert.ok(closed, 'the server closed the connection without waiting for a request');
      assert.equal(received, 0);
    });

    it('a refused caller sending a parse bomb gets no reply at all, let alone a parse fault', async () => {
      const client = createRawClient(server.port);
      try {
        const bomb =
          '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><methodCall>' +
          '<value><array><data>'.repeat(5_000);
        await assert.rejects(client.send(bomb));
      } finally {
        client.close();
      }
    });
  });
});
