import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** The file whose lock says "a server serves this data folder". It holds nothing worth reading. */
export const SERVE_LOCK_FILE = 'folio-serve.lock';
/** The process id of the server holding the lock, for the message a second server prints. */
export const SERVE_PID_FILE = 'folio-serve.pid';

export class DataFolderInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | undefined,
  ) {
    super(
      `the data folder ${dataDir} is already served by another folio serve` +
        `${holderPid === undefined ? '' : ` (process ${holderPid})`}: one data folder has one serving process; ` +
        'stop that server first, or use CLI commands (folio correct, printer add, cards, group …) beside it',
    );
  }
}

export interface ServeLock {
  release(): void;
}

const holderPidOf = (dataDir: string): number | undefined => {
  try {
    const pid = Number(readFileSync(join(dataDir, SERVE_PID_FILE), 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
};

const isBusy = (error: unknown): boolean =>
  error instanceof Error && /^SQLITE_(BUSY|LOCKED)/.test((error as { code?: string }).code ?? '');

/**
 * Takes the data folder's serve lock for the life of this process, or throws DataFolderInUse.
 *
 * Node has no flock, but SQLite locks its files with POSIX fcntl locks, which the kernel drops when
 * the process ends however it ends: a SIGKILLed or crashed server never leaves a stale lock. In
 * `locking_mode = EXCLUSIVE` a connection that has written keeps its exclusive lock until it closes,
 * so one write at start holds the lock for good; another process's write then fails at once
 * (busy_timeout 0) with SQLITE_BUSY. The lock is on a file of its own, not on the event store: CLI
 * commands beside the server still read and append to the log.
 *
 * The pid file is only what the refusal message names: it may be stale, the lock never is.
 */
export const acquireServeLock = (dataDir: string): ServeLock => {
  const db = new Database(join(dataDir, SERVE_LOCK_FILE));
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    // The first statement takes the exclusive lock outright: two servers starting together must not
    // both hold a shared lock and then both fail to raise it.
    db.transaction(() => {
      db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL)');
      db.exec('DELETE FROM holder');
      db.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
    }).exclusive();
  } catch (error) {
    db.close();
    if (isBusy(error)) throw new DataFolderInUse(dataDir, holderPidOf(dataDir));
    throw error;
  }
  try {
    writeFileSync(join(dataDir, SERVE_PID_FILE), `${process.pid}\n`, { mode: 0o644 });
  } catch {
    // Only the refusal message of a second server would miss it.
  }
  held.add(db);
  return {
    release: () => {
      if (!held.delete(db)) return;
      db.close();
    },
  };
};

/** Kept reachable for the process's life: a collected connection would drop the lock. */
const held = new Set<Database.Database>();
