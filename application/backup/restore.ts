import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { Money, ZERO } from '../../domain/money';
import { createReadModels } from '../../projections';
import { openStore } from '../../adapters/store/open';
import { EventStore, ProposedEvent, RecordedEvent } from '../../adapters/store/port';
import { decodeOrThrow } from '../envelope';
import { createChainCheck } from './chain-check';
import { readBackup } from './read-backup';

/** Appends issued together; the embedded store commits up to 1,000 appends in one transaction. */
const APPENDS_PER_BATCH = 1_000;
/** Events of one stream that arrive one after another go in one append, up to this many. */
const MAX_RUN = 1_000;

export class RestoreError extends Error {}

export interface RestoreResult {
  readonly events: number;
  readonly streams: number;
  readonly users: number;
  readonly sharedAccounts: number;
  readonly trialBalance: Money;
  readonly durationMs: number;
}

const isEmptyFolder = (path: string): boolean => !existsSync(path) || readdirSync(path).length === 0;

const proposed = (event: RecordedEvent): ProposedEvent => ({
  eventId: event.eventId,
  type: event.type,
  version: event.version,
  data: event.data,
  metadata: event.metadata,
  recordedAt: event.recordedAt,
});

/**
 * Rebuilds a data folder from a backup. The whole backup is verified first (every chain, the
 * counts, the digests); only then is the empty target written, event by event in the backup's
 * order, each with its own id, time and metadata, so that the new store computes the very same
 * hashes. The restored log is then read back: its chain digest must equal the manifest's, and its
 * read models must balance.
 */
export const restoreBackup = async (options: {
  readonly backup: string;
  readonly dataDir: string;
  readonly onProgress?: (line: string) => void;
}): Promise<RestoreResult> => {
  const started = performance.now();
  const say = options.onProgress ?? (() => undefined);
  if (!isEmptyFolder(options.dataDir))
    throw new RestoreError(`${options.dataDir} is not empty: restore only into a new or empty folder`);
  const check = await readBackup(options.backup);
  if (!check.ok || check.manifest === null)
    throw new RestoreError(
      `the backup does not verify, nothing was written:\n  ${check.problems.join('\n  ')}`,
    );
  const manifest = check.manifest;
  say(
    `verified ${manifest.events} events in ${manifest.streams} streams (head ${manifest.headPosition}, taken ${manifest.createdAt})`,
  );

  const existed = existsSync(options.dataDir);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o750 });
  let store: EventStore | null = openStore('sqlite', options.dataDir);
  try {
    const target = store;
    // Appends are issued a batch at a time, all in one tick, so that the embedded store commits each
    // batch as one transaction (one fsync) instead of trickling them into many small ones.
    let batch: RecordedEvent[][] = [];
    let run: RecordedEvent[] = [];
    const writeBatch = async (): Promise<void> => {
      const appends = batch.map((events) => {
        const first = events[0] as RecordedEvent;
        return target.append(
          first.stream,
          first.revision === 0 ? 'no_stream' : first.revision - 1,
          events.map(proposed),
        );
      });
      batch = [];
      await Promise.all(appends);
    };
    const endRun = (): void => {
      if (run.length > 0) batch.push(run);
      run = [];
    };
    const written = await readBackup(options.backup, async (event) => {
      if (run.length > 0 && (run[0]?.stream !== event.stream || run.length >= MAX_RUN)) {
        endRun();
        if (batch.length >= APPENDS_PER_BATCH) await writeBatch();
      }
      run.push(event);
    });
    endRun();
    await writeBatch();
    if (!written.ok)
      throw new RestoreError(`the backup changed while it was restored:\n  ${written.problems.join('\n  ')}`);

    // Read the new log back: the same chains, and read models that balance.
    const chain = createChainCheck();
    const models = createReadModels();
    for (let after = 0; ;) {
      const page = await target.readAll(after, 5_000);
      if (page.length === 0) break;
      for (const event of page) {
        const broken = chain.check(event);
        if (broken !== null) throw new RestoreError(`the restored log does not verify: ${broken}`);
        models.apply(decodeOrThrow(event));
        after = event.position;
      }
    }
    if (chain.chainDigest() !== manifest.chainDigest || chain.events() !== manifest.events)
      throw new RestoreError('the restored log differs from the backup (chain digest)');
    const trialBalance = models.transactions.trialBalance();
    if (trialBalance !== ZERO)
      throw new RestoreError(`the restored ledger does not balance (${trialBalance})`);
    await target.close();
    store = null;
    return {
      events: chain.events(),
      streams: chain.streams(),
      users: models.users.sorted().length,
      sharedAccounts: models.sharedAccounts.sorted().length,
      trialBalance,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    await store?.close();
    // The folder was empty (or new) and holds only what this restore wrote.
    rmSync(options.dataDir, { recursive: true, force: true });
    if (existed) mkdirSync(options.dataDir, { mode: 0o750 });
    throw error;
  }
};
