import { closeSync, openSync, readSync, Stats, statSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * The embedded store's files as the running server opened them. SQLite keeps writing through its
 * open descriptors when a file is deleted, replaced or cut short under it, and reports nothing: a
 * commit then lands in a file no one will open again. These checks compare the files at their
 * paths with what was opened, so that the server can stop acknowledging writes instead.
 */

interface FileState {
  /** st_dev and st_ino: the same path naming another file means the file was replaced. */
  readonly identity: string;
  readonly size: number;
}

const stateOf = (path: string): FileState | null => {
  let stats: Stats;
  try {
    stats = statSync(path, { bigint: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return { identity: `${stats.dev}:${stats.ino}`, size: stats.size };
};

/** The store file's identity, as the head file records it. */
export const fileIdentity = (path: string): string | null => stateOf(path)?.identity ?? null;

/** The database header's page size (offset 16; 1 means 65,536) and its size in pages (offset 28). */
const HEADER_BYTES = 100;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

/**
 * A database file shorter than its own header says it is was truncated: SQLite would read the
 * missing pages as zeros, or as the WAL's copies of them, and serve what is left as if whole. The
 * header's page count is the file's size at its last checkpoint, and checkpoints only grow it (the
 * store never deletes rows and never vacuums), so a shorter file is always damage.
 */
export const databaseTruncation = (path: string): string | null => {
  const state = stateOf(path);
  if (state === null || state.size === 0) return null;
  const header = Buffer.alloc(HEADER_BYTES);
  const descriptor = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(descriptor, header, 0, HEADER_BYTES, 0);
  } finally {
    closeSync(descriptor);
  }
  const name = basename(path);
  if (read < HEADER_BYTES) return `${name} is ${state.size} bytes, shorter than a database header`;
  if (header.toString('latin1', 0, 16) !== SQLITE_MAGIC) return `${name} is not a SQLite database`;
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
  const pages = header.readUInt32BE(28);
  const expected = pages * pageSize;
  return state.size < expected
    ? `${name} is ${state.size} bytes but its header records ${pages} pages of ${pageSize} bytes (${expected} bytes): it was truncated`
    : null;
};

export interface StoreFileWatch {
  /** What changed under the store since it was opened, or null while its files are as they were. */
  check(): string | null;
}

/**
 * Watches the database, its WAL and its shared-memory index. Each must stay the file that was
 * opened, and neither the database nor the WAL may shrink: SQLite never truncates them while a
 * connection is open (no VACUUM, no journal_size_limit, and the last connection to close is this
 * server's own), so a smaller file was cut short by someone else. A file that appears after the
 * watch started (the WAL of a fresh store) is adopted at the first check.
 *
 * The header check of `databaseTruncation` is left to opening: while another process checkpoints,
 * the header may briefly record pages the file does not hold yet.
 */
export const watchStoreFiles = (databasePath: string): StoreFileWatch => {
  const files = [
    { path: databasePath, role: 'database file', mayShrink: false },
    { path: `${databasePath}-wal`, role: 'write-ahead log (-wal)', mayShrink: false },
    { path: `${databasePath}-shm`, role: 'shared-memory index (-shm)', mayShrink: true },
  ].map((file) => ({ ...file, opened: stateOf(file.path), largest: stateOf(file.path)?.size ?? 0 }));

  const check = (): string | null => {
    for (const file of files) {
      const now = stateOf(file.path);
      const name = basename(file.path);
      if (file.opened === null) {
        file.opened = now;
        file.largest = now?.size ?? 0;
        continue;
      }
      if (now === null) return `the store's ${file.role} ${name} was removed`;
      if (now.identity !== file.opened.identity)
        return `the store's ${file.role} ${name} was replaced by another file (device:inode ${file.opened.identity} opened, ${now.identity} found)`;
      if (!file.mayShrink && now.size < file.largest)
        return `the store's ${file.role} ${name} was truncated (${file.largest} bytes, now ${now.size})`;
      file.largest = Math.max(file.largest, now.size);
    }
    return null;
  };
  return { check };
};
