import { Either, isLeft, isRight } from 'fp-ts/Either';
import { DomainError } from '../domain/errors';
import { RecordedEvent } from '../adapters/store/port';
import { CommandHandler, CommandInput, StepMark } from './command-handler';
import { RequestContext } from './envelope';
import { derivedId } from './ids';
import { Kernel } from './kernel';

/**
 * The member half of a multi-stream operation (group adjustment, import, quota run), the same on
 * every store: each member's stream gets its entry exactly once, however often the operation is
 * finished — by the process that started it, by start-up recovery after a crash, or by two servers
 * at once. An entry belongs to the operation when its data carries the operation id; its event ids
 * derive from the operation and the member, so even a store's own retry logic sees the same ids.
 */

/** Members whose streams are worked on at once: independent streams, and the store batches commits. */
export const MEMBER_CONCURRENCY = 64;

export interface OperationRef {
  readonly operationId: string;
  /** Global position of the operation's start event: no earlier event can be one of its entries. */
  readonly startPosition: number;
}

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

/** What finishing an operation needs besides the kernel: its retry policy, and whether Folio is stopping. */
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

export interface MemberStep<Command, State> {
  readonly command: CommandInput<Command, State>;
  /**
   * What the step writes when `command` writes nothing (the member already where the operation would
   * put it): a marker carrying the operation id, so the step is done and recovery after a crash never
   * decides it again against a later state.
   */
  readonly unchanged: CommandInput<Command, State>;
}

export interface MembersOutcome {
  /** Members whose entry (or marker) is now in their stream, written now or found there. */
  readonly applied: number;
  /**
   * Members that can no longer take their entry (deleted meanwhile, a balance pushed out of range, an
   * account no longer configured), by id, with the refusal's code. Never a passing failure: those are
   * tried again until done, or thrown.
   */
  readonly skipped: readonly { readonly id: string; readonly reason: string }[];
  /** The greatest position written or found: wait for it to read the operation's effects. */
  readonly position: number;
}

export const carriesOperation =
  (operationId: string) =>
  (recorded: RecordedEvent): boolean =>
    typeof recorded.data === 'object' &&
    recorded.data !== null &&
    (recorded.data as { operationId?: unknown }).operationId === operationId;

export const operationMark = (operation: OperationRef): StepMark => ({
  after: operation.startPosition,
  carries: carriesOperation(operation.operationId),
});

/** The id of a member entry's `index`-th event: the same for every attempt at the same step. */
export const memberEventId = (operationId: string, memberId: string, index: number): string =>
  derivedId(operationId, memberId, String(index));

export const applyToMembersOnce = async <Command, State, Event>(
  handler: CommandHandler<Command, State, Event>,
  runtime: OperationRuntime,
  operation: OperationRef,
  memberIds: readonly string[],
  stepFor: (memberId: string) => MemberStep<Command, State>,
  context: RequestContext,
): Promise<MembersOutcome> => {
  const mark = operationMark(operation);
  const skipped: { id: string; reason: string }[] = [];
  let applied = 0;
  let position = 0;
  for (let index = 0; index < memberIds.length; index += MEMBER_CONCURRENCY) {
    const chunk = await Promise.allSettled(
      memberIds.slice(index, index + MEMBER_CONCURRENCY).map(async (memberId) => {
        const step = stepFor(memberId);
        const done = await persistStep(
          runtime,
          `the entry of ${memberId} in operation ${operation.operationId}`,
          () =>
            handler.handle(memberId, step.command, context, {
              once: mark,
              whenUnchanged: step.unchanged,
              eventId: (eventIndex) => memberEventId(operation.operationId, memberId, eventIndex),
            }),
        );
        if (isLeft(done)) {
          skipped.push({ id: memberId, reason: done.left.code });
          return;
        }
        applied += 1;
        position = Math.max(position, done.right.position);
      }),
    );
    // Every member of the chunk has settled (none is left writing behind our back); then fail.
    const failed = chunk.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }
  skipped.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { applied, skipped, position };
};

/** How a service writes one member's step of an operation exactly once (`HandleOptions.once`). */
export interface OnceStep {
  readonly mark: StepMark;
  readonly eventId: (index: number) => string;
}

export const onceStep = (operation: OperationRef, memberId: string): OnceStep => ({
  mark: operationMark(operation),
  eventId: (index) => memberEventId(operation.operationId, memberId, index),
});

/**
 * Whether `stream` already carries this step. Checked before claiming a name or card for a step: a
 * step applied before a stop must not claim again at recovery what its record may since have given up.
 */
export const stepAlreadyApplied = async (kernel: Kernel, stream: string, once: OnceStep): Promise<boolean> =>
  (await kernel.store.readStream(stream)).some(
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
