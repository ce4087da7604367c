import { existsSync, readFileSync } from 'node:fs';

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
