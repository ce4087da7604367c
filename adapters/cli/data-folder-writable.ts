import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EVENTS_FILE } from '../store/open';
import { EXIT, ExitError } from './exit-codes';

/** The files SQLite writes beside the store in WAL mode. */
const STORE_FILES = [EVENTS_FILE, `${EVENTS_FILE}-wal`, `${EVENTS_FILE}-shm`];

/** The error writing `path` would meet (the nearest existing folder's, for a missing one), or null. */
const whyNotWritable = (path: string): unknown => {
  if (!existsSync(path)) return dirname(path) === path ? null : whyNotWritable(dirname(path));
  try {
    accessSync(path, constants.W_OK);
    return null;
  } catch (error) {
    return error;
  }
};

const refusal = (what: string, error: unknown): ExitError =>
  new ExitError(
    `${what} cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ` +
      'folio serve keeps its store there and acknowledges a write only once it is durable, so it does ' +
      'not start on a read-only folder. Make it writable (remount it read-write, clear an immutable ' +
      'flag, fix its owner or mode) and start again.',
    EXIT.failure,
  );

/**
 * `folio serve` on a data folder it cannot write (a read-only mount, an immutable folder or store file,
 * another owner) refuses to start, naming the folder, rather than serving with every write refused.
 * Creates the folder when it is missing. (Turned read-only while serving, writes fault 1611 and
 * /health answers 503 instead.)
 */
export const ensureWritableDataFolder = (dataDir: string): void => {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o750 });
  } catch (error) {
    // A recursive mkdir on a read-only mount says ENOENT; the folder it would be made in says why.
    throw refusal(`the data folder ${dataDir}`, whyNotWritable(dirname(dataDir)) ?? error);
  }
  const folder = whyNotWritable(dataDir);
  if (folder !== null) throw refusal(`the data folder ${dataDir}`, folder);
  for (const name of STORE_FILES) {
    const file = join(dataDir, name);
    const why = existsSync(file) ? whyNotWritable(file) : null;
    if (why !== null) throw refusal(`the store file ${file}`, why);
  }
};
