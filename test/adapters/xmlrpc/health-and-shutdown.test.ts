import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { connect, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Folio } from '../../../application/folio';
import { createFolio } from '../../../application/folio';
import { silentLogger } from '../../../adapters/log';
import { createMemoryEventStore } from '../../../adapters/store/memory';
import { checkReadiness } from '../../../adapters/xmlrpc/health';
import { RunningServer, startXmlRpcServer } from '../../../adapters/xmlrpc/server';
import { startTestServer, TestServer } from '../../support/xmlrpc-server';
import { methodCall, wire } from '../../support/xmlrpc-wire';

const TOKEN = 'health-test-token';

const getHealth = (
  port: number,
  agent?: import('node:http').Agent,
): Promise<{ status: number; body: unknown }> =>
  new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, path: '/health', method: 'GET', ...(agent ? { agent } : {}) },
      (incoming) => {
        let text = '';
        incoming.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, body: JSON.parse(text) as unknown }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });

describe('GET /health reports readiness', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });

  after(() => server.close());

  it('ready when the store answers and the read models hold every event', async () => {
    const health = await getHealth(server.port);
    assert.equal(health.status, 200);
    const body = health.body as { status: string; head: number; folded: number; behind: number };
    assert.equal(body.status, 'ready');
    assert.equal(body.behind, 0, 'the read models hold the head');
    assert.equal(body.folded, body.head);
  });

  it('503 once the read models cannot fold the log', async () => {
    // An event the codecs refuse, written behind the application's back, stops the projections.
    await server.store.append('user-broken', 'any', [
      {
        eventId: randomUUID(),
        type: 'UserCreated',
        version: 1,
        data: { not: 'a user' },
        metadata: { actor: 'test', method: 'test', correlationId: 'test' },
        recordedAt: new Date().toISOString(),
      },
    ]);
    const health = await getHealth(server.port);
    assert.equal(health.status, 503);
    const body = health.body as { status: string; reason: string; behind: number };
    assert.deepEqual([body.status, body.reason], ['unavailable', 'read-models-failed']);
    assert.ok(body.behind >= 1, 'the event that could not be folded is behind');
  });

  it('not ready while catching up, or when the store does not answer', async () => {
    const folio = createFolio({ store: createMemoryEventStore() });
    const lagging: Folio = {
      ...folio,
      storeStatus: { ...folio.storeStatus, headPosition: async () => 42 },
      projections: { ...folio.projections, waitFor: () => new Promise<void>(() => undefined) },
    };
    assert.deepEqual(await checkReadiness(lagging, () => false, 50), {
      ready: false,
      reason: 'catching-up',
      head: 42,
      folded: 0,
    });
    const storeDown: Folio = {
      ...folio,
      storeStatus: {
        ...folio.storeStatus,
        headPosition: () => Promise.reject(new Error('The database connection is not open')),
      },
    };
    assert.deepEqual(await checkReadiness(storeDown, () => false, 50), {
      ready: false,
      reason: 'store-unavailable',
    });
    assert.deepEqual(await checkReadiness(folio, () => true, 50), { ready: false, reason: 'stopping' });
    assert.deepEqual(await checkReadiness(folio, () => false, 50), { ready: true, head: 0, folded: 0 });
  });
});

/** A raw connection that sends a call's headers and the first half of its body, and the rest on demand. */
const halfSentCall = async (port: number, body: string) => {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('utf8')));
  socket.on('error', (error) => (received += `[${error.message}]`));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const bytes = Buffer.from(body, 'utf8');
  const half = Math.floor(bytes.length / 2);
  socket.write(
    `POST /rpc/api/xmlrpc HTTP/1.1\r\nHost: folio\r\nContent-Type: text/xml\r\nContent-Length: ${bytes.length}\r\n\r\n`,
  );
  socket.write(bytes.subarray(0, half));
  return {
    finish: async (): Promise<string> => {
      socket.write(bytes.subarray(half));
      await closed;
      return received;
    },
  };
};

describe('graceful stop of the server', () => {
  it('stops accepting, closes idle connections, finishes the call in flight (closing its connection), then closes', async () => {
    const folio = createFolio({ store: createMemoryEventStore() });
    await folio.start();
    const running: RunningServer = await startXmlRpcServer({
      folio,
      log: silentLogger(),
      port: 0,
      host: '127.0.0.1',
      startupTokens: [TOKEN],
    });
    const port = running.port ?? 0;
    const created = await folio.services.users.addNewInternalUser(
      { actor: 'test', method: 'test', correlationId: 'test' },
      { username: 'alice', password: 'pw', fullName: 'Alice', email: '', cardId: '', pin: '' },
    );
    assert.equal(created._tag, 'Right');
    const { Agent } = await import('node:http');
    const idle = new Agent({ keepAlive: true, maxSockets: 1 });
    assert.equal((await getHealth(port, idle)).status, 200, 'a keep-alive connection, now idle');

    const slow = await halfSentCall(
      port,
      methodCall('api.adjustUserAccountBalance', TOKEN, 'alice', wire.double('7.25'), 'in flight'),
    );
    await new Promise((resolve) => setTimeout(resolve, 100)); // the server has read the headers: the call is in flight
    let closed = false;
    const closing = running.close(10_000).then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 100));

    await assert.rejects(getHealth(port), /ECONNREFUSED/, 'no new connections');
    assert.equal(closed, false, 'the call in flight holds the stop');
    const reply = await slow.finish();
    assert.match(reply, /^HTTP\/1\.1 200 /);
    assert.match(reply, /Connection: close/i);
    assert.match(reply, /<boolean>1<\/boolean>/);
    await closing;
    assert.deepEqual(folio.services.balances.getUserAccountBalance('alice', ''), {
      _tag: 'Right',
      right: 7_250_000n,
    });
    idle.destroy();
    await folio.stop();
  });
});
