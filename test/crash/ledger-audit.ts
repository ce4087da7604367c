import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeOrThrow } from '../../application/envelope';
import { GENESIS_HASH, hashEvent } from '../../adapters/store/hash-chain';
import { EVENTS_FILE, SNAPSHOT_FILE } from '../../adapters/store/open';
import { RecordedEvent } from '../../adapters/store/port';
import { openSqliteEventStore } from '../../adapters/store/sqlite';
import { createReadModels, ReadModels } from '../../projections';

export interface AuditedLog {
  readonly events: readonly RecordedEvent[];
  /** Read models from a fresh replay of the whole log. */
  readonly replayed: ReadModels;
  /** Problems found; empty when the log is sound. */
  readonly problems: readonly string[];
}

const BATCH = 5_000;

/** Every stream's hash chain, recomputed: revisions 0, 1, 2…, each event linked to its predecessor's hash. */
const chainProblems = (events: readonly RecordedEvent[]): string[] => {
  const problems: string[] = [];
  const heads = new Map<string, { revision: number; hash: string }>();
  for (const event of events) {
    const head = heads.get(event.stream) ?? { revision: -1, hash: GENESIS_HASH };
    if (event.revision !== head.revision + 1)
      problems.push(`${event.stream}: revision ${event.revision} follows ${head.revision}`);
    if (event.previousHash !== head.hash)
      problems.push(`${event.stream}@${event.revision}: broken chain link`);
    if (hashEvent(event) !== event.hash)
      problems.push(`${event.stream}@${event.revision}: hash does not match`);
    heads.set(event.stream, { revision: event.revision, hash: event.hash });
  }
  return problems;
};

/**
 * Opens a stopped server's data folder read-only and checks what must hold after any crash: the hash
 * chains, the trial balance of a fresh replay, and — when the server stopped gracefully — that the
 * read models it saved are byte for byte those of the fresh replay.
 */
export const auditDataFolder = async (dataDir: string): Promise<AuditedLog> => {
  const store = openSqliteEventStore(join(dataDir, EVENTS_FILE), { readonly: true });
  const events: RecordedEvent[] = [];
  try {
    for (;;) {
      const batch = await store.readAll(events[events.length - 1]?.position ?? 0, BATCH);
      events.push(...batch);
      if (batch.length < BATCH) break;
    }
  } finally {
    await store.close();
  }
  const problems = chainProblems(events);
  const replayed = createReadModels();
  for (const event of events) replayed.apply(decodeOrThrow(event));
  const trial = replayed.transactions.trialBalance();
  if (trial !== 0n) problems.push(`trial balance is ${trial} micros, not zero`);
  const snapshotPath = join(dataDir, SNAPSHOT_FILE);
  if (!existsSync(snapshotPath)) problems.push('no read-model snapshot was written at the graceful stop');
  else {
    const text = readFileSync(snapshotPath, 'utf8');
    const saved = text.slice(text.indexOf('\n') + 1);
    if (saved !== replayed.serialize())
      problems.push('the read models the server saved differ from a fresh replay of the log');
  }
  return { events, replayed, problems };
};
