import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore, SqliteEventStore } from '../../../adapters/store/sqlite';
import { StoreUnderTest } from './contract';

export interface SqliteUnderTest extends StoreUnderTest {
  readonly store: SqliteEventStore;
  readonly directory: string;
  readonly path: string;
}

/** A SQLite store in a fresh temporary folder; `cleanup` closes it and removes the folder. */
export const openTemporarySqliteStore = async (): Promise<SqliteUnderTest> => {
  const directory = mkdtempSync(join(tmpdir(), 'folio-store-'));
  const path = join(directory, 'events.sqlite');
  let current: SqliteEventStore = openSqliteEventStore(path);
  return {
    store: current,
    directory,
    path,
    reopen: async () => {
      await current.close();
      current = openSqliteEventStore(path);
      return current;
    },
    cleanup: async () => {
      await current.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
};
