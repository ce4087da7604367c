import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, TestContext } from 'node:test';
import { createRawClient, RawClient, RawResponse } from '../../support/raw-http-client';
import { startTestServer, TestServer } from '../../support/xmlrpc-server';
import { decodeReply } from '../../support/xmlrpc-wire';

export const MB = 1024 * 1024;

export let server: TestServer;
export let client: RawClient;

/**
 * Hostile and broken requests: each gets a fault (HTTP 200) or a 4xx, never a crash or a hang, and the
 * next call on the same keep-alive connection is answered as if nothing had happened. Call this inside the
 * describe: one server and one keep-alive client serve all of its tests.
 */
export const useKeepAliveServer = (): void => {
  before(async () => {
    server = await startTestServer();
    client = createRawClient(server.port);
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
};

export const thenNextCallWorks = async (hostile: RawResponse): Promise<void> => {
  const next = await client.call('api.isUserExists', server.token, 'alice');
  assert.deepEqual(next.reply, { kind: 'value', value: true });
  assert.equal(next.response.connection, hostile.connection, 'the next call uses the same connection');
};

/** Sends a body that must be answered by a fault with HTTP 200; returns the fault text. */
export const expectFault = async (body: string | Buffer, pattern: RegExp): Promise<RawResponse> => {
  const response = await client.send(body);
  assert.equal(response.status, 200, response.text.slice(0, 300));
  const reply = await decodeReply(response.text);
  assert.equal(reply.kind, 'fault', response.text.slice(0, 300));
  if (reply.kind === 'fault') {
    assert.equal(typeof reply.faultCode, 'number');
    assert.match(reply.faultString, pattern);
  }
  return response;
};

export const timed = async <T>(t: TestContext, label: string, work: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await work();
  t.diagnostic(`${label}: ${(performance.now() - started).toFixed(0)} ms`);
  return result;
};
