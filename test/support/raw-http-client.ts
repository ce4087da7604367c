import assert from 'node:assert/strict';
import { Agent, IncomingHttpHeaders, request } from 'node:http';
import { Socket } from 'node:net';
import { decodeReply, DecodedReply, methodCall, WireParam } from './xmlrpc-wire';

export const RPC_PATH = '/rpc/api/xmlrpc';

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly text: string;
  /** Which TCP connection carried the exchange: equal numbers mean the same keep-alive socket. */
  readonly connection: number;
}

export interface SendOptions {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Send the body with chunked transfer encoding (no Content-Length), in 1 MiB pieces. */
  readonly chunked?: boolean;
  readonly timeoutMs?: number;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
/** Characters XML 1.0 does not allow (escaped or not), written independently of the server's own list. */
const XML_INVALID_CHARACTER =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CHARACTER_REFERENCE = /&#(x[0-9a-fA-F]+|\d+);/g;

const referencedCharacter = (reference: string): string => {
  const code = reference.startsWith('x') ? parseInt(reference.slice(1), 16) : Number(reference);
  return code > 0x10ffff ? '\uFFFF' : String.fromCodePoint(code);
};

/**
 * What every reply Folio sends must satisfy, whatever was asked: a Content-Length (Python's client
 * cannot reuse a connection without one), and in XML bodies no `<nil/>`, no `<i8>`, no `<int>` beyond
 * 32 bits (Ruby, Java and .NET clients fail on them), no character XML forbids, and strings untyped.
 */
export const assertReplyInvariants = (response: RawResponse): void => {
  const length = response.headers['content-length'];
  assert.ok(length !== undefined, `HTTP ${response.status} reply without Content-Length`);
  assert.equal(Number(length), response.body.length, 'Content-Length matches the body');
  if (!String(response.headers['content-type'] ?? '').startsWith('text/xml')) return;
  const text = response.text;
  assert.doesNotMatch(text, /<nil/i, 'a reply never holds <nil/>');
  assert.doesNotMatch(text, /<i8/i, 'a reply never holds <i8>');
  assert.doesNotMatch(text, /<string>/, 'strings go untyped, as the product sends them');
  for (const match of text.matchAll(/<(int|i4)>([^<]*)<\/\1>/g)) {
    const value = Number(match[2]);
    assert.ok(
      Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX,
      `<${match[1]}>${match[2]}</${match[1]}> is a 32-bit int`,
    );
  }
  assert.doesNotMatch(text, XML_INVALID_CHARACTER, 'no character XML forbids');
  for (const match of text.matchAll(CHARACTER_REFERENCE))
    assert.doesNotMatch(referencedCharacter(match[1] ?? ''), XML_INVALID_CHARACTER, `${match[0]} is allowed`);
};

export interface RawClient {
  /** One HTTP exchange on the client's single keep-alive connection; every reply is checked. */
  send(body: string | Buffer, options?: SendOptions): Promise<RawResponse>;
  /** A methodCall whose reply, fault or not, must come back with HTTP 200. */
  call(method: string, ...params: readonly (WireParam | string)[]): Promise<CallOutcome>;
  /** A call that must succeed: its decoded value. */
  value(method: string, ...params: readonly (WireParam | string)[]): Promise<unknown>;
  /** A call that must fail: its fault. */
  fault(
    method: string,
    ...params: readonly (WireParam | string)[]
  ): Promise<{ faultCode: number; faultString: string }>;
  close(): void;
}

export interface CallOutcome {
  readonly response: RawResponse;
  readonly reply: DecodedReply;
}

class StaleConnectionError extends Error {
  constructor(readonly reset: Error) {
    super(`the kept-alive connection was closed under the request: ${reset.message}`);
  }
}

/**
 * A tiny HTTP client on one keep-alive connection (an Agent with a single socket), so a test can
 * send something hostile and then check that the next call on the same connection still works.
 */
export const createRawClient = (port: number): RawClient => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const socketIds = new WeakMap<Socket, number>();
  let nextSocketId = 1;

  /**
   * Sends once more on a fresh connection when a kept-alive one turned out to be closed by the server
   * just as the request went out (its idle timeout raced the request on a loaded machine): the server
   * read nothing of it, so nothing was done twice. Node's own advice for `reusedSocket`.
   */
  const send = async (body: string | Buffer, options: SendOptions = {}): Promise<RawResponse> => {
    try {
      return await sendOnce(body, options);
    } catch (error) {
      if (!(error instanceof StaleConnectionError)) throw error;
      return sendOnce(body, options);
    }
  };

  const sendOnce = (body: string | Buffer, options: SendOptions): Promise<RawResponse> =>
    new Promise((resolve, reject) => {
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      const headers: Record<string, string | number> = { 'Content-Type': 'text/xml', ...options.headers };
      if (!options.chunked) headers['Content-Length'] = bytes.length;
      let connection = 0;
      const outgoing = request(
        {
          host: '127.0.0.1',
          port,
          agent,
          method: options.method ?? 'POST',
          path: options.path ?? RPC_PATH,
          headers,
          timeout: options.timeoutMs ?? 30_000,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => {
            const received = Buffer.concat(chunks);
            const response: RawResponse = {
              status: incoming.statusCode ?? 0,
              headers: incoming.headers,
              body: received,
              text: received.toString('utf8'),
              connection,
            };
            try {
              assertReplyInvariants(response);
              resolve(response);
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          });
        },
      );
      outgoing.on('socket', (socket: Socket) => {
        if (!socketIds.has(socket)) socketIds.set(socket, nextSocketId++);
        connection = socketIds.get(socket) ?? 0;
      });
      outgoing.on('timeout', () => outgoing.destroy(new Error('request timed out')));
      outgoing.on('error', (error: NodeJS.ErrnoException) =>
        reject(
          outgoing.reusedSocket && error.code === 'ECONNRESET' && connection !== 0
            ? new StaleConnectionError(error)
            : error,
        ),
      );
      if (options.chunked) {
        const piece = 1024 * 1024;
        for (let offset = 0; offset < bytes.length; offset += piece)
          outgoing.write(bytes.subarray(offset, offset + piece));
        outgoing.end();
      } else outgoing.end(bytes);
    });

  const call = async (method: string, ...params: readonly (WireParam | string)[]): Promise<CallOutcome> => {
    const response = await send(methodCall(method, ...params));
    assert.equal(
      response.status,
      200,
      `${method}: HTTP 200, faults included: ${response.text.slice(0, 300)}`,
    );
    return { response, reply: await decodeReply(response.text) };
  };

  return {
    send,
    call,
    value: async (method, ...params) => {
      const { reply } = await call(method, ...params);
      if (reply.kind === 'fault') assert.fail(`${method} faulted: ${reply.faultCode} ${reply.faultString}`);
      return reply.value;
    },
    fault: async (method, ...params) => {
      const { reply } = await call(method, ...params);
      if (reply.kind !== 'fault')
        return assert.fail(`${method} should fault, got ${JSON.stringify(reply.value)}`);
      return { faultCode: reply.faultCode, faultString: reply.faultString };
    },
    close: () => agent.destroy(),
  };
};
