import { sign, verify } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { ensureSigningKey } from './checkpoint';

/** The checkpoint the projection runner keeps beside the store: a header line, then the read models. */
export interface SnapshotFile {
  readonly readModelVersion: number;
  readonly position: number;
  readonly hashAtPosition: string;
  readonly body: string;
}

export type SnapshotRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'unreadable'; readonly reason: string }
  | { readonly kind: 'read'; readonly snapshot: SnapshotFile };

export const readSnapshotFile = (path: string | null): SnapshotRead => {
  if (path === null || !existsSync(path)) return { kind: 'none' };
  try {
    const text = readFileSync(path, 'utf8');
    const newline = text.indexOf('\n');
    if (newline < 0) return { kind: 'unreadable', reason: 'no header line' };
    const header = JSON.parse(text.slice(0, newline)) as Partial<SnapshotFile>;
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
        body: text.slice(newline + 1),
      },
    };
  } catch (error) {
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
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
