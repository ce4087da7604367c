import { Either, left, right } from 'fp-ts/Either';
import { Decider } from '../domain/decider';
import { DomainError } from '../domain/errors';
import { DomainEvent } from '../domain/events';
import { EventStore, RecordedEvent, WrongExpectedRevisionError } from '../adapters/store/port';
import { decodeOrThrow, proposeEvent, RequestContext } from './envelope';
import { IdGenerator } from './ids';
import { createLru } from './lru';
import { createStreamLocks } from './stream-locks';

/** Aggregate states kept in memory; beyond this the least recently used are re-read when needed. */
const MAX_CACHED_STREAMS = 20_000;
/** Attempts at deciding against a stream that other writers keep changing. */
const MAX_DECISION_ATTEMPTS = 20;
/** Longest pause between attempts; with the attempts above, a decision gives up after about a second. */
const MAX_CONTENTION_PAUSE_MS = 64;

/**
 * After losing a race for a stream, wait a random while that grows with each loss (exponential
 * back-off with full jitter), so that servers contending for one account stop colliding in step.
 * In one process the per-stream lock already queues callers; this only matters across processes.
 */
const contentionPause = (attempt: number): Promise<void> =>
  new Promise((resolve) =>
    setTimeout(resolve, Math.random() * Math.min(MAX_CONTENTION_PAUSE_MS, 2 ** attempt)),
  );

export interface Loaded<State> {
  readonly state: State;
  /** Revision of the stream's last event; -1 when the stream does not exist. */
  readonly revision: number;
}

/** What the cache keeps: also where the stream's last event sits in the log, for `executeOnce`. */
interface Cached<State> extends Loaded<State> {
  /** Global position of the stream's last event; 0 when the stream does not exist. */
  readonly position: number;
}

/**
 * Marks a step of a multi-stream operation: an event that `carries` it, at a position after
 * `after` (the operation's start — no earlier event can belong to it), means the step is done.
 */
export interface StepMark {
  readonly after: number;
  readonly carries: (recorded: RecordedEvent) => boolean;
}

export interface Executed<State, Event> {
  readonly events: readonly Event[];
  readonly state: State;
  /** Global position of the last event written; 0 when the decision wrote nothing. */
  readonly position: number;
}

type AnyDecider<State, Event> = Pick<Decider<unknown, State, Event>, 'evolve' | 'initialState'>;

export interface AggregateRepository {
  load<State, Event extends DomainEvent>(
    stream: string,
    decider: AnyDecider<State, Event>,
  ): Promise<Loaded<State>>;
  /**
   * Decides against the stream's current revision and appends with that revision as expected; when
   * another writer got there first, reads the new events and decides again. A reply of success means
   * the events are durable.
   */
  execute<State, Event extends DomainEvent>(
    stream: string,
    decider: AnyDecider<State, Event>,
    decide: (state: State) => Either<DomainError, readonly Event[]>,
    context: RequestContext,
    eventId?: (index: number) => string,
  ): Promise<Either<DomainError, Executed<State, Event>>>;
  /**
   * `execute`, unless the stream already holds an event carrying `mark`: then nothing is written.
   * The check and the decision are made at the same revision and the append expects that revision,
   * so two processes finishing the same step cannot both apply it — on any store, including one
   * that recognises a repeated event id only at the same expected revision (EventStoreDB).
   */
  executeOnce<State, Event extends DomainEvent>(
    stream: string,
    decider: AnyDecider<State, Event>,
    mark: StepMark,
    decide: (state: State) => Either<DomainError, readonly Event[]>,
    context: RequestContext,
    eventId: (index: number) => string,
  ): Promise<Either<DomainError, Executed<State, Event>>>;
}

export const createAggregateRepository = (
  store: EventStore,
  clock: () => Date,
  ids: IdGenerator,
): AggregateRepository => {
  const cache = createLru<string, Cached<unknown>>(MAX_CACHED_STREAMS);
  const withLock = createStreamLocks();

  const load = async <State, Event extends DomainEvent>(
    stream: string,
    decider: AnyDecider<State, Event>,
    observe?: (recorded: RecordedEvent) => void,
  ): Promise<Cached<State>> => {
    const cached = cache.get(stream) as Cached<State> | undefined;
    let state = cached?.state ?? decider.initialState();
    let revision = cached?.revision ?? -1;
    let position = cached?.position ?? 0;
    // Always catch up from the store: another process may have written since we cached.
    for (const recorded of await store.readStream(stream, revision + 1)) {
      state = decider.evolve(state, decodeOrThrow(recorded).event as Event);
      revision = recorded.revision;
      position = recorded.position;
      observe?.(recorded);
    }
    const loaded = { state, revision, position };
    cache.set(stream, loaded);
    return loaded;
  };

  /** Loads the stream and finds the first event after `mark.after` that carries the mark. */
  const loadMarked = async <State, Event extends DomainEvent>(
    stream: string,
    decider: AnyDecider<State, Event>,
    mark: StepMark,
  ): Promise<{ loaded: Cached<State>; done: RecordedEvent | undefined }> => {
    // Events between the mark and a newer cached state would go unseen: read the stream whole.
    if ((cache.get(stream)?.position ?? 0) > mark.after) cache.delete(stream);
    let done: RecordedEvent | undefined;
    const loaded = await load(stream, decider, (recorded) => {
      if (done === undefined && recorded.position > mark.after && mark.carries(recorded)) done = recorded;
    });
    return { loaded, done };
  };

  const run = <State, Event extends DomainEvent>(
    stream: string,
    decider: AnyDecider<State, Event>,
    mark: StepMark | undefined,
    decide: (state: State) => Either<DomainError, readonly Event[]>,
    context: RequestContext,
    eventId: ((index: number) => string) | undefined,
  ): Promise<Either<DomainError, Executed<State, Event>>> =>
    withLock(stream, async () => {
      for (let attempt = 0; attempt < MAX_DECISION_ATTEMPTS; attempt += 1) {
        const { loaded, done } =
          mark === undefined
            ? { loaded: await load(stream, decider), done: undefined }
            : await loadMarked(stream, decider, mark);
        // Already done: nothing to write; the position is the entry's, for read-your-writes.
        if (done !== undefined) return right({ events: [], state: loaded.state, position: done.position });
        const decision = decide(loaded.state);
        if (decision._tag === 'Left') return decision;
        const events = decision.right;
        if (events.length === 0) return right({ events, state: loaded.state, position: 0 });
        const recordedAt = clock().toISOString();
        const proposed = events.map((event, index) =>
          proposeEvent(event, eventId?.(index) ?? ids(), context, recordedAt),
        );
        try {
          const result = await store.append(
            stream,
            loaded.revision < 0 ? 'no_stream' : loaded.revision,
            proposed,
          );
          const state = events.reduce(decider.evolve, loaded.state);
          // A retried append that found its events already stored leaves our guess of the state unsure.
          if (result.revision === loaded.revision + events.length)
            cache.set(stream, { state, revision: result.revision, position: result.position });
          else cache.delete(stream);
          return right({ events, state, position: result.position });
        } catch (error) {
          if (error instanceof WrongExpectedRevisionError) {
            await contentionPause(attempt);
            continue;
          }
          cache.delete(stream);
          throw error;
        }
      }
      return left<DomainError, never>({
        code: 'Conflict',
        what: `stream ${stream} kept changing while deciding`,
      });
    });

  return {
    load: (stream, decider) =>
      withLock(stream, async () => {
        const { state, revision } = await load(stream, decider);
        return { state, revision };
      }),
    execute: (stream, decider, decide, context, eventId) =>
      run(stream, decider, undefined, decide, context, eventId),
    executeOnce: (stream, decider, mark, decide, context, eventId) =>
      run(stream, decider, mark, decide, context, eventId),
  };
};
