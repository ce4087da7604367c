import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EVENTS_FILE } from '../adapters/store/open';
import { ensureReplayLog } from './replay-log';

/**
 * `npm run bench:audit`: the auditor's commands on a log of BENCH_EVENTS (default 1,000,000) events,
 * the school year bench/replay-log.ts generates (deterministic from its seed, cached under
 * BENCH_CACHE). Every command runs as its own `folio` process under /usr/bin/time -v, so each
 * figure is the process's wall time and peak RSS; the baseline is a raw scan of the same table
 * (every row read in pages and both JSON columns parsed) in a process of its own.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const CACHE = process.env.BENCH_CACHE ?? join(tmpdir(), 'folio-bench-cache');
const CLI = join(__dirname, '..', 'adapters', 'cli', 'main.js');
const MB = 1024;

interface Run {
  readonly seconds: number;
  readonly peakMb: number;
}

const line = (text: string): void => void process.stdout.write(`${text}\n`);

/** One process, timed; its stdout is discarded, a failure stops the benchmark. */
const timed = (args: readonly string[]): Run => {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1_000;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stderr.slice(-2_000)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  return { seconds, peakMb: rss === null ? Number.NaN : Number(rss[1]) / MB };
};

const folio = (...args: string[]): Run => timed([CLI, ...args]);

/** The raw scan, in a child so that its RSS is its own. */
const rawScan = (path: string): Run =>
  timed([
    '-e',
    `const D=require(${JSON.stringify(require.resolve('better-sqlite3'))});const db=new D(${JSON.stringify(path)},{readonly:true});` +
      `const p=db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT 10000');let a=0;` +
      `for(;;){const r=p.all(a);for(const x of r){JSON.parse(x.data);JSON.parse(x.metadata);a=x.position;}if(r.length<10000)break;}`,
  ]);

const main = (): void => {
  const log = ensureReplayLog(CACHE, EVENTS);
  line(
    `log: ${log.events} events in ${log.dataDir}${log.cached ? ' (cached)' : ` (generated in ${Math.round(log.generatedMs / 1000)} s)`}`,
  );
  const events = join(log.dataDir, EVENTS_FILE);
  const db = new Database(events, { readonly: true });
  const middle = db
    .prepare<[], { recorded_at: string }>(
      'SELECT recorded_at FROM events WHERE position = (SELECT MAX(position) / 2 FROM events)',
    )
    .get()?.recorded_at as string;
  db.close();
  const data = ['--data', log.dataDir];
  const report = (name: string, run: Run, note = ''): void =>
    line(
      `${name.padEnd(28)} ${run.seconds.toFixed(2).padStart(8)} s  peak ${run.peakMb.toFixed(0).padStart(5)} MB${note}`,
    );

  const raw = rawScan(events);
  report('raw scan + JSON.parse', raw);
  // The first history builds the postings index (postings.sqlite) in the data folder; later ones read it.
  report('history, building index', folio('history', log.sampleUsername, ...data, '--no-progress'));
  report('history one account', folio('history', log.sampleUsername, ...data, '--no-progress'));
  report(
    'replay --until midway',
    folio('replay', '--until', middle, '--account', log.sampleUsername, ...data, '--no-progress'),
  );
  const month = folio('reconcile', '--from', '2025-10-01', '--to', '2025-11-01', ...data, '--no-progress');
  const year = folio('reconcile', '--from', '2025-09-01', '--to', '2026-09-01', ...data, '--no-progress');
  report(
    'reconcile month',
    month,
    `  (month/year ${(month.seconds / year.seconds).toFixed(2)}, target ≤ 0.25)`,
  );
  report('reconcile year', year);
  const verify = folio('verify', ...data, '--no-progress');
  report(
    'verify',
    verify,
    `  (× raw scan ${(verify.seconds / raw.seconds).toFixed(2)}, target ≤ 2, RSS < 500 MB)`,
  );
  const scratch = mkdtempSync(join(tmpdir(), 'folio-bench-audit-'));
  try {
    const backup = folio('backup', ...data, '--out', scratch);
    report('backup', backup);
    const zip = readdirSync(scratch).find((name) => name.endsWith('.zip')) as string;
    const restore = folio('restore', join(scratch, zip), '--data', join(scratch, 'restored'));
    report('restore', restore, `  (× backup ${(restore.seconds / backup.seconds).toFixed(2)}, target ≤ 2)`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  line('restart to the first answered call: see npm run bench:replay (not timed here)');
};

main();
