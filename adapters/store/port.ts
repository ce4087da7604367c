import { EventMetadata } from '../../domain/envelope';

export type { EventMetadata };

/**
 * The event store port. Every implementation (in-memory for tests, embedded SQLite, EventStoreDB)
 * passes the one contract suite in test/adapters/store/contract.ts.
 */

/** `number` is the revision of the stream's last event (0-based); 'no_stream' means it must not exist yet. */
export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | number;

export interface ProposedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  /** JSON-ready payload, already encoded by the event's codec. */
  readonly data: unknown;
  readonly metadata: EventMetadata;
  /** ISO-8601 time from the application's clock. */
  readonly recordedAt: string;
}

export interface RecordedEvent extends ProposedEvent {
  readonly stream: string;
  readonly revision: number;
  /** Global order across all streams; strictly increasing, not necessarily contiguous. */
  readonly position: number;
  /** SHA-256 of the stream's previous event (64 zeros for the first): the tamper-evidence chain. */
  readonly previousHash: string;
  readonly hash: string;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  readonly revision: number;
  /** Global position of the last event appended (or found, for a retried append). */
  readonly position: number;
}

export interface AppendOptions {
  /**
   * For pipelined decisions: the id of the stream's last event when this append was decided — an
   * event that may itself still be on its way to the store. The append is refused
   * (`WrongExpectedRevisionError`) unless the stream's last event has this id. A revision alone is not
   * enough: when the append decided before this one fails and another process meanwhile writes as
   * many events to the stream, the revision would match a state this decision never saw.
   */
  readonly afterEventId?: string;
}

export interface EventStore {
  /**
   * Appends atomically to one stream when its revision is as expected; resolves only once the
   * events are durable. Appending events whose ids are already the stream's events at that place
   * is a no-op that resolves with their positions, so a retried append is safe.
   *
   * Appends to one stream are applied in the order they were called, so a caller may issue the next
   * append (expecting the revision the previous one will leave) before the previous one is durable.
   */
  append(
    stream: string,
    expected: ExpectedRevision,
    events: readonly ProposedEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  readStream(stream: string, fromRevision?: number): Promise<readonly RecordedEvent[]>;
  /** Events with a position greater than `afterPosition`, in order, at most `maxCount`. */
  readAll(afterPosition: number, maxCount: number): Promise<readonly RecordedEvent[]>;
  /** Position of the newest event, 0 when the store is empty. */
  headPosition(): Promise<number>;
  /** Calls `listener` whenever new events may be readable; returns a function that stops it. */
  subscribe(listener: () => void): () => void;
  close(): Promise<void>;
  /** Whether a write can be made durable now; a store that cannot tell leaves it out. */
  durability?(): StoreDurability;
}

/** Why writes cannot be made durable now: health answers 503 while this is not `durable`. */
export type StoreDurability =
  | { readonly durable: true }
  | {
      readonly durable: false;
      /**
       * `store-damaged`: files removed, replaced, truncated or malformed; writes are refused until a
       * restart on a sound store. `disk-full` and `store-write-failing`: the last commit failed; the
       * next that succeeds clears it. `data-folder-unwritable`: the head file cannot be written.
       */
      readonly reason: 'store-damaged' | 'disk-full' | 'store-write-failing' | 'data-folder-unwritable';
      readonly detail: string;
    };

/** The store found its files damaged under it: no write is accepted until it is reopened on a sound store. */
export class StoreWritesRefusedError extends Error {
  constructor(readonly reason: string) {
    super(`the store refuses writes: ${reason}`);
    this.name = 'StoreWritesRefusedError';
  }
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, found ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class DuplicateEventIdError extends Error {
  constructor(readonly eventId: string) {
    super(`event id ${eventId} is already stored elsewhere`);
    this.name = 'DuplicateEventIdError';
  }
}

/** Bounds every append: more than this in one request is a bug, not a workload. */
export const MAX_EVENTS_PER_APPEND = 10_000;
