import { Either, left, right } from 'fp-ts/Either';
import { Decider } from '../../domain/decider';
import { DomainError } from '../../domain/errors';
import { DomainEvent } from '../../domain/events';
import { EventStore, WrongExpectedRevisionError } from '../store/port';
import { decodeOrThrow, proposeEvent, RequestContext } from './envelope';
import { IdGenerator } from './ids';
import { createLru } from './lru';
import { createStreamLocks } from './stream-locks';

/** Aggregate states kept in memory; beyond this the least recently used are re-read when needed. */
const MAX_CACHED_STREAMS = 20_000;
/** Attempts at deciding against a stream that other writers keep changing. */
const MAX_DECISION_ATTEMPTS = 20;

export interface Loaded<State> {
  readonly state: State;
  /** Revision of the stream's last event; -1 when the stream does not exist. */
  readonly revision: number;
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
}

export const createAggregateRepository = (
  store: EventStore,
  clock: () => Date,
  ids: IdGenerator,
): AggregateRepository => {
  const cache = createLru<string, Loaded<unknown>>(MAX_CACHED_STREAMS);
  const withLock = createStreamLocks();

  const load = async <State, Event extends DomainEvent>(
    stream: string,
    decider: AnyDecider<State, Event>,
  ): Promise<Loaded<State>> => {
    const cached = cache.get(stream) as Loaded<State> | undefined;
    let state = cached?.state ?? decider.initialState();
    let revision = cached?.revision ?? -1;
    // Always catch up from the store: another process may have written since we cached.
    for (const recorded of await store.readStream(stream, revision + 1)) {
      state = decider.evolve(state, decodeOrThrow(recorded).event as Event);
      revision = recorded.revision;
    }
    const loaded = { state, revision };
    cache.set(stream, loaded);
    return loaded;
  };

  const execute: AggregateRepository['execute'] = (stream, decider, decide, context, eventId) =>
    withLock(stream, async () => {
      for (let attempt = 0; attempt < MAX_DECISION_ATTEMPTS; attempt += 1) {
        const loaded = await load(stream, decider);
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
            cache.set(stream, { state, revision: result.revision });
          else cache.delete(stream);
          return right({ events, state, position: result.position });
        } catch (error) {
          if (error instanceof WrongExpectedRevisionError) continue;
          cache.delete(stream);
          throw error;
        }
      }
      return left<DomainError, never>({
        code: 'Conflict',
        what: `stream ${stream} kept changing while deciding`,
      });
    });

  return { load: (stream, decider) => withLock(stream, () => load(stream, decider)), execute };
};
