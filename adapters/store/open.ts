import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { connectEsdb } from './esdb/client';
import { createEsdbEventStore } from './esdb/store';
import { EventStore } from './port';
import { openSqliteEventStore } from './sqlite';
import { HEAD_FILE } from './store-head';

export const EVENTS_FILE = 'folio-events.sqlite';
export const SNAPSHOT_FILE = 'read-models.snapshot';
/** Where the API's report methods write, inside the data folder. */
export const REPORTS_FOLDER = 'reports';

/** An EventStoreDB/KurrentDB connection string: esdb://host:2113?tls=false, or esdb+discover://… for a cluster. */
export const isEsdbConnectionString = (store: string): boolean => /^esdb(\+discover)?:\/\//i.test(store);

/**
 * Opens the store a data folder (or connection string) names. A writable embedded store keeps the
 * data folder's head file (store-head.ts) and is refused when it lost what that file records,
 * unless `acceptStoreLoss`.
 */
export const openStore = (
  store: string,
  dataDir: string,
  options: { readonly readonly?: boolean; readonly acceptStoreLoss?: boolean } = {},
): EventStore => {
  if (store === 'sqlite') {
    if (!options.readonly) mkdirSync(dataDir, { recursive: true, mode: 0o750 });
    return openSqliteEventStore(join(dataDir, EVENTS_FILE), {
      ...options,
      ...(options.readonly === true ? {} : { headFile: join(dataDir, HEAD_FILE) }),
    });
  }
  // EventStoreDB has no read-only connection: the callers that ask for one only read.
  if (isEsdbConnectionString(store)) return createEsdbEventStore(connectEsdb(store));
  throw new Error(
    `unknown store '${store}': use 'sqlite' (the embedded store in the data folder) or an esdb:// connection string`,
  );
};

/** A store as it may be shown in logs and on screen: credentials in a connection string are masked. */
export const describeStore = (store: string, dataDir: string): string =>
  isEsdbConnectionString(store)
    ? `EventStoreDB at ${store.replace(/\/\/[^@/]*@/, '//***@')}`
    : `${dataDir} (embedded store)`;
