import { existsSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Presets, SingleBar } from 'cli-progress';
import { migrateLog, MigrationPhase, MigrationProgress } from '../store/migrate/migrate-log';
import { describeStore, EVENTS_FILE, isEsdbConnectionString, openStore } from '../store/open';
import { EventStore } from '../store/port';

export interface MigrateFlags {
  readonly from: string;
  readonly to: string;
}

export class MigrateError extends Error {}

interface Location {
  readonly store: EventStore;
  readonly label: string;
  /** The embedded store commits appends in the order they are made, so a copy may pipeline them. */
  readonly commitsInCallOrder: boolean;
  readonly identity: string;
}

/** A data folder (embedded store) or an esdb:// connection string. */
const openLocation = (location: string, role: 'source' | 'target'): Location => {
  if (isEsdbConnectionString(location))
    return {
      store: openStore(location, ''),
      label: describeStore(location, ''),
      commitsInCallOrder: false,
      identity: location,
    };
  const dataDir = resolve(location);
  const file = join(dataDir, EVENTS_FILE);
  if (role === 'source' && !existsSync(file))
    throw new MigrateError(`no event store in ${dataDir} (expected ${EVENTS_FILE})`);
  const store = openStore('sqlite', dataDir, { readonly: role === 'source' });
  return {
    store,
    label: describeStore('sqlite', dataDir),
    commitsInCallOrder: true,
    identity: realpathSync(file),
  };
};

const PHASE_LABELS: Readonly<Record<MigrationPhase, string>> = {
  checking: 'checking target',
  copying: 'copying',
  verifying: 'verifying',
};

/** A progress bar on a terminal; elsewhere (logs, CI) one line per phase. */
const createProgressDisplay = (stream: NodeJS.WriteStream) => {
  let phase: MigrationPhase | null = null;
  const bar = stream.isTTY
    ? new SingleBar(
        {
          stream,
          format: '{phase} |{bar}| {percentage}% | {events} events',
          hideCursor: true,
          etaBuffer: 50,
        },
        Presets.shades_classic,
      )
    : null;
  return {
    update: (progress: MigrationProgress): void => {
      const total = Math.max(progress.headPosition, 1);
      const payload = { phase: PHASE_LABELS[progress.phase].padEnd(15), events: progress.events };
      if (progress.phase !== phase) {
        phase = progress.phase;
        if (bar === null) stream.write(`${PHASE_LABELS[progress.phase]}…\n`);
        else {
          bar.stop();
          bar.start(total, 0, payload);
        }
      }
      bar?.update(Math.min(progress.position, total), payload);
    },
    stop: (): void => bar?.stop(),
  };
};

/**
 * `folio migrate --from A --to B`: copies the event log between an embedded store (a data folder) and
 * EventStoreDB, either way, or between two data folders. Run it with Folio stopped; run it again to
 * resume after an interruption. Read-model snapshots are not copied: positions differ in the copy,
 * and each server rebuilds (or keeps) its own.
 */
export const migrate = async (flags: MigrateFlags): Promise<void> => {
  const source = openLocation(flags.from, 'source');
  let target: Location | undefined;
  const display = createProgressDisplay(process.stderr);
  try {
    target = openLocation(flags.to, 'target');
    if (source.identity === target.identity) throw new MigrateError('--from and --to name the same store');
    process.stdout.write(`migrating ${source.label} → ${target.label}\n`);
    const started = performance.now();
    const report = await migrateLog(source.store, target.store, {
      pipelined: target.commitsInCallOrder,
      onProgress: display.update,
    });
    display.stop();
    const seconds = (performance.now() - started) / 1_000;
    const { verification } = report;
    process.stdout.write(
      [
        `verified: ${verification.matched} events in ${verification.streams} streams, identical in order, ids, timestamps and hash chains`,
        `  already in the target: ${report.alreadyThere}; copied now: ${report.copied}; ${seconds.toFixed(1)} s`,
        `  log digest: ${verification.digest}`,
        '',
      ].join('\n'),
    );
  } finally {
    display.stop();
    await source.store.close();
    await target?.store.close();
  }
};
