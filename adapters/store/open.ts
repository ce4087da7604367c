import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore } from './port';
import { openSqliteEventStore } from './sqlite';

export const EVENTS_FILE = 'folio-events.sqlite';
export const SNAPSHOT_FILE = 'read-models.snapshot';
/** Where the API's report methods write, inside the data folder. */
export const REPORTS_FOLDER = 'reports';

/** Opens the store a data folder (or connection string) names. */
export const openStore = (
  store: string,
  dataDir: string,
  options: { readonly readonly?: boolean } = {},
): EventStore => {
  if (store === 'sqlite') {
    if (!options.readonly) mkdirSync(dataDir, { recursive: true, mode: 0o750 });
    return openSqliteEventStore(join(dataDir, EVENTS_FILE), options);
  }
  throw new Error(`unknown store '${store}': use 'sqlite' (the embedded store in the data folder)`);
};
