import { sign, verify } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { ensureSigningKey } from './checkpoint';

/**
 * The header of the checkpoint the projection runner keeps beside the store (a header line, then
 * the read models), its body left on disk: verify reads that line by line.
 */
export interface SnapshotCut {
  readonly readModelVersion: number;
  readonly position: number;
  readonly hashAtPosition: string;
  readonly path: string;
}

export type SnapshotCutRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'unreadable'; readonly reason: string }
  | { readonly kind: 'read'; readonly snapshot: SnapshotCut };

const READ_CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/**
 * A file's lines one at a time, a chunk read at a time (UTF-8 never holds a newline byte inside a
 * character, so lines are split as bytes and decoded whole); null after the last line.
 */
export const createLineReader = (path: string) => {
  const fd = openSync(path, 'r');
  const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  let pending: Buffer[] = [];
  let buffered = Buffer.alloc(0);
  let ended = false;
  let bytes = 0;
  const next = (): string | null => {
    for (;;) {
      const newline = buffered.indexOf(NEWLINE);
      if (newline >= 0) {
        const line = Buffer.concat([...pending, buffered.subarray(0, newline)]).toString('utf8');
        pending = [];
        buffered = buffered.subarray(newline + 1);
        return line;
      }
      if (ended) {
        if (pending.length === 0 && buffered.length === 0) return null;
        const line = Buffer.concat([...pending, buffered]).toString('utf8');
        pending = [];
        buffered = Buffer.alloc(0);
        return line;
      }
      if (buffered.length > 0) pending.push(Buffer.from(buffered));
      const read = readSync(fd, chunk, 0, READ_CHUNK_BYTES, null);
      bytes += read;
      if (read === 0) ended = true;
      buffered = chunk.subarray(0, read);
    }
  };
  return { next, bytesRead: (): number => bytes, close: (): void => closeSync(fd) };
};

export type LineReader = ReturnType<typeof createLineReader>;

/** The snapshot's header line only: its body is compared as it is read, never held whole. */
export const readSnapshotCut = (path: string | null): SnapshotCutRead => {
  if (path === null || !existsSync(path)) return { kind: 'none' };
  let lines: LineReader | undefined;
  try {
    lines = createLineReader(path);
    const first = lines.next();
    const afterHeader = lines.next();
    if (first === null || afterHeader === null) return { kind: 'unreadable', reason: 'no header line' };
    const header = JSON.parse(first) as Partial<SnapshotCut>;
    if (
      typeof header.readModelVersion !== 'number' ||
      typeof header.position !== 'number' ||
      typeof header.hashAtPosition !== 'string'
    )
      return { kind: 'unreadable', reason: 'malformed header line' };
    return {
      kind: 'read',
      snapshot: {
        readModelVersion: header.readModelVersion,
        position: header.position,
        hashAtPosition: header.hashAtPosition,
        path,
      },
    };
  } catch (error) {
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    lines?.close();
  }
};

/** The header fields a seal covers: where in the log the snapshot was cut, and what its body is. */
export interface SealedSnapshotFacts {
  readonly readModelVersion: number;
  readonly position: number;
  readonly hashAtPosition: string;
  readonly bodySha256: string;
}

/**
 * Binds a read-model snapshot to the data folder's checkpoint key: the server signs the header of
 * every snapshot it writes and refuses one whose signature does not hold. A body's SHA-256 alone is
 * no defence (whoever edits a balance recomputes it); a signature needs the private key. Whoever
 * holds that key can still forge a snapshot — `folio verify` rebuilds the read models and compares.
 */
export interface SnapshotSeal {
  sign(facts: SealedSnapshotFacts): string;
  holds(facts: SealedSnapshotFacts, signature: string): boolean;
}

export const SNAPSHOT_SEAL_FORMAT = 'folio-snapshot-seal/1';

export const snapshotSealText = (facts: SealedSnapshotFacts): string =>
  [
    SNAPSHOT_SEAL_FORMAT,
    String(facts.readModelVersion),
    String(facts.position),
    facts.hashAtPosition,
    facts.bodySha256,
    '',
  ].join('\n');

/** The seal made with the data folder's checkpoint key (made on first use, like a checkpoint's). */
export const snapshotSealOf = (dataDir: string): SnapshotSeal => {
  const key = ensureSigningKey(dataDir);
  return {
    sign: (facts) => sign(null, Buffer.from(snapshotSealText(facts)), key.privateKey).toString('base64'),
    holds: (facts, signature) => {
      try {
        return verify(
          null,
          Buffer.from(snapshotSealText(facts)),
          key.publicKey,
          Buffer.from(signature, 'base64'),
        );
      } catch {
        return false;
      }
    },
  };
};
