import { Agent, request } from 'node:http';

export interface LoadOptions {
  readonly port: number;
  readonly path: string;
  /** Keep-alive clients, each with one connection and one call in flight. */
  readonly clients: number;
  /** The request body of a client's nth call; build them before the run so building costs nothing. */
  readonly body: (client: number, call: number) => Buffer;
  /** The run stops at whichever bound comes first. */
  readonly maxCalls: number;
  readonly maxSeconds: number;
}

export interface LoadResult {
  readonly calls: number;
  readonly failures: number;
  readonly seconds: number;
  readonly callsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number };
}

/** One POST on the client's keep-alive connection; resolves with the HTTP status once the reply has ended. */
const post = (agent: Agent, port: number, path: string, body: Buffer): Promise<number> =>
  new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'text/xml', 'Content-Length': body.length },
        timeout: 30_000,
      },
      (incoming) => {
        incoming.on('data', () => undefined);
        incoming.on('end', () => resolve(incoming.statusCode ?? 0));
        incoming.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('request timed out')));
    outgoing.on('error', reject);
    outgoing.end(body);
  });

const percentile = (sorted: Float64Array, fraction: number): number =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0);

/**
 * Closed-loop load on loopback: `clients` keep-alive connections, each sending its next call as soon as
 * the previous reply has ended. Replies are not decoded (that would make the generator, not the server,
 * the bottleneck on two cores); a reply other than HTTP 200 counts as a failure. Latencies are kept in a
 * preallocated array bounded by maxCalls.
 */
export const runLoad = async (options: LoadOptions): Promise<LoadResult> => {
  const latencies = new Float64Array(options.maxCalls);
  let calls = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1_000;
  const drive = async (client: number): Promise<void> => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let call = 0; calls < options.maxCalls && performance.now() < deadline; call += 1) {
        const slot = calls;
        calls += 1;
        const sent = performance.now();
        const status = await post(agent, options.port, options.path, options.body(client, call));
        latencies[slot] = performance.now() - sent;
        if (status !== 200) failures += 1;
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, client) => drive(client)));
  const seconds = (performance.now() - started) / 1_000;
  const sorted = latencies.subarray(0, calls).sort();
  return {
    calls,
    failures,
    seconds,
    callsPerSecond: calls / seconds,
    latencyMs: { p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), p99: percentile(sorted, 0.99) },
  };
};

/** One call on a fresh connection, for checking what a server answers before loading it: the reply text. */
export const probe = (port: number, path: string, body: Buffer): Promise<string> =>
  new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'Content-Type': 'text/xml', 'Content-Length': body.length },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
