import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openSqliteEventStore } from '../adapters/store/sqlite';
import { ProposedEvent } from '../adapters/store/port';

/**
 * Group commit on the embedded store: the same appends, to different streams, issued one at a time
 * (each waits for its own fsync) and issued concurrently (gathered into shared transactions), side
 * by side in one process run. Prints appends per second for both, the commits (fsyncs) each took, and
 * their ratio. The store alone, without HTTP or the application: `npm run bench:writes` is the whole path.
 *   npm run bench:group-commit [-- APPENDS]
 */
const APPENDS = Number(process.argv[2] ?? 2_000);

const event = (): ProposedEvent => ({
  eventId: randomUUID(),
  type: 'BenchmarkEvent',
  version: 1,
  data: { amount: '1.5', comment: 'benchmark' },
  metadata: { actor: 'bench', method: 'bench', correlationId: 'bench' },
  recordedAt: new Date().toISOString(),
});

const measure = async (
  label: string,
  run: (append: (stream: string) => Promise<unknown>) => Promise<void>,
): Promise<number> => {
  const folder = mkdtempSync(join(tmpdir(), 'folio-bench-'));
  const store = openSqliteEventStore(join(folder, 'events.sqlite'));
  const started = process.hrtime.bigint();
  await run((stream) => store.append(stream, 'no_stream', [event()]));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // Each commit of the writer thread is one durable transaction: one fsync.
  const transactions = store.commitStatistics().commits;
  await store.close();
  rmSync(folder, { recursive: true, force: true });
  const rate = APPENDS / seconds;
  console.log(
    `${label.padEnd(34)} ${rate.toFixed(0).padStart(8)} appends/s  ${transactions} commits  ${(seconds * 1000).toFixed(0)} ms`,
  );
  return rate;
};

const main = async (): Promise<void> => {
  console.log(`group commit benchmark: ${APPENDS} appends of one event each, SQLite WAL, synchronous=FULL`);
  const oneByOne = await measure('one at a time (a commit each)', async (append) => {
    for (let index = 0; index < APPENDS; index += 1) await append(`bench-${index}`);
  });
  const concurrent = await measure('concurrent (group commit)', async (append) => {
    await Promise.all(Array.from({ length: APPENDS }, (_, index) => append(`bench-${index}`)));
  });
  console.log(`ratio concurrent / one at a time: ${(concurrent / oneByOne).toFixed(1)}×`);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
