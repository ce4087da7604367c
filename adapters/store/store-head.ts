import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The data folder's record, outside the database, of the newest event the store had made durable:
 * `ledger.head`. It is written after commits, never before, so it may lag the store but never lead
 * it. A store found behind it, or holding another event at its position, lost acknowledged events
 * (deleted or replaced files, a truncated database or WAL, a WAL frame SQLite dropped as corrupt),
 * and is refused at start instead of being served as if whole.
 */
export const HEAD_FILE = 'ledger.head';

/** The last event of a commit: where the log ended, and the hash that ends its stream's chain there. */
export interface HeadEvent {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly hash: string;
}

export interface LedgerHead extends HeadEvent {
  readonly format: 1;
  /** When the file was written (ISO-8601). */
  readonly writtenAt: string;
  /** st_dev:st_ino of the database file it was written for; informative (a copy back changes it). */
  readonly storeFile: string | null;
}

export class HeadFileError extends Error {}

const isHead = (value: unknown): value is LedgerHead => {
  const head = value as Partial<LedgerHead> | null;
  return (
    typeof head === 'object' &&
    head !== null &&
    head.format === 1 &&
    Number.isSafeInteger(head.position) &&
    (head.position ?? 0) > 0 &&
    typeof head.stream === 'string' &&
    Number.isSafeInteger(head.revision) &&
    typeof head.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(head.hash) &&
    typeof head.writtenAt === 'string'
  );
};

/** The head file, or null when there is none (a new data folder, or one from before head files). */
export const readHeadFile = (path: string): LedgerHead | null => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new HeadFileError(`cannot read ${basename(path)}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isHead(parsed))
    throw new HeadFileError(
      `${basename(path)} is not a ledger head record; it cannot say whether the store is whole`,
    );
  return parsed;
};

const headText = (event: HeadEvent, storeFile: string | null): string =>
  `${JSON.stringify({
    format: 1,
    position: event.position,
    stream: event.stream,
    revision: event.revision,
    hash: event.hash,
    writtenAt: new Date().toISOString(),
    storeFile,
  } satisfies LedgerHead)}\n`;

const temporaryOf = (path: string): string => join(dirname(path), `.${basename(path)}.tmp`);

/** Written whole or not at all: a temporary file, fsync'd, renamed over the old one, the folder fsync'd. */
export const writeHeadFileSync = (path: string, event: HeadEvent, storeFile: string | null): void => {
  const temporary = temporaryOf(path);
  const file = openSync(temporary, 'w', 0o640);
  try {
    writeSync(file, headText(event, storeFile));
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
  renameSync(temporary, path);
  const folder = openSync(dirname(path), 'r');
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
};

const writeHeadFile = async (path: string, event: HeadEvent, storeFile: string | null): Promise<void> => {
  const temporary = temporaryOf(path);
  const file = await open(temporary, 'w', 0o640);
  try {
    await file.writeFile(headText(event, storeFile));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  const folder = await open(dirname(path), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
};

/** How often, at most, the head file is rewritten while commits go on. */
export const HEAD_WRITE_INTERVAL_MS = 200;

export interface HeadRecorder {
  /** A commit is durable up to `event`: the file will say so soon, without holding anyone up. */
  record(event: HeadEvent): void;
  /** Writes what was recorded and not yet written, and waits for it. */
  flush(): Promise<void>;
  /** Records nothing more: a store that lost its files must not move the head of the one that replaced them. */
  stop(): void;
}

/**
 * Writes the head file off the commit's path: `record` only notes the newest event, and one write
 * at a time, at most every `intervalMs`, puts the newest noted on disk (on libuv's thread pool, so
 * neither the event loop nor the writer thread waits for its fsyncs).
 */
export const createHeadRecorder = (options: {
  readonly path: string;
  readonly storeFile: () => string | null;
  readonly intervalMs?: number;
  /** Each write's outcome: an error while the data folder cannot be written, else null. */
  readonly onWrite: (error: Error | null) => void;
}): HeadRecorder => {
  const intervalMs = options.intervalMs ?? HEAD_WRITE_INTERVAL_MS;
  let noted: HeadEvent | null = null;
  let writtenPosition = 0;
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> | null = null;
  let stopped = false;

  const writeNoted = async (): Promise<void> => {
    const event = noted;
    if (event === null || event.position <= writtenPosition) return;
    lastWriteAt = performance.now();
    try {
      await writeHeadFile(options.path, event, options.storeFile());
      writtenPosition = event.position;
      options.onWrite(null);
    } catch (error) {
      options.onWrite(error as Error);
    }
  };

  const schedule = (): void => {
    if (stopped || timer !== null || writing !== null) return;
    if (noted === null || noted.position <= writtenPosition) return;
    const wait = Math.max(0, lastWriteAt + intervalMs - performance.now());
    timer = setTimeout(() => {
      timer = null;
      writing = writeNoted().finally(() => {
        writing = null;
        schedule();
      });
    }, wait);
    // Never what keeps a process alive: closing the store flushes.
    timer.unref();
  };

  return {
    record: (event) => {
      if (stopped || (noted !== null && event.position <= noted.position)) return;
      noted = event;
      schedule();
    },
    flush: async () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      while (writing !== null) await writing;
      if (!stopped) await writeNoted();
    },
    stop: () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
};

/** The store, as far as comparing it with the head file needs to read it. */
export interface StoreAtHead {
  readonly exists: boolean;
  readonly headPosition: number;
  readonly eventAt: (position: number) => HeadEvent | undefined;
}

export type HeadComparison =
  | { readonly kind: 'no-head-file' }
  | { readonly kind: 'matches'; readonly head: LedgerHead; readonly storePosition: number }
  | { readonly kind: 'store-missing'; readonly head: LedgerHead }
  | { readonly kind: 'store-behind'; readonly head: LedgerHead; readonly storePosition: number }
  | {
      readonly kind: 'store-differs';
      readonly head: LedgerHead;
      readonly storePosition: number;
      readonly found: HeadEvent | undefined;
    };

export const compareWithHead = (head: LedgerHead | null, store: StoreAtHead): HeadComparison => {
  if (head === null) return { kind: 'no-head-file' };
  if (!store.exists) return { kind: 'store-missing', head };
  const storePosition = store.headPosition;
  if (storePosition < head.position) return { kind: 'store-behind', head, storePosition };
  const found = store.eventAt(head.position);
  if (found?.hash !== head.hash || found.stream !== head.stream || found.revision !== head.revision)
    return { kind: 'store-differs', head, storePosition, found };
  return { kind: 'matches', head, storePosition };
};

export const isStoreLoss = (comparison: HeadComparison): boolean =>
  comparison.kind === 'store-missing' ||
  comparison.kind === 'store-behind' ||
  comparison.kind === 'store-differs';

const recorded = (head: LedgerHead): string =>
  `${HEAD_FILE} (written ${head.writtenAt}) records position ${head.position}, ${head.stream}@${head.revision}, hash ${head.hash}`;

/** One sentence naming both positions, for the refusal at start, the log and `folio verify`. */
export const describeComparison = (comparison: HeadComparison, storeFile: string): string => {
  switch (comparison.kind) {
    case 'no-head-file':
      return `no ${HEAD_FILE} in the data folder: nothing to compare the store with`;
    case 'matches':
      return `the store holds position ${comparison.storePosition}; ${recorded(comparison.head)}, and the store's event there matches`;
    case 'store-missing':
      return `${storeFile} is missing, but ${recorded(comparison.head)}: the store was deleted`;
    case 'store-behind':
      return `the store ends at position ${comparison.storePosition}, but ${recorded(comparison.head)}: the store lost acknowledged events`;
    case 'store-differs': {
      const { found } = comparison;
      const what =
        found === undefined
          ? 'holds no event there'
          : `holds ${found.stream}@${found.revision} with hash ${found.hash} there`;
      return `the store ends at position ${comparison.storePosition} and ${what}, but ${recorded(comparison.head)}: the store was replaced`;
    }
  }
};

/** Thrown at open: the store lost what the head file says it had. */
export class StoreLossError extends Error {
  constructor(
    readonly comparison: HeadComparison,
    storeFile: string,
  ) {
    super(
      `refusing to open the store: ${describeComparison(comparison, storeFile)}. ` +
        `Restore the data folder from a backup (folio restore BACKUP.zip --data NEW_DIR); only if the loss is known and accepted, start with --accept-store-loss`,
    );
    this.name = 'StoreLossError';
  }
}
