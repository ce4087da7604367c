import { EventEnvelope } from '../../domain/envelope';
import { LedgerEntry, ledgerEntriesOf } from '../../projections/transactions';
import { EventStore, RecordedEvent } from '../../adapters/store/port';
import { CorruptEventError } from '../../adapters/store/sqlite-rows';
import { decodeOrThrow } from '../envelope';

/** Events read per round trip; bounds memory and how long one read holds the event loop. */
export const LOG_BATCH_SIZE = 2_000;

/** Told after every batch: the position reached and the head position when reading began. */
export type ProgressListener = (position: number, headPosition: number) => void;

export interface ReadOptions {
  readonly afterPosition?: number;
  readonly onProgress?: ProgressListener;
}

/** Return false to stop reading. */
type Visitor<T> = (item: T) => boolean | void;

/**
 * Every stored event in log order, from the store itself (never from a snapshot). Reading beside a
 * running server is safe: each batch is one consistent read, and events appended meanwhile are read
 * too, up to the head at the time the last batch is read.
 */
export const forEachRecorded = async (
  store: EventStore,
  visit: Visitor<RecordedEvent>,
  options: ReadOptions = {},
): Promise<void> => {
  const head = await store.headPosition();
  let after = options.afterPosition ?? 0;
  for (;;) {
    const batch = await store.readAll(after, LOG_BATCH_SIZE);
    for (const recorded of batch) {
      if (visit(recorded) === false) return;
      after = recorded.position;
    }
    options.onProgress?.(after, Math.max(head, after));
    if (batch.length < LOG_BATCH_SIZE) return;
  }
};

/** The same, decoded through every event's codec; an undecodable event stops the read with an error naming it. */
export const forEachEnvelope = (
  store: EventStore,
  visit: Visitor<EventEnvelope>,
  options: ReadOptions = {},
): Promise<void> => forEachRecorded(store, (recorded) => visit(decodeOrThrow(recorded)), options);

export const forEachLedgerEntry = (
  store: EventStore,
  visit: (entry: LedgerEntry) => void,
  options: ReadOptions = {},
): Promise<void> =>
  forEachEnvelope(
    store,
    (envelope) => {
      for (const entry of ledgerEntriesOf(envelope)) visit(entry);
    },
    options,
  );

/**
 * A check fed from verify's one pass over the log: every readable event in log order with its ledger
 * entries (null when it does not decode), and the position of every row the store could not read.
 */
export interface LogPassObserver {
  readonly observe: (recorded: RecordedEvent, entries: readonly LedgerEntry[] | null) => void;
  readonly skipUnreadable?: (position: number) => void;
}

/** One read outcome: the event, or the facts of a row the store could not even read. */
export type ReadOutcome =
  | { readonly kind: 'read'; readonly recorded: RecordedEvent }
  | { readonly kind: 'unreadable'; readonly error: CorruptEventError };

/**
 * Like forEachRecorded, but a row the store cannot read (say, JSON a flipped byte broke) is reported
 * in its place and reading goes on after it: what verify needs to name the first bad event.
 */
export const forEachReadOutcome = async (
  store: EventStore,
  visit: (outcome: ReadOutcome) => void,
  options: ReadOptions = {},
): Promise<void> => {
  const head = await store.headPosition();
  let after = options.afterPosition ?? 0;
  for (;;) {
    let batch: readonly RecordedEvent[];
    try {
      batch = await store.readAll(after, LOG_BATCH_SIZE);
    } catch (error) {
      if (!(error instanceof CorruptEventError)) throw error;
      // Read one at a time up to the broken row, report it, and carry on after it.
      for (;;) {
        try {
          const [recorded] = await store.readAll(after, 1);
          if (recorded === undefined) break;
          visit({ kind: 'read', recorded });
          after = recorded.position;
        } catch (single) {
          if (!(single instanceof CorruptEventError)) throw single;
          visit({ kind: 'unreadable', error: single });
          after = single.position;
          break;
        }
      }
      continue;
    }
    for (const recorded of batch) {
      visit({ kind: 'read', recorded });
      after = recorded.position;
    }
    options.onProgress?.(after, Math.max(head, after));
    if (batch.length < LOG_BATCH_SIZE) return;
  }
};
