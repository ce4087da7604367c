import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RPC_PATH } from '../adapters/xmlrpc/http-handler';
import { createRawClient } from '../test/support/raw-http-client';
import { decodeReply, methodCall, wire } from '../test/support/xmlrpc-wire';
import { probe } from './harness/load';
import { measure, Measurement } from './harness/measure';
import { ChildServer, startFolioServer, startReferenceServer } from './harness/servers';

/**
 * `npm run bench:rpc`: the server CPU one API call costs Folio, against two yardsticks, in one run.
 * Three servers, each in its own process on loopback: Folio (`folio serve` on a fresh data folder with
 * BENCH_USERS users), a raw Node `http` server answering a fixed reply, and the `xmlrpc` package's own
 * server answering from an in-memory map. Each is driven with a read (api.getUserAccountBalance) and a
 * write (api.adjustUserAccountBalance) by BENCH_CLIENTS keep-alive clients, BENCH_REPEATS runs of
 * BENCH_SECONDS after a warm-up, keeping the run with the least server CPU per call (the machine is shared). Prints calls/s, latency percentiles and server CPU µs per call, then the ratios.
 * BENCH_SERVERS (default `folio,raw,stock`) and BENCH_CALLS (`read,write`) pick what runs; BENCH_PROFILE_DIR=DIR profiles Folio under
 * this load and writes a .cpuprofile there (read it with dist/bench/harness/profile-summary.js).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? '2.5');
const REPEATS = Number(process.env.BENCH_REPEATS ?? '3');
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? '1.5');
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? '16');
const USERS = Number(process.env.BENCH_USERS ?? '300');
const SERVERS = (process.env.BENCH_SERVERS ?? 'folio,raw,stock').split(',');
const CALLS = (process.env.BENCH_CALLS ?? 'read,write').split(',');
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR ?? '';
/** Bounds the calls of one run whatever the machine's speed (and the latency array's size). */
const MAX_CALLS = 1_000_000;
const TOKEN = 'bench-rpc-token';

const username = (index: number): string => `bench-${index}`;
const readBodies = Array.from({ length: USERS }, (_, index) =>
  Buffer.from(methodCall('api.getUserAccountBalance', TOKEN, username(index))),
);
const writeBodies = Array.from({ length: USERS }, (_, index) =>
  Buffer.from(
    methodCall('api.adjustUserAccountBalance', TOKEN, username(index), wire.double('0.01'), 'bench'),
  ),
);
/** Clients walk the users from different starting points, so consecutive calls name different users. */
const pick =
  (bodies: readonly Buffer[]) =>
  (client: number, call: number): Buffer =>
    bodies[(client * 37 + call) % bodies.length] as Buffer;

/** Folio's users, created over the API itself so the bench depends on nothing but the wire. */
const addUsers = async (port: number): Promise<void> => {
  const creators = 8;
  await Promise.all(
    Array.from({ length: creators }, async (_, creator) => {
      const client = createRawClient(port);
      try {
        for (let index = creator; index < USERS; index += creators)
          await client.value(
            'api.addNewInternalUser',
            TOKEN,
            username(index),
            '',
            `Bench ${index}`,
            '',
            '',
            '',
          );
      } finally {
        client.close();
      }
    }),
  );
};

/** Each server must answer the read with a number before its figures mean anything. */
const checkRead = async (server: ChildServer): Promise<void> => {
  const reply = await decodeReply(await probe(server.port, RPC_PATH, readBodies[0] as Buffer));
  if (reply.kind !== 'value' || typeof reply.value !== 'number')
    throw new Error(`${server.name} did not answer the read with a number: ${JSON.stringify(reply)}`);
};

const startServer = async (name: string, dataDir: string): Promise<ChildServer> => {
  if (name === 'folio') {
    const server = await startFolioServer(dataDir, TOKEN, PROFILE_DIR);
    await addUsers(server.port);
    return server;
  }
  if (name === 'raw' || name === 'stock') return startReferenceServer(name);
  throw new Error(`unknown server '${name}' in BENCH_SERVERS (folio, raw, stock)`);
};

const row = (server: string, call: string, result: Measurement): string =>
  [
    server.padEnd(6),
    call.padEnd(6),
    result.callsPerSecond.toFixed(0).padStart(8),
    result.serverCpuMicrosPerCall.toFixed(1).padStart(10),
    result.serverCores.toFixed(2).padStart(6),
    result.latencyMs.p50.toFixed(2).padStart(7),
    result.latencyMs.p90.toFixed(2).padStart(7),
    result.latencyMs.p99.toFixed(2).padStart(7),
    String(result.failures).padStart(6),
  ].join(' ');

const main = async (): Promise<void> => {
  console.log(
    `bench:rpc — ${CLIENTS} keep-alive clients on loopback, best of ${REPEATS} runs of ${SECONDS} s after ${WARM_UP_SECONDS} s warm-up, Folio with ${USERS} users`,
  );
  console.log('server call   calls/s  cpu µs/call  cores  p50 ms  p90 ms  p99 ms  fails');
  const figures = new Map<string, Measurement>();
  for (const name of SERVERS) {
    const dataDir = mkdtempSync(join(tmpdir(), 'folio-bench-rpc-'));
    const server = await startServer(name, dataDir);
    try {
      await checkRead(server);
      for (const [call, bodies] of [
        ['read', readBodies],
        ['write', writeBodies],
      ] as const) {
        if (!CALLS.includes(call)) continue;
        const result = await measure(
          server,
          { path: RPC_PATH, clients: CLIENTS, body: pick(bodies), maxCalls: MAX_CALLS, maxSeconds: SECONDS },
          WARM_UP_SECONDS,
          REPEATS,
        );
        figures.set(`${name} ${call}`, result);
        console.log(row(name, call, result));
      }
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  for (const call of ['read', 'write']) {
    const folio = figures.get(`folio ${call}`)?.serverCpuMicrosPerCall;
    const raw = figures.get(`raw ${call}`)?.serverCpuMicrosPerCall;
    const stock = figures.get(`stock ${call}`)?.serverCpuMicrosPerCall;
    if (folio === undefined) continue;
    const parts = [
      raw === undefined ? null : `Folio/raw CPU ${(folio / raw).toFixed(2)}× (target ≤ 2)`,
      stock === undefined ? null : `stock/Folio CPU ${(stock / folio).toFixed(2)}× (target ≥ 1.5)`,
    ].filter((part) => part !== null);
    if (parts.length > 0) console.log(`${call.padEnd(5)}: ${parts.join(', ')}`);
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
