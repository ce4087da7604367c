import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createProjectionRunner } from '../application/projection-runner';
import { createReadModels } from '../projections';
import { EVENTS_FILE, SNAPSHOT_FILE } from '../adapters/store/open';
import { openSqliteEventStore } from '../adapters/store/sqlite';
import { ensureReplayLog, LOG_FORMAT } from './replay-log';

/**
 * `npm run bench:replay`: how fast Folio gets from a log to answering. On a log of BENCH_EVENTS
 * (default 1,000,000) events, generated once and cached under BENCH_CACHE (default
 * $TMPDIR/folio-bench-cache), prints: the raw scan + JSON.parse rate of the events table, the full
 * projection rebuild rate and its ratio to the raw scan, the snapshot's write time and size, and the
 * cold start of `folio serve` (process start to the first answered api.getUserAccountBalance) with a
 * valid snapshot and without one, with the server's RSS once it answers. Loopback only; every server
 * is killed after BENCH_TIMEOUT_S (default 240 s).
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const CACHE = process.env.BENCH_CACHE ?? join(tmpdir(), 'folio-bench-cache');
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_S ?? 240) * 1_000;
const TOKEN = 'bench-replay-token';
const PAGE = 10_000;
const MB = 1024 * 1024;

const line = (text: string): void => void process.stdout.write(`${text}\n`);
const rate = (events: number, ms: number): number => Math.round((events / ms) * 1_000);

/** The baseline: every row and column of the table read in pages and both JSON columns parsed. */
const rawScan = (path: string): { events: number; ms: number } => {
  const db = new Database(path, { readonly: true });
  const page = db.prepare<[number, number], { position: number; data: string; metadata: string }>(
    'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  const started = performance.now();
  let after = 0;
  let events = 0;
  let checksum = 0;
  for (;;) {
    const rows = page.all(after, PAGE);
    for (const row of rows) {
      const data = JSON.parse(row.data) as object;
      const metadata = JSON.parse(row.metadata) as object;
      if (data !== metadata) checksum += 1;
      after = row.position;
    }
    events += rows.length;
    if (rows.length < PAGE) break;
  }
  const ms = performance.now() - started;
  db.close();
  if (checksum !== events) throw new Error('the raw scan lost rows');
  return { events, ms };
};

/** The server's own start path without a snapshot, then the snapshot it writes at stop. */
const rebuild = async (path: string, snapshotPath: string) => {
  rmSync(snapshotPath, { force: true });
  // As `folio serve` opens it: the embedded store offers its bulk scan.
  const store = openSqliteEventStore(path, { readonly: true });
  const models = createReadModels();
  const runner = createProjectionRunner(store, models, snapshotPath, { snapshotEveryEvents: Infinity });
  const started = performance.now();
  await runner.start();
  const ms = performance.now() - started;
  const events = models.position();
  const heapMb = process.memoryUsage().heapUsed / MB;
  // The part of a snapshot that holds the event loop: encoding the models (the first time, all of them).
  const serializeStarted = performance.now();
  models.serialize();
  const serializeMs = performance.now() - serializeStarted;
  const writeStarted = performance.now();
  await runner.stop();
  const writeMs = performance.now() - writeStarted;
  await store.close();
  return { events, ms, heapMb, serializeMs, writeMs, snapshotBytes: statSync(snapshotPath).size };
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

const methodCall = (method: string, ...texts: readonly string[]) =>
  `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>` +
  [TOKEN, ...texts].map((text) => `<param><value><string>${text}</string></value></param>`).join('') +
  `</params></methodCall>`;
const balanceCall = (username: string) => methodCall('api.getUserAccountBalance', username);
/** A call that reads the transaction log's entries: it waits for them if a start left them to fold. */
const historyCall = (username: string) => methodCall('api.exportUserDataHistory', username, '');

/** One call; resolves with the reply's body, rejects when nothing listens yet. */
const call = (port: number, body: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/rpc/api/xmlrpc',
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
      },
    );
    req.once('error', reject);
    req.end(body);
  });

const rssMb = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match === null ? NaN : Number(match[1]) / 1024;
};

/**
 * `folio serve` on the folder, from spawn to the first answered balance call. The server is killed
 * without a graceful stop, so it writes no snapshot and the next run starts from the same state.
 */
const coldStart = async (dataDir: string, username: string) => {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      join(__dirname, '..', 'adapters', 'cli', 'main.js'),
      'serve',
      '--data',
      dataDir,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
    ],
    { env: { ...process.env, FOLIO_AUTH_TOKEN: TOKEN }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<never>((_resolve, reject) =>
    child.once('exit', (code) => reject(new Error(`folio serve exited (${code}): ${stderr.slice(-2_000)}`))),
  );
  try {
    for (;;) {
      if (performance.now() - started > TIMEOUT_MS) throw new Error('folio serve did not answer in time');
      const reply = await Promise.race([call(port, balanceCall(username)).catch(() => null), exited]);
      if (reply !== null) {
        const ms = performance.now() - started;
        if (!reply.includes('<double>')) throw new Error(`unexpected reply: ${reply.slice(0, 300)}`);
        const rss = rssMb(child.pid ?? 0);
        const history = await call(port, historyCall(username));
        if (history.includes('<fault>')) throw new Error(`unexpected reply: ${history.slice(0, 300)}`);
        const historyMs = performance.now() - started;
        return { ms, rssMb: rss, historyMs, historyRssMb: rssMb(child.pid ?? 0) };
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    exited.catch(() => undefined);
    child.kill('SIGKILL');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
  }
};

const main = async (): Promise<void> => {
  mkdirSync(CACHE, { recursive: true });
  const log = ensureReplayLog(CACHE, EVENTS);
  const path = join(log.dataDir, EVENTS_FILE);
  line(
    `log: ${log.events} events, format v${LOG_FORMAT}, ${(statSync(path).size / MB).toFixed(0)} MB, ${log.cached ? 'cached' : `generated in ${(log.generatedMs / 1_000).toFixed(1)} s`} (${log.dataDir})`,
  );

  const raw = rawScan(path);
  line(`raw scan + JSON.parse: ${rate(raw.events, raw.ms)} events/s (${(raw.ms / 1_000).toFixed(2)} s)`);

  const snapshotPath = join(log.dataDir, SNAPSHOT_FILE);
  const keptSnapshot = join(CACHE, `replay-snapshot-v${LOG_FORMAT}-${EVENTS}`);
  const built = await rebuild(path, snapshotPath);
  const rebuildRate = rate(built.events, built.ms);
  line(
    `full projection rebuild: ${rebuildRate} events/s (${(built.ms / 1_000).toFixed(2)} s, heap ${built.heapMb.toFixed(0)} MB); ratio to raw scan: ${(rebuildRate / rate(raw.events, raw.ms)).toFixed(2)}`,
  );
  line(
    `snapshot: ${(built.snapshotBytes / MB).toFixed(1)} MB; encoding every model ${built.serializeMs.toFixed(0)} ms on the event loop; the write at stop (new entries only, digest and fsync off the loop) ${built.writeMs.toFixed(0)} ms`,
  );
  copyFileSync(snapshotPath, keptSnapshot);

  const withSnapshot = await coldStart(log.dataDir, log.sampleUsername);
  line(
    `cold start with a valid snapshot: ${(withSnapshot.ms / 1_000).toFixed(2)} s to the first answer, RSS ${withSnapshot.rssMb.toFixed(0)} MB`,
  );
  line(
    `  then a history export (waits for every transaction entry): answered at ${(withSnapshot.historyMs / 1_000).toFixed(2)} s, RSS ${withSnapshot.historyRssMb.toFixed(0)} MB`,
  );
  rmSync(snapshotPath, { force: true });
  const without = await coldStart(log.dataDir, log.sampleUsername);
  line(
    `cold start without a snapshot: ${(without.ms / 1_000).toFixed(2)} s to the first answer, RSS ${without.rssMb.toFixed(0)} MB`,
  );
  line(
    `  then a history export: answered at ${(without.historyMs / 1_000).toFixed(2)} s, RSS ${without.historyRssMb.toFixed(0)} MB`,
  );
  // Leave the folder as generated, with the snapshot, for the next run's start.
  if (existsSync(keptSnapshot)) copyFileSync(keptSnapshot, snapshotPath);
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
