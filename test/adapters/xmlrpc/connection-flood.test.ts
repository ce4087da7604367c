import assert from 'node:assert/strict';
import { connect, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { connect as connectTls } from 'node:tls';
import { createSelfSignedCertificate, DEFAULT_CERT_HOSTS } from '../../../adapters/tls/self-signed';
import { createRawClient } from '../../support/raw-http-client';
import { startTestServer, TestServer } from '../../support/xmlrpc-server';

/** Linux routes all of 127/8 to the loopback device: each is a distinct source address. */
const REFUSED_ADDRESS = '127.0.0.2';
const CAPPED_ADDRESS = '127.0.0.3';
/** More than the server's default connection cap (1,024): before the gate, they locked the allowed client out. */
const FLOOD = 1_100;
/** Connections opened at once: stays under the listen backlog, so the kernel never drops a SYN. */
const BATCH = 100;
/** What the issue promises: an allowed client's call is not delayed beyond this by the flood. */
const ALLOWED_CALL_MS = 1_000;
/** A connection the server should close still open after this fails the test instead of hanging it. */
const CLOSE_DEADLINE_MS = 10_000;

interface Opened {
  readonly socket: Socket;
  /** Resolves when the connection is closed (by the server, as the test never closes it first). */
  readonly closed: Promise<void>;
  /** Bytes the server sent before closing. */
  readonly received: () => number;
}

const openSilent = (port: number, localAddress: string): Promise<Opened> =>
  new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    let bytes = 0;
    socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    const opened = { socket, closed, received: () => bytes };
    // Resolved on connect or on an early close alike: either way the server saw the connection.
    socket.once('connect', () => resolve(opened));
    socket.once('close', () => resolve(opened));
  });

const openMany = async (port: number, localAddress: string, count: number): Promise<Opened[]> => {
  const opened: Opened[] = [];
  for (let start = 0; start < count; start += BATCH)
    opened.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(BATCH, count - start) }, () => openSilent(port, localAddress)),
      )),
    );
  return opened;
};

const withDeadline = async <T>(work: Promise<T>, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, fail) => {
        timer = setTimeout(
          () => fail(new Error(`${what} within ${CLOSE_DEADLINE_MS} ms`)),
          CLOSE_DEADLINE_MS,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

const timedCall = async (port: number): Promise<number> => {
  const client = createRawClient(port);
  try {
    const started = performance.now();
    const { reply } = await client.call('api.getTotalUsers', 'folio-test-token');
    assert.deepEqual(reply, { kind: 'value', value: 0 });
    return performance.now() - started;
  } finally {
    client.close();
  }
};

describe('connections are gated on the TCP socket, before any byte is read', () => {
  let server: TestServer;
  const certificate = createSelfSignedCertificate({ hosts: DEFAULT_CERT_HOSTS, days: 1 });

  before(async () => {
    server = await startTestServer({
      allowedAddresses: ['127.0.0.1', CAPPED_ADDRESS],
      maxConnectionsPerAddress: 8,
      tls: { port: 0, cert: certificate.certPem, key: certificate.keyPem },
    });
  });

  after(() => server.close());

  it(`${FLOOD} silent connections from a refused address are closed at once and do not delay an allowed call beyond ${ALLOWED_CALL_MS} ms`, async () => {
    const flood = await openMany(server.port, REFUSED_ADDRESS, FLOOD);
    try {
      // The allowed call while the flood's connections are (from its side) still being held.
      const ms = await timedCall(server.port);
      assert.ok(ms < ALLOWED_CALL_MS, `the allowed call took ${Math.round(ms)} ms`);
      await withDeadline(
        Promise.all(flood.map((opened) => opened.closed)),
        'the server closed every refused connection',
      );
      assert.equal(
        flood.reduce((total, opened) => total + opened.received(), 0),
        0,
        'a refused connection is sent nothing',
      );
    } finally {
      for (const opened of flood) opened.socket.destroy();
    }
  });

  it('on the HTTPS port a refused address is closed before the TLS handshake', async () => {
    const tlsPort = server.tlsPort ?? 0;
    const outcome = await withDeadline(
      new Promise<string>((resolve) => {
        const socket = connectTls({
          socket: connect({ port: tlsPort, host: '127.0.0.1', localAddress: REFUSED_ADDRESS }),
          rejectUnauthorized: false,
        });
        socket.once('secureConnect', () => {
          socket.destroy();
          resolve('handshake completed');
        });
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      }),
      'the TLS connection was refused',
    );
    assert.notEqual(outcome, 'handshake completed');
  });

  it('an allowed address holding its cap of connections gets no more, and other callers are still served', async () => {
    const held = await openMany(server.port, CAPPED_ADDRESS, 20);
    try {
      // The server accepts them in its own order: whichever 12 come past the cap are closed at once.
      let closed = 0;
      await withDeadline(
        new Promise<void>((resolve) => {
          for (const opened of held)
            void opened.closed.then(() => {
              closed += 1;
              if (closed === 12) resolve();
            });
        }),
        'the server closed the 12 connections over the cap of 8',
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(
        held.filter((opened) => !opened.socket.destroyed).length,
        8,
        'the 8 within the cap stay open',
      );
      const ms = await timedCall(server.port);
      assert.ok(ms < ALLOWED_CALL_MS, `the other caller's call took ${Math.round(ms)} ms`);
    } finally {
      for (const opened of held) opened.socket.destroy();
    }
  });
});
