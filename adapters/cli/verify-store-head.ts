import { join } from 'node:path';
import { EventStore } from '../store/port';
import { SqliteEventStore } from '../store/sqlite';
import { compareSqliteWithHead } from '../store/sqlite-open';
import {
  describeComparison,
  HEAD_FILE,
  HeadComparison,
  isStoreLoss,
  readHeadFile,
} from '../store/store-head';

export interface StoreHeadCheck {
  readonly ok: boolean;
  readonly comparison: HeadComparison;
  /** The line `folio verify` prints. */
  readonly line: string;
}

/**
 * `folio verify`'s comparison of the embedded store with the data folder's ledger.head, the one
 * `folio serve` makes at start: the store must hold the event the file records, at its position.
 * Null for EventStoreDB, which keeps no head file.
 */
export const checkStoreHead = (dataDir: string, store: EventStore): StoreHeadCheck | null => {
  if (!('database' in store)) return null;
  const sqlite = store as SqliteEventStore;
  let comparison: HeadComparison;
  try {
    comparison = compareSqliteWithHead(sqlite.database, readHeadFile(join(dataDir, HEAD_FILE)));
  } catch (error) {
    return {
      ok: false,
      comparison: { kind: 'no-head-file' },
      line: `  ledger.head   UNREADABLE: ${(error as Error).message}\n`,
    };
  }
  const ok = !isStoreLoss(comparison);
  const description = describeComparison(comparison, sqlite.path);
  return {
    ok,
    comparison,
    line: ok
      ? `  ledger.head   ${description}\n`
      : `  ledger.head   STORE LOST EVENTS: ${description}\n\nFAILED: the store does not hold every event acknowledged as durable; restore the data folder from a backup\n`,
  };
};
