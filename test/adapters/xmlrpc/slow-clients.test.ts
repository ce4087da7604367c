import assert from 'node:assert/strict';
import { connect, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { createRawClient, RawClient } from '../../support/raw-http-client';
import { startTestServer, TestServer } from '../../support/xmlrpc-server';
import { methodCall } from '../../support/xmlrpc-wire';

/** Short limits so the test stays short; production defaults are 15 s and 60 s. */
const TIMEOUTS = { headersMs: 500, requestMs: 1_000, keepAliveMs: 500, checkIntervalMs: 100 };
/**
 * A slow client must be cut off within its timeout plus this. Generous on purpose: a loaded 2-core
 * machine can hold up timers and sockets for seconds, and what is tested is that the cut-off comes at
 * all — without it a trickling client would keep its connection forever.
 */
const SLACK_MS = 10_000;
/** An honest call beside the attackers is answered within this (it would wait for ever if they starved it). */
const HONEST_CALL_MS = 5_000;

/** Past every bound below: the connection is given up on. */
const DEADLINE_MS = TIMEOUTS.requestMs + SLACK_MS + 5_000;

interface RawConnection {
  readonly socket: Socket;
  /** Resolves when the server closes the connection: how long it lasted and what the server sent. */
  readonly closed: Promise<{ readonly ms: number; readonly received: string }>;
  /** Writes `text` every `everyMs` until the connection closes. */
  trickle(text: string, everyMs: number): void;
}

const open = (port: number): Promise<RawConnection> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const started = performance.now();
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    // A connection still open at the deadline fails the test instead of hanging it.
    const closed = new Promise<{ ms: number; received: string }>((done, fail) => {
      const deadline = setTimeout(() => {
        clearInterval(timer);
        socket.destroy();
        fail(new Error(`the server did not close the connection within ${DEADLINE_MS} ms`));
      }, DEADLINE_MS);
      socket.once('close', () => {
        clearInterval(timer);
        clearTimeout(deadline);
        done({ ms: performance.now() - started, received });
      });
    });
    socket.on('error', () => undefined);
    socket.once('connect', () =>
      resolve({
        socket,
        closed,
        trickle: (text, everyMs) => {
          timer = setInterval(() => {
            if (!socket.destroyed) socket.write(text);
          }, everyMs);
        },
      }),
    );
    socket.once('error', reject);
  });

describe('slow and broken HTTP clients are cut off; everyone else is served', () => {
  let server: TestServer;
  let client: RawClient;

  before(async () => {
    server = await startTestServer({ timeouts: TIMEOUTS });
    client = createRawClient(server.port);
  });

  after(async () => {
    client.close();
    await server.close();
  });

  const serves = async (): Promise<void> => {
    const started = performance.now();
    assert.equal(await client.value('api.getTotalUsers', server.token), 0);
    const ms = performance.now() - started;
    assert.ok(ms < HONEST_CALL_MS, `an honest call is answered at once (took ${ms.toFixed(0)} ms)`);
  };

  it('slowloris headers (one header line at a time, never finished) are cut off by the header timeout', async () => {
    const connection = await open(server.port);
    connection.socket.write(`POST /rpc/api/xmlrpc HTTP/1.1\r\nHost: folio\r\n`);
    connection.trickle('X-Slow: 1\r\n', 100);
    const { ms } = await connection.closed;
    // Not before the header timeout (the trickle kept it busy until then), and not long after.
    assert.ok(ms >= TIMEOUTS.headersMs - 50, `closed after ${ms.toFixed(0)} ms`);
    assert.ok(ms < TIMEOUTS.headersMs + SLACK_MS, `closed after ${ms.toFixed(0)} ms`);
    await serves();
  });

  it('a body trickled a byte at a time is cut off by the request timeout', async () => {
    const connection = await open(server.port);
    connection.socket.write(
      `POST /rpc/api/xmlrpc HTTP/1.1\r\nHost: folio\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n<`,
    );
    connection.trickle('x', 100);
    const { ms } = await connection.closed;
    assert.ok(ms < TIMEOUTS.requestMs + SLACK_MS, `closed after ${ms.toFixed(0)} ms`);
    await serves();
  });

  it('a connection that never sends a byte is closed', async () => {
    const connection = await open(server.port);
    const { ms } = await connection.closed;
    assert.ok(ms < TIMEOUTS.requestMs + SLACK_MS, `closed after ${ms.toFixed(0)} ms`);
  });

  it('a body shorter than its Content-Length, then silence, is cut off', async () => {
    const connection = await open(server.port);
    const body = methodCall('api.getTotalUsers', server.token);
    connection.socket.write(
      `POST /rpc/api/xmlrpc HTTP/1.1\r\nHost: folio\r\nContent-Type: text/xml\r\nContent-Length: ${body.length + 500}\r\n\r\n${body}`,
    );
    const { ms } = await connection.closed;
    assert.ok(ms < TIMEOUTS.requestMs + SLACK_MS, `closed after ${ms.toFixed(0)} ms`);
  });

  it('a truncated body whose sender hangs up gets no reply and harms nothing', async () => {
    const connection = await open(server.port);
    connection.socket.end(
      `POST /rpc/api/xmlrpc HTTP/1.1\r\nHost: folio\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<?xml version="1.0"?><methodCall>`,
    );
    const { ms } = await connection.closed;
    assert.ok(ms < TIMEOUTS.requestMs + SLACK_MS, `closed after ${ms.toFixed(0)} ms`);
    await serves();
  });

  it('a request that is not HTTP gets 400 and a closed connection', async () => {
    for (const garbage of [
      'HELLO\r\n\r\n',
      'POST /rpc/api/xmlrpc HTTP/9.9\r\n\r\n',
      '\u0000\u0001\u0002\r\n\r\n',
    ]) {
      const connection = await open(server.port);
      connection.socket.write(garbage, 'latin1');
      const { ms, received } = await connection.closed;
      assert.match(received, /^HTTP\/1\.1 400 /, JSON.stringify(garbage));
      assert.ok(ms < SLACK_MS, `closed after ${ms.toFixed(0)} ms`);
    }
    await serves();
  });

  it('while 50 slowloris connections hang on, honest calls are answered at once', async () => {
    const attackers = await Promise.all(Array.from({ length: 50 }, () => open(server.port)));
    for (const attacker of attackers) {
      attacker.socket.write(`POST /rpc/api/xmlrpc HTTP/1.1\r\nHost: folio\r\n`);
      attacker.trickle('X-Slow: 1\r\n', 100);
    }
    for (let call = 0; call < 10; call += 1) await serves();
    const closed = await Promise.all(attackers.map((attacker) => attacker.closed));
    const longest = Math.max(...closed.map(({ ms }) => ms));
    assert.ok(
      longest < TIMEOUTS.headersMs + SLACK_MS,
      `every attacker cut off; the last after ${longest.toFixed(0)} ms`,
    );
    await serves();
  });
});
