import {
  AllStreamResolvedEvent,
  BACKWARDS,
  END,
  FORWARDS,
  Position,
  ReadPosition,
  ReadStreamOptions,
  START,
} from '@eventstore/db-client';
import { AppendPlan, planAppend, StreamHead } from '../append-plan';
import {
  AppendOptions,
  AppendResult,
  DuplicateEventIdError,
  EventStore,
  ExpectedRevision,
  ProposedEvent,
  RecordedEvent,
  WrongExpectedRevisionError,
} from '../port';
import { createBoundaryMemory } from './boundaries';
import { EsdbClient } from './client';
import { isStreamNotFound, isWrongExpectedVersion, toWrongExpectedRevision } from './errors';
import { fromEsdbRecordedEvent, toEsdbEventData } from './event-data';
import { createAllNotifications } from './notifications';
import { toGlobalPosition } from './positions';
import { toEsdbExpectedRevision, toEsdbRevision } from './revisions';
import { isSystemEvent } from './system-events';

/** Stream heads remembered between appends; a head at a revision never changes, so a hit is exact. */
const MAX_CACHED_HEADS = 20_000;
/** $all is read in pages of this many records (system events included) when searching or skipping. */
const MIN_PAGE = 256;
const MAX_PAGE = 4_096;
/** How far back from a stream's end an append with 'any' or 'stream_exists' looks for its own retry. */
const MAX_TAIL_FOR_RETRY = 64;
/** Attempts at an 'any' or 'stream_exists' append while other writers keep moving the stream's end. */
const MAX_LOOSE_ATTEMPTS = 20;

export class PositionOrderError extends Error {
  constructor(previous: number, next: number) {
    super(
      `$all is not in strictly increasing commit order (${previous} then ${next}): were events written by an explicit transaction? Folio's log must only be written by Folio`,
    );
    this.name = 'PositionOrderError';
  }
}

/**
 * The event store port on EventStoreDB (KurrentDB) through @eventstore/db-client.
 *
 * - An append writes one stream with an exact expected revision (the server has no cross-stream
 *   transactions). The hash chain is computed here with planAppend from the stream's event at the
 *   expected revision; 'any' and 'stream_exists' are first turned into the exact revision found, so
 *   a chain cannot fork when two writers race.
 * - Event ids are the port's ids, so an append retried at the same expected revision is recognised
 *   by the server and writes nothing. The server recognises a retry only there: it neither refuses
 *   an id used in another stream nor one already in this stream when the expected revision is the
 *   current one. Callers that may repeat work later (sagas) check the stream themselves
 *   (application/operation-steps.ts).
 * - An append's position is read back from the server rather than taken from its reply (which a
 *   recognised retry does not carry), so read-your-writes waits for exactly the last event written.
 * - Reads of $all skip the server's own events; positions are commit positions (positions.ts).
 */
export const createEsdbEventStore = (client: EsdbClient): EventStore => {
  const heads = new Map<string, StreamHead>();
  const boundaries = createBoundaryMemory();
  const notifications = createAllNotifications(client);

  const rememberHead = (stream: string, head: StreamHead): void => {
    heads.delete(stream);
    heads.set(stream, head);
    if (heads.size > MAX_CACHED_HEADS) {
      const oldest = heads.keys().next();
      if (!oldest.done) heads.delete(oldest.value);
    }
  };

  const readStreamWith = async (stream: string, options: ReadStreamOptions): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of client.readStream(stream, options)) {
        if (resolved.event === undefined) continue;
        const event = fromEsdbRecordedEvent(resolved.event);
        boundaries.remember(event.position);
        events.push(event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return events;
  };

  const eventAt = async (stream: string, revision: number): Promise<RecordedEvent | undefined> => {
    const [event] = await readStreamWith(stream, { fromRevision: toEsdbRevision(revision), maxCount: 1 });
    return event?.revision === revision ? event : undefined;
  };

  /** The last `count` events of a stream, newest first. */
  const tail = (stream: string, count: number): Promise<RecordedEvent[]> =>
    readStreamWith(stream, { fromRevision: END, direction: BACKWARDS, maxCount: count });

  const lastRevision = async (stream: string): Promise<number | 'no_stream'> =>
    (await tail(stream, 1))[0]?.revision ?? 'no_stream';

  /** The stream's last event if it is at `revision`; otherwise the append is refused as the server would. */
  const headAt = async (stream: string, revision: number): Promise<StreamHead> => {
    const cached = heads.get(stream);
    if (cached?.revision === revision) return cached;
    const event = await eventAt(stream, revision);
    if (event === undefined)
      throw new WrongExpectedRevisionError(stream, revision, await lastRevision(stream));
    return { revision: event.revision, hash: event.hash, eventId: event.eventId };
  };

  /**
   * 'any' and 'stream_exists' name no revision, but the chain needs the exact predecessor: read the
   * tail, and recognise a retry of events already at its end.
   */
  const resolveLoose = async (
    stream: string,
    expected: 'any' | 'stream_exists',
    events: readonly ProposedEvent[],
  ): Promise<{ kind: 'stored'; result: AppendResult } | { kind: 'head'; head: StreamHead | null }> => {
    const newestFirst = await tail(stream, Math.min(Math.max(events.length, 1), MAX_TAIL_FOR_RETRY));
    const newest = newestFirst[0];
    if (newest === undefined) {
      if (expected === 'stream_exists') throw new WrongExpectedRevisionError(stream, expected, 'no_stream');
      return { kind: 'head', head: null };
    }
    const oldestFirst = [...newestFirst].reverse();
    const start = oldestFirst.length - events.length;
    const isRetry =
      events.length > 0 &&
      start >= 0 &&
      events.every((event, index) => oldestFirst[start + index]?.eventId === event.eventId);
    if (isRetry) return { kind: 'stored', result: { revision: newest.revision, position: newest.position } };
    return { kind: 'head', head: { revision: newest.revision, hash: newest.hash, eventId: newest.eventId } };
  };

  /** Every record of $all (system ones too) before `before`, newest first, page by page, until `stop`. */
  const scanBackwards = async (stop: (event: NonNullable<AllStreamResolvedEvent['event']>) => boolean) => {
    let before: Position | typeof END = END;
    for (;;) {
      let records = 0;
      const page: AsyncIterable<AllStreamResolvedEvent> = client.readAll({
        fromPosition: before,
        direction: BACKWARDS,
        maxCount: MIN_PAGE,
      });
      for await (const resolved of page) {
        records += 1;
        const event = resolved.event;
        if (event === undefined) continue;
        boundaries.remember(toGlobalPosition(event.position));
        if (stop(event)) return event;
        before = event.position;
      }
      if (records < MIN_PAGE) return undefined;
    }
  };

  const headPosition = async (): Promise<number> => {
    const newest = await scanBackwards((event) => !isSystemEvent(event));
    return newest === undefined ? 0 : toGlobalPosition(newest.position);
  };

  /** Where a forward read must start to see everything after `afterPosition`: a record boundary. */
  const startFor = async (afterPosition: number): Promise<ReadPosition> => {
    if (!Number.isSafeInteger(afterPosition) || afterPosition < 0)
      throw new RangeError(`global position must be a non-negative integer, got ${afterPosition}`);
    if (afterPosition === 0) return START;
    const at = BigInt(afterPosition);
    if (boundaries.has(afterPosition)) return { commit: at, prepare: at };
    // Not a position we know to be a record's: find the newest record at or before it.
    const found = await scanBackwards((event) => toGlobalPosition(event.position) <= afterPosition);
    return found === undefined ? START : found.position;
  };

  const appendNothing = async (
    stream: string,
    expected: ExpectedRevision,
    options: AppendOptions,
  ): Promise<AppendResult> => {
    const [newest] = await tail(stream, 1);
    const last = newest?.revision ?? 'no_stream';
    const matches =
      (options.afterEventId === undefined || newest?.eventId === options.afterEventId) &&
      (expected === 'any' ||
        (expected === 'no_stream' && last === 'no_stream') ||
        (expected === 'stream_exists' && last !== 'no_stream') ||
        expected === last);
    if (!matches) throw new WrongExpectedRevisionError(stream, expected, last);
    return { revision: last === 'no_stream' ? -1 : last, position: await headPosition() };
  };

  /** One attempt at writing `events` after `head`, with the expected revision that head implies. */
  const write = async (
    stream: string,
    expected: ExpectedRevision,
    head: StreamHead | null,
    events: readonly ProposedEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> => {
    const exact = head === null ? 'no_stream' : head.revision;
    // No id lookup: the server recognises a retried append itself, at the same expected revision.
    // afterEventId is checked against the head found (or remembered from this adapter's last append).
    let plan: AppendPlan;
    try {
      plan = planAppend(stream, head, exact, events, () => undefined, options);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError)
        throw new WrongExpectedRevisionError(stream, expected, await lastRevision(stream));
      throw error;
    }
    if (plan.kind === 'already-stored') return plan.result;
    const last = plan.records[plan.records.length - 1];
    if (last === undefined) return appendNothing(stream, expected, options);
    try {
      await client.appendToStream(stream, plan.records.map(toEsdbEventData), {
        expectedRevision: toEsdbExpectedRevision(exact),
      });
    } catch (error) {
      if (isWrongExpectedVersion(error)) throw toWrongExpectedRevision(error, stream, expected);
      throw error;
    }
    // Read the last event back: its position, and — for a recognised retry — the hash it was stored with.
    const stored = await eventAt(stream, last.revision);
    if (stored === undefined || stored.eventId !== last.eventId)
      throw new DuplicateEventIdError(last.eventId);
    rememberHead(stream, { revision: stored.revision, hash: stored.hash, eventId: stored.eventId });
    return { revision: stored.revision, position: stored.position };
  };

  const appendNow = async (
    stream: string,
    expected: ExpectedRevision,
    events: readonly ProposedEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> => {
    if (events.length === 0) return appendNothing(stream, expected, options);
    if (expected !== 'any' && expected !== 'stream_exists')
      return write(
        stream,
        expected,
        expected === 'no_stream' ? null : await headAt(stream, expected),
        events,
        options,
      );
    // A loose expectation holds whatever another writer did meanwhile: find the new end and go again
    // — unless the append was decided on top of one particular event, which a moved end no longer is.
    for (let attempt = 1; ; attempt += 1) {
      const loose = await resolveLoose(stream, expected, events);
      if (loose.kind === 'stored') return loose.result;
      try {
        return await write(stream, expected, loose.head, events, options);
      } catch (error) {
        const retry =
          error instanceof WrongExpectedRevisionError &&
          options.afterEventId === undefined &&
          attempt < MAX_LOOSE_ATTEMPTS;
        if (!retry) throw error;
      }
    }
  };

  /**
   * The port applies appends to one stream in call order, and a pipelined caller issues the next
   * before the previous one is answered: each waits for the one before it on its stream (whatever
   * that one's outcome), while appends to other streams go ahead at once.
   */
  const streamQueues = new Map<string, Promise<unknown>>();
  const append = (
    stream: string,
    expected: ExpectedRevision,
    events: readonly ProposedEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> => {
    const previous = streamQueues.get(stream) ?? Promise.resolve();
    const run = () => appendNow(stream, expected, events, options);
    const appended = previous.then(run, run);
    streamQueues.set(stream, appended);
    const forget = (): void => {
      if (streamQueues.get(stream) === appended) streamQueues.delete(stream);
    };
    appended.then(forget, forget);
    return appended;
  };

  const readAll = async (afterPosition: number, maxCount: number): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    let from = await startFor(afterPosition);
    let previous: number | undefined;
    while (events.length < maxCount) {
      const page = Math.min(Math.max(maxCount - events.length + 1, MIN_PAGE), MAX_PAGE);
      let records = 0;
      const read: AsyncIterable<AllStreamResolvedEvent> = client.readAll({
        fromPosition: from,
        direction: FORWARDS,
        maxCount: page,
      });
      for await (const resolved of read) {
        records += 1;
        const event = resolved.event;
        if (event === undefined) continue;
        const position = toGlobalPosition(event.position);
        // Reads start inclusive: a page after the first begins with the record that ended the last.
        if (records === 1 && position === previous) continue;
        if (previous !== undefined && position <= previous) throw new PositionOrderError(previous, position);
        previous = position;
        from = event.position;
        boundaries.remember(position);
        if (position <= afterPosition || isSystemEvent(event)) continue;
        events.push(fromEsdbRecordedEvent(event));
        if (events.length === maxCount) break;
      }
      if (records < page) break;
    }
    return events;
  };

  return {
    append,
    readStream: (stream, fromRevision = 0) =>
      readStreamWith(stream, { fromRevision: toEsdbRevision(fromRevision) }),
    readAll,
    headPosition,
    subscribe: notifications.subscribe,
    close: async () => {
      await notifications.close();
      await client.dispose();
    },
  };
};
