import { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from '../log';
import { AllowList } from './allow-list';
import { CallResult, Dispatcher } from './dispatch';
import { Fault, malformedRequest, PROTOCOL_FAULTS, requestTooLarge } from './faults';
import { parseMethodCall } from './parse-call';
import { writeFault, writeResponse } from './codec/write-reply';

export const RPC_PATH = '/rpc/api/xmlrpc';
/** Largest request body read; the API's calls are a few kilobytes. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Bodies above the cap are read and dropped up to this size so the connection stays usable; beyond it, it is closed. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/** The reply of last resort: fixed bytes that cannot fail to serialise. */
const FALLBACK_FAULT = writeFault(900, 'Internal error: the reply could not be encoded.');

const encodeFault = (fault: Fault): string => writeFault(fault.faultCode, fault.faultString);

const encode = (result: CallResult): string => {
  try {
    return 'fault' in result ? encodeFault(result.fault) : writeResponse(result.reply);
  } catch {
    return FALLBACK_FAULT;
  }
};

const send = (response: ServerResponse, status: number, body: string, contentType = 'text/xml'): void => {
  if (response.headersSent) return;
  const bytes = Buffer.from(body, 'utf8');
  // Always a Content-Length: Python's client cannot reuse a connection after a reply without one.
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': bytes.length });
  response.end(bytes);
};

export interface HandlerOptions {
  readonly dispatch: Dispatcher;
  readonly allowList: () => AllowList;
  readonly log: Logger;
  readonly maxBodyBytes?: number;
  /** Extra plain-HTTP routes (the health check), answered before the RPC path. */
  readonly routes?: Readonly<
    Record<string, (request: IncomingMessage, response: ServerResponse) => void | Promise<void>>
  >;
}

/**
 * The HTTP side of the API, owned by Folio rather than the xmlrpc package: one POST path, the
 * allow-list checked before a byte of the body is read, a hard body cap, and faults always as
 * HTTP 200 with a Content-Length.
 */
export const createRpcHandler = (options: HandlerOptions) => {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const readBody = (request: IncomingMessage): Promise<Buffer | 'too-large'> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBody) {
          tooLarge = true;
          chunks.length = 0;
          if (size > MAX_DRAIN_BYTES) request.destroy();
          return;
        }
        chunks.push(chunk);
      });
      request.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
      request.on('error', reject);
      request.on('close', () => {
        if (!request.complete) reject(new Error('request closed before its body ended'));
      });
    });

  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    const route = options.routes?.[path];
    if (route !== undefined) return route(request, response);
    if (path !== RPC_PATH) {
      request.resume();
      return send(response, 404, 'Not found\n', 'text/plain');
    }
    if (request.method !== 'POST') {
      request.resume();
      response.setHeader('Allow', 'POST');
      return send(response, 405, 'Use POST for XML-RPC calls\n', 'text/plain');
    }
    const ip = request.socket.remoteAddress ?? '';
    if (!options.allowList().allows(ip)) {
      options.log.warn({ event: 'address-refused', ip }, 'address not allowed');
      request.resume();
      return send(response, 200, encodeFault(PROTOCOL_FAULTS.accessDenied));
    }
    const declared = Number(request.headers['content-length'] ?? '0');
    if (declared > MAX_DRAIN_BYTES) {
      response.setHeader('Connection', 'close');
      send(response, 413, encodeFault(requestTooLarge(maxBody)));
      request.destroy();
      return;
    }
    let body: Buffer | 'too-large';
    try {
      body = await readBody(request);
    } catch {
      return;
    }
    if (body === 'too-large') return send(response, 413, encodeFault(requestTooLarge(maxBody)));
    const call = parseMethodCall(body);
    if (call._tag === 'Left') return send(response, 200, encodeFault(malformedRequest(call.left.reason)));
    const result = await options.dispatch(call.right, { ip, connection: request.socket });
    send(response, 200, encode(result));
  };
};
