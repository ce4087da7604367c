import { Either, isLeft, left, right } from 'fp-ts/Either';
import { Decider, decideAll } from '../domain/decider';
import { DomainError } from '../domain/errors';
import { DomainEvent } from '../domain/events';
import { EventStore, RecordedEvent, WrongExpectedRevisionError } from '../adapters/store/port';
import { decodeOrThrow, proposeEvent, RequestContext } from './envelope';
import { IdGenerator } from './ids';

/** Streams whose state is kept in memory; beyond this the least recently used idle ones are re-read. */
const MAX_CACHED_STREAMS = 20_000;
/** Attempts at deciding against a stream that another process keeps changing. */
const MAX_DECISION_ATTEMPTS = 20;
/** Longest pause between attempts; with the attempts above, a decision gives up after about a second. */
const MAX_CONTENTION_PAUSE_MS = 64;

/**
 * After losing a race for a stream to another process (this one never races itself: its decisions on
 * one stream are made one after another), wait a random while that grows with each loss, so that
 * servers contending for one account stop colliding in step.
 */
const contentionPause = (attempt: number): Promise<void> =>
  new Promise((resolve) =>
    setTimeout(resolve, Math.random() * Math.min(MAX_CONTENTION_PAUSE_MS, 2 ** attempt)),
  );

/**
 * Marks a step of a multi-stream operation: an event that `carries` it, at a position after `after`
 * (the operation's start — no earlier event can belong to it), means the step is done.
 */
export interface StepMark {
  readonly after: number;
  readonly carries: (recorded: RecordedEvent) => boolean;
}

/**
 * What a caller asks of an aggregate: a command, several decided one after another, or — when the
 * command itself depends on what the stream holds (an import line that fills only blank fields) — a
 * function of the state that gives them, or refuses.
 */
export type CommandInput<Command, State> =
  Command | readonly Command[] | ((state: State) => Either<DomainError, Command | readonly Command[]>);

export interface HandleOptions<Command, State> {
  /** Ids for the events written, by index: derived ids make a retried step recognisable to the store. */
  readonly eventId?: (index: number) => string;
  /** The write is an operation's step: nothing is written when the stream already carries it. */
  readonly once?: StepMark;
  /** Decided instead when the command decides nothing, so that a step leaves a trace. */
  readonly whenUnchanged?: CommandInput<Command, State>;
}

export interface Handled<State, Event> {
  readonly events: readonly Event[];
  readonly state: State;
  /** Global position of the last event written (or found, for a step done before); 0 when nothing was. */
  readonly position: number;
}

/**
 * One aggregate's command handler, bound to its decider and its stream-id rule. `handle` decides
 * against the stream's state *including events decided but not yet durable*, issues the append at
 * once, and answers when the append is durable: a busy stream never waits for the fsync of the
 * previous command before deciding the next, and many commands share one commit.
 */
export interface CommandHandler<Command, State, Event> {
  handle(
    id: string,
    input: CommandInput<Command, State>,
    context: RequestContext,
    options?: HandleOptions<Command, State>,
  ): Promise<Either<DomainError, Handled<State, Event>>>;
  /** The stream's durable state, caught up with what other processes wrote. */
  load(id: string): Promise<{ readonly state: State; readonly revision: number }>;
}

/** The decider and the rule that names an aggregate's stream. */
export interface AggregateDefinition<Command, State, Event> {
  readonly decider: Decider<Command, State, Event>;
  readonly streamOf: (id: string) => string;
}

/**
 * A stream's state as this process decides on it. One pipeline per generation: once `stale`, nothing
 * more is decided on it and the next caller reads the stream again.
 */
interface Pipeline<State> {
  state: State;
  /** Revision after every event decided here, durable or not; -1 for no stream. */
  revision: number;
  /** Id of the last event decided here, durable or not: what the next append must follow. */
  lastEventId: string | undefined;
  /** Global position of the last event known to be durable; 0 for no stream. */
  position: number;
  /** Settles once every append issued on this pipeline is durable (its position), or one failed. */
  tail: Promise<number> | undefined;
  stale: boolean;
  /** False once an append failed or found other events: the state must be read whole again. */
  trusted: boolean;
  pending: number;
}

const noStream = <State>(initial: State): Pipeline<State> => ({
  state: initial,
  revision: -1,
  lastEventId: undefined,
  position: 0,
  tail: undefined,
  stale: false,
  trusted: true,
  pending: 0,
});

export const createCommandHandler = <Command, State, Event extends DomainEvent>(
  store: EventStore,
  clock: () => Date,
  ids: IdGenerator,
  { decider, streamOf }: AggregateDefinition<Command, State, Event>,
): CommandHandler<Command, State, Event> => {
  const pipelines = new Map<string, Pipeline<State>>();
  /** A stream being read: callers wait for it rather than decide on what is being replaced. */
  const reloads = new Map<string, Promise<Pipeline<State>>>();

  const remember = (stream: string, pipeline: Pipeline<State>): void => {
    pipelines.delete(stream);
    pipelines.set(stream, pipeline);
    if (pipelines.size <= MAX_CACHED_STREAMS) return;
    for (const [oldest, candidate] of pipelines) {
      // A stream with appends on their way keeps its state: re-reading it now would miss them.
      if (candidate.pending > 0) continue;
      pipelines.delete(oldest);
      return;
    }
  };

  /**
   * Reads the stream (from `previous` when it can be trusted) once every append issued on `previous`
   * has settled; `observe` sees each event read.
   */
  const reload = (
    stream: string,
    previous: Pipeline<State> | undefined,
    /** Events after `after` must all be seen: a trusted state newer than that is not used as the base. */
    observe?: { readonly after: number; readonly event: (recorded: RecordedEvent) => void },
  ): Promise<Pipeline<State>> => {
    if (previous !== undefined) previous.stale = true;
    const reading = (async () => {
      let base = previous?.trusted === true ? previous : undefined;
      if (previous?.tail !== undefined) await previous.tail.catch(() => (base = undefined));
      // Judged once the appends have landed: their positions are known only now.
      if (base !== undefined && (!base.trusted || (observe !== undefined && base.position > observe.after)))
        base = undefined;
      const fresh: Pipeline<State> =
        base === undefined
          ? noStream(decider.initialState())
          : {
              ...noStream(base.state),
              revision: base.revision,
              lastEventId: base.lastEventId,
              position: base.position,
            };
      for (const recorded of await store.readStream(stream, fresh.revision + 1)) {
        fresh.state = decider.evolve(fresh.state, decodeOrThrow(recorded).event as Event);
        fresh.revision = recorded.revision;
        fresh.lastEventId = recorded.eventId;
        fresh.position = recorded.position;
        observe?.event(recorded);
      }
      remember(stream, fresh);
      return fresh;
    })();
    const settled = reading.finally(() => {
      if (reloads.get(stream) === settled) reloads.delete(stream);
    });
    reloads.set(stream, settled);
    return settled;
  };

  const ready = async (stream: string): Promise<Pipeline<State>> => {
    for (;;) {
      const reading = reloads.get(stream);
      if (reading !== undefined) {
        await reading.catch(() => undefined);
        continue;
      }
      const pipeline = pipelines.get(stream);
      if (pipeline !== undefined && !pipeline.stale) return pipeline;
      return reload(stream, pipeline);
    }
  };

  /** Reads the stream afresh and finds the first event after `mark.after` that carries the mark. */
  const readMarked = async (
    stream: string,
    mark: StepMark,
  ): Promise<{ pipeline: Pipeline<State>; done: RecordedEvent | undefined }> => {
    while (reloads.has(stream)) await reloads.get(stream)?.catch(() => undefined);
    let done: RecordedEvent | undefined;
    // Events between the mark and a newer cached state would go unseen: then the stream is read whole.
    const pipeline = await reload(stream, pipelines.get(stream), {
      after: mark.after,
      event: (recorded) => {
        if (done === undefined && recorded.position > mark.after && mark.carries(recorded)) done = recorded;
      },
    });
    return { pipeline, done };
  };

  const eventsFor = (
    input: CommandInput<Command, State>,
    state: State,
  ): Either<DomainError, readonly Event[]> => {
    let commands: Command | readonly Command[];
    if (typeof input === 'function') {
      const built = (input as (state: State) => Either<DomainError, Command | readonly Command[]>)(state);
      if (isLeft(built)) return built;
      commands = built.right;
    } else commands = input;
    return Array.isArray(commands)
      ? decideAll(decider, commands as readonly Command[], state)
      : decider.decide(commands as Command, state);
  };

  /** Whether everything decided on `pipeline` so far became durable (its position), or not (undefined). */
  const durable = async (pipeline: Pipeline<State>): Promise<number | undefined> => {
    if (pipeline.tail === undefined) return pipeline.position;
    try {
      return await pipeline.tail;
    } catch {
      return undefined;
    }
  };

  const handle: CommandHandler<Command, State, Event>['handle'] = async (
    id,
    input,
    context,
    options = {},
  ) => {
    const stream = streamOf(id);
    for (let attempt = 0; attempt < MAX_DECISION_ATTEMPTS;) {
      let pipeline: Pipeline<State>;
      if (options.once !== undefined) {
        const marked = await readMarked(stream, options.once);
        // Done before: nothing to write; the position is the entry's, for read-your-writes.
        if (marked.done !== undefined)
          return right({ events: [], state: marked.pipeline.state, position: marked.done.position });
        pipeline = marked.pipeline;
      } else pipeline = await ready(stream);
      // Replaced while this caller waited (a failure, a step's fresh read): take the new one.
      if (pipeline.stale) continue;

      let decision = eventsFor(input, pipeline.state);
      if (options.whenUnchanged !== undefined && !isLeft(decision) && decision.right.length === 0)
        decision = eventsFor(options.whenUnchanged, pipeline.state);
      if (isLeft(decision) || decision.right.length === 0) {
        // A refusal or a no-op judged against events still on their way holds only once they land;
        // a no-op then answers their position, so that its caller reads them too.
        const restsOnPending = pipeline.pending > 0;
        const { state } = pipeline;
        const position = await durable(pipeline);
        if (position === undefined) {
          attempt += 1;
          continue;
        }
        return isLeft(decision)
          ? decision
          : right({
              events: [],
              state,
              position: restsOnPending ? position : 0,
            });
      }
      const events = decision.right;

      const recordedAt = clock().toISOString();
      const proposed = events.map((event, index) =>
        proposeEvent(event, options.eventId?.(index) ?? ids(), context, recordedAt),
      );
      // Evolve before touching the pipeline: an event that cannot be folded leaves it as it was.
      const state = events.reduce(decider.evolve, pipeline.state);
      const expected = pipeline.revision < 0 ? 'no_stream' : pipeline.revision;
      const afterEventId = pipeline.lastEventId;
      pipeline.state = state;
      pipeline.revision += events.length;
      pipeline.lastEventId = proposed[proposed.length - 1]?.eventId;
      pipeline.pending += 1;
      const revisionAfter = pipeline.revision;
      // Issued now, in decision order: the store applies one stream's appends in the order called.
      const appended = store.append(
        stream,
        expected,
        proposed,
        afterEventId === undefined ? undefined : { afterEventId },
      );
      const tail = appended.then(
        (result) => {
          pipeline.pending -= 1;
          // A retried step found its events already stored: the state guessed here may be off.
          if (result.revision !== revisionAfter) {
            pipeline.stale = true;
            pipeline.trusted = false;
          }
          pipeline.position = Math.max(pipeline.position, result.position);
          return result.position;
        },
        (error: unknown) => {
          pipeline.pending -= 1;
          // Every append decided on top of this one is refused by the store (afterEventId).
          pipeline.stale = true;
          pipeline.trusted = false;
          throw error;
        },
      );
      tail.catch(() => undefined);
      pipeline.tail = tail;
      try {
        const result = await appended;
        return right({ events, state, position: result.position });
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        attempt += 1;
        await contentionPause(attempt);
      }
    }
    return left<DomainError, never>({
      code: 'Conflict',
      what: `stream ${stream} kept changing while deciding`,
    });
  };

  const load: CommandHandler<Command, State, Event>['load'] = async (id) => {
    const stream = streamOf(id);
    const pipeline = await ready(stream);
    const position = await durable(pipeline);
    // The durable state: wait again if more was decided meanwhile, or if it did not land.
    if (position === undefined || pipeline.stale || pipeline.pending > 0) return load(id);
    // Catch up with what other processes wrote, without holding back the decisions made meanwhile.
    const { revision } = pipeline;
    let state = pipeline.state;
    const newer = await store.readStream(stream, revision + 1);
    for (const recorded of newer) state = decider.evolve(state, decodeOrThrow(recorded).event as Event);
    const last = newer[newer.length - 1];
    if (last === undefined) return { state, revision };
    if (pipeline.revision === revision && !pipeline.stale) {
      pipeline.state = state;
      pipeline.revision = last.revision;
      pipeline.lastEventId = last.eventId;
      pipeline.position = last.position;
    } else {
      // Decided on meanwhile without these events: those appends are refused and decided again.
      pipeline.stale = true;
      pipeline.trusted = false;
    }
    return { state, revision: last.revision };
  };

  return { handle, load };
};
