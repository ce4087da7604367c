import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFolio } from '../application/folio';
import { silentLogger } from '../adapters/log';
import { EVENTS_FILE, SNAPSHOT_FILE } from '../adapters/store/open';
import { openSqliteEventStore } from '../adapters/store/sqlite';
import { startXmlRpcServer } from '../adapters/xmlrpc/server';

/**
 * `npm run bench:memory`: the server (embedded store, as `folio serve` runs it) in this process, and
 * sustained load from a second process. Prints heap and RSS over time (after a forced GC when run
 * with --expose-gc, as the npm script does) and the ratio of the last sample to the first one after
 * warm-up. BENCH_SECONDS (default 120), BENCH_CONCURRENCY (16), BENCH_SAMPLE_SECONDS (10), BENCH_MIX
 * (`mixed`, or `read-only` to tell growth caused by traffic from growth of the ledger).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? '120');
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? '16');
const SAMPLE_SECONDS = Number(process.env.BENCH_SAMPLE_SECONDS ?? '10');
/** 'mixed' (reads, writes and faults) or 'read-only' (no writes: the ledger does not grow). */
const MIX = process.env.BENCH_MIX ?? 'mixed';
const USERS = 200;
const TOKEN = 'bench-token';
const ADMIN = { actor: 'bench', method: 'bench', correlationId: 'bench' };
const MB = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;
const sample = () => {
  gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
};

const main = async (): Promise<void> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'folio-bench-memory-'));
  const store = openSqliteEventStore(join(dataDir, EVENTS_FILE));
  const folio = createFolio({ store, snapshotPath: join(dataDir, SNAPSHOT_FILE) });
  await folio.start();
  for (let index = 0; index < USERS; index += 1)
    await folio.services.users.addNewInternalUser(ADMIN, {
      username: `load-${index}`,
      password: '',
      fullName: `Load ${index}`,
      email: '',
      cardId: '',
      pin: '',
    });
  const server = await startXmlRpcServer({
    folio,
    log: silentLogger(),
    port: 0,
    host: '127.0.0.1',
    startupTokens: [TOKEN],
    // The driver sends a bad token on purpose; throttling would turn the rest of its calls into refusals.
    authThrottle: { maxFailures: 0, windowMs: 1, blockMs: 0 },
  });
  const driver = spawn(
    process.execPath,
    [
      join(__dirname, 'load-driver.js'),
      String(server.port),
      TOKEN,
      String(SECONDS),
      String(CONCURRENCY),
      String(USERS),
      MIX,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let driverOutput = '';
  driver.stdout.on('data', (chunk: Buffer) => (driverOutput += chunk.toString('utf8')));
  const finished = new Promise<void>((resolve) => driver.once('exit', () => resolve()));

  process.stdout.write(
    `memory under sustained load: ${SECONDS} s, ${CONCURRENCY} clients in a second process, ${MIX} calls${gc ? '' : ' (run with --expose-gc for post-GC figures)'}\n`,
  );
  process.stdout.write('     s   events   heap MB    RSS MB\n');
  const started = Date.now();
  const samples: { seconds: number; heapUsed: number; rss: number; events: number }[] = [];
  let done = false;
  void finished.then(() => (done = true));
  while (!done) {
    await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, SAMPLE_SECONDS * 1_000))]);
    const now = {
      seconds: Math.round((Date.now() - started) / 1_000),
      ...sample(),
      events: await store.headPosition(),
    };
    samples.push(now);
    process.stdout.write(
      `${String(now.seconds).padStart(6)} ${String(now.events).padStart(8)} ${(now.heapUsed / MB).toFixed(1).padStart(9)} ${(now.rss / MB).toFixed(1).padStart(9)}\n`,
    );
  }
  const calls = Number(driverOutput.trim());
  // The first sample is after warm-up (JIT, caches, the first snapshot); compare the last with it.
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (first !== undefined && last !== undefined) {
    const grownEvents = last.events - first.events;
    process.stdout.write(
      [
        `calls: ${calls} (${Math.round(calls / SECONDS)}/s); events written: ${last.events}`,
        `heap end/start: ${(last.heapUsed / first.heapUsed).toFixed(2)}; RSS end/start: ${(last.rss / first.rss).toFixed(2)}`,
        `heap growth per event written after warm-up: ${grownEvents > 0 ? Math.round((last.heapUsed - first.heapUsed) / grownEvents) : 0} bytes (read models keep every posting)`,
        '',
      ].join('\n'),
    );
  }
  await server.close();
  await folio.stop();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
};

void main();
