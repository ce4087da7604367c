import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { resolveServeSettings } from '../config/settings';
import { EVENTS_FILE, openStore, SNAPSHOT_FILE } from '../store/open';
import { EventStore } from '../store/port';

/** The options every command that works on a data folder takes, as `folio serve` does. */
export interface DataFlags {
  readonly data?: string;
  readonly store?: string;
  readonly config?: string;
}

export class DataError extends Error {}

/** Adds --data, --store and --config, described as `folio serve --help` describes them. */
export const withDataOptions = (command: Command): Command =>
  command
    .option('--data <dir>', 'data folder (env FOLIO_DATA; default ./data)')
    .option(
      '--store <store>',
      "'sqlite' (the embedded store in the data folder) or an esdb:// connection string (env FOLIO_STORE)",
    )
    .option('--config <file>', 'JSON settings file, as for folio serve (env FOLIO_CONFIG)');

export interface DataLocation {
  readonly dataDir: string;
  /** 'sqlite' or an esdb:// connection string. */
  readonly storeSetting: string;
  readonly snapshotPath: string;
}

/**
 * The data folder and store a command names, with serve's precedence (flag, FOLIO_DATA/FOLIO_STORE,
 * the settings file of --config/FOLIO_CONFIG, ./data), so a command always works on the ledger the
 * server serves. A folder without an embedded event store is refused rather than created: a mistyped
 * --data must not quietly start an empty ledger.
 */
export const locateData = (flags: DataFlags, env: NodeJS.ProcessEnv = process.env): DataLocation => {
  const settings = resolveServeSettings(
    {
      ...(flags.data === undefined ? {} : { data: flags.data }),
      ...(flags.store === undefined ? {} : { store: flags.store }),
      ...(flags.config === undefined ? {} : { config: flags.config }),
    },
    env,
  );
  if (settings.store === 'sqlite' && !existsSync(join(settings.dataDir, EVENTS_FILE)))
    throw new DataError(
      `no event store in ${settings.dataDir} (expected ${EVENTS_FILE}); name the data folder with --data, FOLIO_DATA or the settings file`,
    );
  return {
    dataDir: settings.dataDir,
    storeSetting: settings.store,
    snapshotPath: join(settings.dataDir, SNAPSHOT_FILE),
  };
};

export interface OpenedData extends DataLocation {
  readonly store: EventStore;
}

/**
 * Opens the store a data folder names (see locateData). Read-only by default: the audit commands run
 * beside a live server (SQLite WAL lets a reader see every committed transaction without blocking the
 * writer) or on a stopped one.
 */
export const openData = (
  flags: DataFlags,
  options: { readonly writable?: boolean; readonly env?: NodeJS.ProcessEnv } = {},
): OpenedData => {
  const location = locateData(flags, options.env);
  const store = openStore(location.storeSetting, location.dataDir, {
    readonly: !(options.writable ?? false),
  });
  return { ...location, store };
};
