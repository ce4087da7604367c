import { Either, isRight } from 'fp-ts/Either';
import { DomainError } from '../domain/errors';
import { EventStore, RecordedEvent } from '../adapters/store/port';
import { CommandHandler, CommandInput, StepMark } from './command-handler';
import { RequestContext } from './envelope';

/**
 * How one member step of a multi-stream operation is written exactly once and tried again, the same
 * on every store (the runner that uses them is process-runner.ts): a step belongs to its operation when
 * its data carries the operation's id (or, for a card credit, its transfer id) at a position after the
 * operation's start; its event ids derive from the operation and the member, so even a store's own
 * retry logic sees the same ids.
 */

/**
 * How often, and how patiently, a step of an operation is tried again when it fails for a reason that
 * passes: a store error (SQLITE_BUSY while another process holds the write lock beyond its busy
 * timeout, a lost connection to EventStoreDB) or a `Conflict` (the stream kept changing while
 * deciding). Such a step is never counted as skipped; when the tries run out the store's error (or
 * `StepNotDoneError` for a conflict) is thrown and the operation stays unfinished, for the next sweep
 * (`createFolio`) or start-up to finish.
 */
export interface StepRetry {
  /** Tries in all, the first included; 1 tries once. */
  readonly attempts: number;
  /** Pause after the first failure; it doubles with each further failure, up to `maxPauseMs`. */
  readonly firstPauseMs: number;
  readonly maxPauseMs: number;
}

/** About five seconds of tries: 50, 100, 200, 400, 800, 1,600 and 2,000 ms between them. */
export const DEFAULT_STEP_RETRY: StepRetry = { attempts: 8, firstPauseMs: 50, maxPauseMs: 2_000 };

/** What finishing an operation needs besides its ports: its retry policy, and whether Folio is stopping. */
export interface OperationRuntime {
  readonly retry: StepRetry;
  /** True once Folio is stopping: a failing step then gives up at once instead of pausing. */
  readonly stopping: () => boolean;
}

export const defaultOperationRuntime: OperationRuntime = {
  retry: DEFAULT_STEP_RETRY,
  stopping: () => false,
};

/** A step that kept meeting a `Conflict`: the operation it belongs to stays unfinished. */
export class StepNotDoneError extends Error {
  constructor(
    readonly what: string,
    readonly lastConflict: DomainError | undefined,
  ) {
    super(
      `${what} could not be written: its stream kept changing while it was decided; its operation stays unfinished and is finished later`,
    );
    this.name = 'StepNotDoneError';
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one step of an operation until it is done: a decision (applied, or refused for good, which
 * the caller records as skipped) is returned; a thrown store error or a `Conflict` is tried again
 * with back-off (and jitter, so servers finishing the same operation do not collide in step).
 */
export const persistStep = async <T>(
  runtime: OperationRuntime,
  what: string,
  step: () => Promise<Either<DomainError, T>>,
): Promise<Either<DomainError, T>> => {
  for (let attempt = 1; ; attempt += 1) {
    let thrown: { readonly error: unknown } | undefined;
    let conflict: DomainError | undefined;
    try {
      const outcome = await step();
      if (isRight(outcome) || outcome.left.code !== 'Conflict') return outcome;
      conflict = outcome.left;
    } catch (error) {
      thrown = { error };
    }
    if (attempt >= runtime.retry.attempts || runtime.stopping()) {
      // The store's own error, unchanged, so that callers (and logs) see what failed.
      if (thrown !== undefined) throw thrown.error;
      throw new StepNotDoneError(what, conflict);
    }
    const ceiling = Math.min(runtime.retry.maxPauseMs, runtime.retry.firstPauseMs * 2 ** (attempt - 1));
    await pause(ceiling / 2 + (Math.random() * ceiling) / 2);
  }
};

export const carriesOperation =
  (operationId: string) =>
  (recorded: RecordedEvent): boolean =>
    typeof recorded.data === 'object' &&
    recorded.data !== null &&
    (recorded.data as { operationId?: unknown }).operationId === operationId;

/** How a service writes one member's step of an operation exactly once (`HandleOptions.once`). */
export interface OnceStep {
  readonly mark: StepMark;
  readonly eventId: (index: number) => string;
}

/**
 * Whether `stream` already carries this step. Checked before claiming a name or card for a step: a
 * step applied before a stop must not claim again at recovery what its record may since have given up.
 */
export const stepAlreadyApplied = async (
  ports: { readonly store: Pick<EventStore, 'readStream'> },
  stream: string,
  once: OnceStep,
): Promise<boolean> =>
  (await ports.store.readStream(stream)).some(
    (recorded) => recorded.position > once.mark.after && once.mark.carries(recorded),
  );

/** A command, written exactly once when it is an operation's step. */
export const handleStep = <Command, State, Event>(
  handler: CommandHandler<Command, State, Event>,
  id: string,
  input: CommandInput<Command, State>,
  context: RequestContext,
  once: OnceStep | undefined,
) => handler.handle(id, input, context, once === undefined ? {} : { once: once.mark, eventId: once.eventId });
