import { GENESIS_HASH, hashEvent } from './hash-chain';
import {
  AppendOptions,
  AppendResult,
  DuplicateEventIdError,
  ExpectedRevision,
  MAX_EVENTS_PER_APPEND,
  ProposedEvent,
  RecordedEvent,
  WrongExpectedRevisionError,
} from './port';

/** The last event of a stream, as far as appending needs to know it. */
export interface StreamHead {
  readonly revision: number;
  readonly hash: string;
  readonly eventId: string;
}

export interface StoredLocation {
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
}

export type UnpositionedEvent = Omit<RecordedEvent, 'position'>;

export type AppendPlan =
  | { readonly kind: 'write'; readonly records: readonly UnpositionedEvent[] }
  | { readonly kind: 'already-stored'; readonly result: AppendResult };

const revisionMatches = (
  expected: ExpectedRevision,
  head: StreamHead | null,
  afterEventId: string | undefined,
): boolean => {
  if (afterEventId !== undefined && head?.eventId !== afterEventId) return false;
  if (expected === 'any') return true;
  if (expected === 'no_stream') return head === null;
  if (expected === 'stream_exists') return head !== null;
  return head !== null && head.revision === expected;
};

/**
 * The rules every store applies to an append, in one place: bounds, idempotent retries by event id,
 * the expected-revision check, and the hash chain. Stores only supply lookups and do the writing.
 */
export const planAppend = (
  stream: string,
  head: StreamHead | null,
  expected: ExpectedRevision,
  events: readonly ProposedEvent[],
  locate: (eventId: string) => StoredLocation | undefined,
  options: AppendOptions = {},
): AppendPlan => {
  if (events.length > MAX_EVENTS_PER_APPEND)
    throw new RangeError(`at most ${MAX_EVENTS_PER_APPEND} events per append`);
  const first = events[0];
  if (first !== undefined) {
    const found = locate(first.eventId);
    if (found !== undefined)
      return { kind: 'already-stored', result: confirmRetry(stream, found, events, locate) };
  }
  if (!revisionMatches(expected, head, options.afterEventId))
    throw new WrongExpectedRevisionError(stream, expected, head === null ? 'no_stream' : head.revision);
  // Not a retry, so every event is new: an id stored anywhere, or named twice here, would be a second copy.
  const ids = new Set<string>();
  events.forEach((event, index) => {
    // The first id was looked up above and is not stored.
    if (ids.has(event.eventId) || (index > 0 && locate(event.eventId) !== undefined))
      throw new DuplicateEventIdError(event.eventId);
    ids.add(event.eventId);
  });
  const records: UnpositionedEvent[] = [];
  let previousHash = head?.hash ?? GENESIS_HASH;
  let revision = head?.revision ?? -1;
  for (const event of events) {
    revision += 1;
    const chained = { ...event, stream, revision, previousHash };
    const hash = hashEvent(chained);
    records.push({ ...chained, hash });
    previousHash = hash;
  }
  return { kind: 'write', records };
};

/** A retried append must name exactly the events already stored, in place; anything else is an error. */
const confirmRetry = (
  stream: string,
  first: StoredLocation,
  events: readonly ProposedEvent[],
  locate: (eventId: string) => StoredLocation | undefined,
): AppendResult => {
  let last = first;
  events.forEach((event, index) => {
    const found = index === 0 ? first : locate(event.eventId);
    if (found === undefined || found.stream !== stream || found.revision !== first.revision + index) {
      throw new DuplicateEventIdError(event.eventId);
    }
    last = found;
  });
  return { revision: last.revision, position: last.position };
};
