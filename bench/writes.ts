import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { methodCall, wire } from '../test/support/xmlrpc-wire';
import { cpuMicros, mainThreadCpuMicros } from './harness/child-cpu';
import { LoadResult, probe, runLoad } from './harness/load';
import { ChildReport, ParentRequest } from './writes-protocol';

/**
 * `npm run bench:writes`: durable balance adjustments on loopback, Folio against a naive durable peer
 * (the stock `xmlrpc` server committing one SQLite transaction per call), each server in a child
 * process of its own and the load in this one. One hot account (every call adjusts the same user)
 * and 64 spread accounts, with 16 and 64 keep-alive clients; then Folio's read rate with 16 clients.
 * Prints calls/s, commits and refused appends per acknowledged write (each server counts its durable transactions and
 * reports them over IPC), p99 latency, and the ratios. BENCH_SECONDS (default 6) per measured run,
 * after BENCH_WARMUP_SECONDS (1.5); BENCH_PROFILE=DIR runs Folio under --cpu-prof into DIR;
 * BENCH_SCENARIOS picks scenarios (see below); BENCH_NAIVE=skip measures Folio alone,
 * BENCH_READS=skip its writes alone.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? '6');
const WARM_UP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? '1.5');
const PROFILE_DIR = process.env.BENCH_PROFILE;
const TOKEN = 'bench-token';
const SPREAD_ACCOUNTS = 64;
/** bench-0 is the hot account; bench-1…bench-64 are the spread ones. */
const USERS = SPREAD_ACCOUNTS + 1;
const RPC_PATH = '/rpc/api/xmlrpc';
/** Bounds the latency array of a run; far above what two cores reach in one run. */
const MAX_CALLS = 2_000_000;
const STARTUP_TIMEOUT_MS = 60_000;

interface ChildServer {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  statistics(): Promise<Extract<ChildReport, { kind: 'statistics' }>>;
  stop(): Promise<void>;
}

const startChild = async (
  name: string,
  script: string,
  args: string[],
  execArgv: string[] = [],
): Promise<ChildServer> => {
  const child: ChildProcess = fork(join(__dirname, script), args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
  });
  const send = (message: ParentRequest): void => void child.send(message);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const next = <K extends ChildReport['kind']>(kind: K, timeoutMs: number) =>
    new Promise<Extract<ChildReport, { kind: K }>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name}: no '${kind}' within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onMessage = (message: ChildReport): void => {
        if (message.kind !== kind) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(message as Extract<ChildReport, { kind: K }>);
      };
      child.on('message', onMessage);
      void exited.then((code) => reject(new Error(`${name} exited (${String(code)})`)));
    });
  const { port } = await next('ready', STARTUP_TIMEOUT_MS);
  return {
    name,
    pid: child.pid ?? 0,
    port,
    statistics: () => {
      const reply = next('statistics', 10_000);
      send({ kind: 'statistics' });
      return reply;
    },
    stop: async () => {
      send({ kind: 'stop' });
      await exited;
    },
  };
};

const adjustBodies = Array.from({ length: USERS }, (_, index) =>
  Buffer.from(
    methodCall('api.adjustUserAccountBalance', TOKEN, `bench-${index}`, wire.double('0.01'), 'bench'),
  ),
);
const balanceBodies = Array.from({ length: USERS }, (_, index) =>
  Buffer.from(methodCall('api.getUserAccountBalance', TOKEN, `bench-${index}`)),
);
type Shape = 'hot' | 'spread';
/** The spread shape walks the 64 accounts, each client from its own starting point. */
const userFor = (shape: Shape, client: number, call: number): number =>
  shape === 'hot' ? 0 : 1 + ((client * 7 + call) % SPREAD_ACCOUNTS);

interface Run extends LoadResult {
  readonly commitsPerWrite: number;
  /** Appends the store refused per acknowledged write: decisions that lost a race and were made again. */
  readonly refusedPerWrite: number;
  /** The server process's CPU time (all its threads) per call, read from /proc. */
  readonly cpuMicrosPerCall: number;
  /** The part of it spent on the main thread (the event loop; not the writer thread, GC helpers, libuv's pool). */
  readonly mainThreadCpuMicrosPerCall: number;
}

const measure = async (server: ChildServer, shape: Shape, clients: number, read = false): Promise<Run> => {
  const bodies = read ? balanceBodies : adjustBodies;
  const load = {
    port: server.port,
    path: RPC_PATH,
    clients,
    body: (client: number, call: number) => bodies[userFor(shape, client, call)] ?? Buffer.alloc(0),
    maxCalls: MAX_CALLS,
  };
  await runLoad({ ...load, maxSeconds: WARM_UP_SECONDS });
  const before = await server.statistics();
  const cpuBefore = cpuMicros(server.pid);
  const mainCpuBefore = mainThreadCpuMicros(server.pid);
  const result = await runLoad({ ...load, maxSeconds: SECONDS });
  const cpu = cpuMicros(server.pid) - cpuBefore;
  const mainCpu = mainThreadCpuMicros(server.pid) - mainCpuBefore;
  const after = await server.statistics();
  const acknowledged = result.calls - result.failures;
  return {
    ...result,
    cpuMicrosPerCall: result.calls === 0 ? 0 : cpu / result.calls,
    mainThreadCpuMicrosPerCall: result.calls === 0 ? 0 : mainCpu / result.calls,
    commitsPerWrite: read || acknowledged === 0 ? 0 : (after.commits - before.commits) / acknowledged,
    refusedPerWrite: read || acknowledged === 0 ? 0 : (after.refused - before.refused) / acknowledged,
  };
};

/** A server that answers the bench's calls with faults would be measured doing nothing: check first. */
const checkAnswers = async (server: ChildServer): Promise<void> => {
  for (const body of [adjustBodies[0], balanceBodies[1]]) {
    const reply = await probe(server.port, RPC_PATH, body ?? Buffer.alloc(0));
    if (reply.includes('<fault>')) throw new Error(`${server.name} answered with a fault: ${reply}`);
  }
};

const ALL_SCENARIOS: readonly { shape: Shape; clients: number }[] = [
  { shape: 'hot', clients: 16 },
  { shape: 'hot', clients: 64 },
  { shape: 'spread', clients: 16 },
  { shape: 'spread', clients: 64 },
];
/** BENCH_SCENARIOS=hot/16,spread/64 runs only those (for profiling one shape); all four by default. */
const SCENARIOS = ALL_SCENARIOS.filter(
  ({ shape, clients }) =>
    process.env.BENCH_SCENARIOS === undefined ||
    process.env.BENCH_SCENARIOS.split(',').includes(`${shape}/${clients}`),
);

const runAll = async (server: ChildServer): Promise<Run[]> => {
  await checkAnswers(server);
  const runs: Run[] = [];
  for (const { shape, clients } of SCENARIOS) runs.push(await measure(server, shape, clients));
  return runs;
};

const fixed = (value: number, digits: number, width: number): string => value.toFixed(digits).padStart(width);

const main = async (): Promise<void> => {
  const started = Date.now();
  const folder = mkdtempSync(join(tmpdir(), 'folio-bench-writes-'));
  try {
    process.stdout.write(
      `durable writes (api.adjustUserAccountBalance) on loopback: ${SECONDS} s per run after ${WARM_UP_SECONDS} s warm-up, SQLite WAL synchronous=FULL\n`,
    );
    const folio = await startChild(
      'Folio',
      'writes-folio.js',
      [join(folder, 'folio'), TOKEN, String(USERS)],
      PROFILE_DIR === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`],
    );
    const folioRuns = await runAll(folio);
    const reads = process.env.BENCH_READS === 'skip' ? undefined : await measure(folio, 'spread', 16, true);
    await folio.stop();
    const naiveRuns: Run[] = [];
    if (process.env.BENCH_NAIVE !== 'skip') {
      const naive = await startChild('naive', 'writes-naive.js', [folder, String(USERS)]);
      naiveRuns.push(...(await runAll(naive)));
      await naive.stop();
    }

    const header =
      'accounts  clients | server   calls/s  commits/write  refused/write  p99 ms  CPU µs/call (main) | Folio/naive calls/s  p99';
    const row = (label: string, name: string, run: Run, ratio: string): string =>
      `${label} | ${name.padEnd(6)} ${fixed(run.callsPerSecond, 0, 9)} ${fixed(run.commitsPerWrite, 3, 14)} ${fixed(run.refusedPerWrite, 3, 14)} ${fixed(run.latencyMs.p99, 1, 7)} ${fixed(run.cpuMicrosPerCall, 0, 12)} ${`(${run.mainThreadCpuMicrosPerCall.toFixed(0)})`.padStart(6)} | ${ratio}`.trimEnd() +
      (run.failures > 0 ? `  (${run.failures} HTTP failures)` : '');
    const lines = SCENARIOS.flatMap(({ shape, clients }, index) => {
      const f = folioRuns[index];
      const n = naiveRuns[index];
      if (f === undefined) return [];
      const label = `${(shape === 'hot' ? '1 hot' : '64 spread').padEnd(9)} ${String(clients).padStart(7)}`;
      if (n === undefined) return [row(label, 'Folio', f, '')];
      const ratio = `${fixed(f.callsPerSecond / n.callsPerSecond, 2, 18)}× ${fixed(f.latencyMs.p99 / n.latencyMs.p99, 2, 5)}×`;
      return [row(label, 'Folio', f, ratio), row(' '.repeat(label.length), 'naive', n, '')];
    });
    const writesWith16Clients = (wanted: Shape): number =>
      folioRuns[SCENARIOS.findIndex(({ shape, clients }) => shape === wanted && clients === 16)]
        ?.callsPerSecond ?? Number.NaN;
    process.stdout.write(
      [
        '',
        'naive = the stock xmlrpc server, one SQLite transaction (one fsync) per call on its event loop',
        header,
        ...lines,
        '',
        ...(reads === undefined
          ? []
          : [
              `Folio reads (api.getUserAccountBalance, 64 accounts, 16 clients): ${reads.callsPerSecond.toFixed(0)} calls/s, p99 ${reads.latencyMs.p99.toFixed(1)} ms, ${reads.cpuMicrosPerCall.toFixed(0)} CPU µs/call (main thread ${reads.mainThreadCpuMicrosPerCall.toFixed(0)})`,
              `Folio write/read calls/s, 16 clients: 1 hot account ${(writesWith16Clients('hot') / reads.callsPerSecond).toFixed(2)}, 64 spread accounts ${(writesWith16Clients('spread') / reads.callsPerSecond).toFixed(2)}`,
            ]),
        `whole run: ${((Date.now() - started) / 1_000).toFixed(0)} s`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
