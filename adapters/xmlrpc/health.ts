import { IncomingMessage, ServerResponse } from 'node:http';
import { Folio } from '../../application/folio';
import { StoreDurability } from '../store/port';

/** How far the read models are behind the log, when the store answered: positions, not events. */
export interface LogLag {
  readonly head?: number;
  readonly folded?: number;
}

export type Readiness = LogLag &
  (
    | { readonly ready: true }
    | {
        readonly ready: false;
        readonly reason:
          | 'stopping'
          | 'store-unavailable'
          | 'read-models-failed'
          | 'catching-up'
          | Extract<StoreDurability, { durable: false }>['reason'];
      }
  );

/** How long a health probe waits for the read models to reach the store's head before saying "not yet". */
export const READINESS_WAIT_MS = 2_000;

/**
 * Ready means: the server is not stopping, the store can make writes durable and answers, and the read models have folded every
 * event the store holds (so a query sees every acknowledged write). A load balancer sends traffic
 * only while this holds.
 */
export const checkReadiness = async (
  folio: Folio,
  stopping: () => boolean,
  waitMs: number = READINESS_WAIT_MS,
): Promise<Readiness> => {
  if (stopping()) return { ready: false, reason: 'stopping' };
  // Writes that cannot be made durable (a full disk, damaged files): a load balancer must send none.
  const durability = folio.storeStatus.durability();
  if (durability !== undefined && !durability.durable) return { ready: false, reason: durability.reason };
  let head: number;
  try {
    head = await folio.storeStatus.headPosition();
  } catch {
    return { ready: false, reason: 'store-unavailable' };
  }
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    folio.projections.waitFor(head).then(
      () => 'caught-up' as const,
      () => 'failed' as const,
    ),
    new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), waitMs);
    }),
  ]);
  clearTimeout(timer);
  const lag = { head, folded: folio.models.position() };
  if (outcome === 'caught-up')
    return stopping() ? { ready: false, reason: 'stopping', ...lag } : { ready: true, ...lag };
  return { ready: false, reason: outcome === 'failed' ? 'read-models-failed' : 'catching-up', ...lag };
};

/**
 * GET/HEAD /health: 200 `{"status":"ready"}`, or 503 with the reason; both with the log's head position,
 * the position the read models have folded and how far behind that is. Says nothing else about the site.
 */
export const healthRoute =
  (readiness: () => Promise<Readiness>) =>
  async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    request.resume();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const body = 'Use GET for /health\n';
      response.writeHead(405, {
        Allow: 'GET, HEAD',
        'Content-Type': 'text/plain',
        'Content-Length': body.length,
      });
      response.end(body);
      return;
    }
    const state = await readiness();
    const lag =
      state.head === undefined || state.folded === undefined
        ? {}
        : { head: state.head, folded: state.folded, behind: Math.max(0, state.head - state.folded) };
    const body = JSON.stringify(
      state.ready ? { status: 'ready', ...lag } : { status: 'unavailable', reason: state.reason, ...lag },
    );
    if (response.headersSent || response.destroyed) return;
    response.writeHead(state.ready ? 200 : 503, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
