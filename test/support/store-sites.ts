import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEsdbEventStore } from '../../adapters/store/esdb/store';
import { EventStore } from '../../adapters/store/port';
import { openSqliteEventStore } from '../../adapters/store/sqlite';
import { createEsdbModel } from './esdb-model';

/**
 * A store that outlives the processes using it, and a way to open it again: what a restart after a
 * crash sees.
 */
export interface StoreSite {
  readonly open: () => EventStore;
  /** Closes every store opened and removes what the site left on disk. */
  readonly dispose: () => Promise<void>;
}

/** A site whose stores are opened on demand and all closed at the end. */
const siteOf = (openStore: () => EventStore, removeFiles: () => void): StoreSite => {
  const opened: EventStore[] = [];
  return {
    open: () => {
      const store = openStore();
      opened.push(store);
      return store;
    },
    dispose: async () => {
      for (const store of opened) await store.close();
      removeFiles();
    },
  };
};

export const sqliteSite = (): StoreSite => {
  const dir = mkdtempSync(join(tmpdir(), 'folio-site-'));
  return siteOf(
    () => openSqliteEventStore(join(dir, 'events.sqlite')),
    () => rmSync(dir, { recursive: true, force: true }),
  );
};

export const esdbModelSite = (): StoreSite => {
  const model = createEsdbModel();
  return siteOf(
    () => createEsdbEventStore(model),
    () => undefined,
  );
};

/** The two stores multi-stream operations must behave alike on. */
export const STORE_SITES: readonly [string, () => StoreSite][] = [
  ['embedded SQLite', sqliteSite],
  ['in-memory model of EventStoreDB', esdbModelSite],
];
