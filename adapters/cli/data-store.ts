import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveServeSettings } from '../config/settings';
import { EVENTS_FILE, openStore, SNAPSHOT_FILE } from '../store/open';
import { EventStore } from '../store/port';

/** The options every command that reads a data folder takes, as `folio serve` does. */
export interface DataFlags {
  readonly data?: string;
  readonly store?: string;
  readonly config?: string;
}

export class DataError extends Error {}

export interface OpenedData {
  readonly store: EventStore;
  readonly dataDir: string;
  readonly snapshotPath: string;
}

/**
 * Opens the store a data folder names, with serve's precedence (flag, FOLIO_DATA/FOLIO_STORE, the
 * settings file, ./data). Read-only by default: the audit commands run beside a live server (SQLite
 * WAL lets a reader see every committed transaction without blocking the writer) or on a stopped one.
 */
export const openData = (flags: DataFlags, options: { readonly writable?: boolean } = {}): OpenedData => {
  const settings = resolveServeSettings(
    {
      ...(flags.data === undefined ? {} : { data: flags.data }),
      ...(flags.store === undefined ? {} : { store: flags.store }),
      ...(flags.config === undefined ? {} : { config: flags.config }),
    },
    process.env,
  );
  if (settings.store === 'sqlite' && !existsSync(join(settings.dataDir, EVENTS_FILE)))
    throw new DataError(
      `no event store in ${settings.dataDir} (expected ${EVENTS_FILE}); name the data folder with --data or FOLIO_DATA`,
    );
  const store = openStore(settings.store, settings.dataDir, { readonly: !(options.writable ?? false) });
  return { store, dataDir: settings.dataDir, snapshotPath: join(settings.dataDir, SNAPSHOT_FILE) };
};
