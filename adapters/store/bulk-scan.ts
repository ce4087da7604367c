import { RecordedEvent } from './port';

/** A stored event as a replay needs it: everything but the predecessor's hash. */
export type ScannedEvent = Omit<RecordedEvent, 'previousHash'>;

/**
 * A capability some stores have besides the port: reading the log in position order, in pages,
 * synchronously and cheaply — what a full replay wants. Stores without it are read with readAll.
 */
export interface BulkScan {
  read(afterPosition: number, maxCount: number): readonly ScannedEvent[];
  /** Only each event's position and stored hash: what a Merkle tree over the log is built from. */
  readHashes(afterPosition: number, maxCount: number): readonly StoredHash[];
}

export interface StoredHash {
  readonly position: number;
  readonly hash: string;
}

/** Keyed by the store object itself, so a wrapper around a store (a test double) has none. */
const scans = new WeakMap<object, BulkScan>();

export const offerBulkScan = <S extends object>(store: S, scan: BulkScan): S => {
  scans.set(store, scan);
  return store;
};

export const bulkScanOf = (store: object): BulkScan | undefined => scans.get(store);
