import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../domain/errors';
import {
  MemberStep,
  ProcessInput,
  ProcessMessage,
  processDecider,
  ProcessState,
} from '../domain/operations/process';
import { RequestContext } from './envelope';
import { derivedId } from './ids';
import { ProcessPorts } from './process-ports';
import { applyMemberAction } from './member-actions';
import { createInFlightOperations, startedBefore } from './operation-starts';
import {
  defaultOperationRuntime,
  OnceStep,
  OperationRuntime,
  persistStep,
  stepAlreadyApplied,
} from './operation-steps';
import { ProcessKind, processKinds } from './process-kinds';

export interface SkippedStep {
  readonly id: string;
  /** As the completion records it: the refusal's code, after the step's prefix. */
  readonly reason: string;
  readonly error: DomainError;
}

export interface ProcessOutcome {
  readonly operationId: string;
  /** Steps whose entry (or marker) is now in their stream, written now or found there. */
  readonly applied: number;
  /**
   * Steps whose member can no longer take them (deleted meanwhile, a balance pushed out of range, a
   * name taken), sorted by id. Never a passing failure: those are tried again until done, or thrown.
   */
  readonly skipped: readonly SkippedStep[];
  /** The greatest position written or found: wait for it to read the operation's effects. */
  readonly position: number;
}

/** Told of every step as it settles, in the order they settle (an import's task lines). */
export type StepObserver = (step: MemberStep, outcome: Either<DomainError, number>) => void;

/**
 * Runs `work` on every item, at most `limit` at once, in order. After a failure no further item is
 * begun; the first failure is thrown once every item begun has settled (none is left writing behind
 * the caller's back).
 */
const inPool = async <T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) => {
  let nextIndex = 0;
  let failure: { readonly error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && nextIndex < items.length) {
      const item = items[nextIndex] as T;
      nextIndex += 1;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
};

/**
 * The one runner of multi-stream operations (group adjustments, imports, printer imports, card
 * credits): records an operation's start before anything else, applies each step its kind's plan
 * issues exactly once through the right command handler, records completion, and resumes unfinished
 * ones after a crash — at start-up and from the running server's sweep.
 */
export const createProcessRunner = (
  ports: ProcessPorts,
  runtime: OperationRuntime = defaultOperationRuntime,
) => {
  const kinds = processKinds(ports);
  /** Operations this process is finishing right now: recovery and the sweep leave them to it. */
  const inFlight = createInFlightOperations();

  const step = async <Start>(
    kind: ProcessKind<Start>,
    operationId: string,
    startPosition: number,
    member: MemberStep,
    context: RequestContext,
  ): Promise<Either<DomainError, number>> => {
    const once: OnceStep = {
      mark: { after: startPosition, carries: kind.carries(operationId) },
      eventId: (index) => derivedId(operationId, member.eventKey, String(index)),
    };
    return persistStep(runtime, `${member.where} in ${kind.name} ${operationId}`, async () => {
      if (member.claims && (await stepAlreadyApplied(ports, member.stream, once))) return right(0);
      return applyMemberAction(ports, member.memberId, member.action, context, once);
    });
  };

  /** Drives the workflow from the start to its completion, carrying out each wave it issues. */
  const finish = async <Start>(
    kind: ProcessKind<Start>,
    start: Start,
    startPosition: number,
    context: RequestContext,
    observe: StepObserver,
  ): Promise<ProcessOutcome> => {
    const operationId = kind.idOf(start);
    let state: ProcessState = processDecider.initialState();
    const tell = (input: ProcessInput): readonly ProcessMessage[] => {
      const decided = processDecider.decide(input, state);
      if (isLeft(decided)) throw new Error(`${kind.name} ${operationId}: ${decided.left.code}`);
      state = [input, ...decided.right].reduce(processDecider.evolve, state);
      return decided.right;
    };
    const errors = new Map<string, DomainError>();
    let position = 0;
    let decided = tell({ type: 'ProcessStarted', plan: kind.plan(start) });
    for (;;) {
      const issued = decided.find((message) => message.type === 'StepsIssued');
      if (issued === undefined || issued.type !== 'StepsIssued') break;
      decided = [];
      await inPool(issued.steps, kind.concurrency, async (member) => {
        const outcome = await step(kind, operationId, startPosition, member, context);
        observe(member, outcome);
        if (isLeft(outcome)) errors.set(member.memberId, outcome.left);
        else position = Math.max(position, outcome.right);
        const next = tell(
          isLeft(outcome)
            ? {
                type: 'StepSkipped',
                memberId: member.memberId,
                reason: `${member.skipPrefix}${outcome.left.code}`,
              }
            : { type: 'StepApplied', memberId: member.memberId },
        );
        if (next.length > 0) decided = next;
      });
    }
    if (state.status !== 'completed') throw new Error(`${kind.name} ${operationId} did not complete`);
    const { applied, skipped } = state;
    if (kind.completes) {
      const completed = await ports.handlers.operations.handle(
        operationId,
        { kind: 'CompleteOperation', applied, skipped: [...skipped] },
        context,
      );
      if (isLeft(completed))
        throw new Error(`could not complete ${kind.name} ${operationId}: ${completed.left.code}`);
      // Completion may already have been recorded (by another server): wait for the entries regardless.
      position = Math.max(position, completed.right.position);
    }
    return {
      operationId,
      applied,
      skipped: skipped.map((each) => ({
        ...each,
        error: errors.get(each.id) ?? { code: 'Conflict', what: each.reason },
      })),
      position,
    };
  };

  const noObserver: StepObserver = () => undefined;

  return {
    kinds,
    /**
     * Records the operation's start (with the kind's own `record`, or `record` given here when the
     * service's command records it) and finishes it, in flight in this process from before the start.
     * A refused start is answered as is, nothing done; the caller waits for the outcome's position.
     */
    run: <Start>(
      kind: ProcessKind<Start>,
      start: Start,
      context: RequestContext,
      options: {
        readonly record?: () => Promise<Either<DomainError, number>>;
        readonly observe?: StepObserver;
      } = {},
    ): Promise<Either<DomainError, ProcessOutcome>> =>
      inFlight.during(kind.idOf(start), async () => {
        const { record: recordOwn } = kind;
        const record = options.record ?? (recordOwn && (() => recordOwn(start, context)));
        if (record === undefined) throw new Error(`${kind.name}: nothing records its start`);
        const started = await record();
        if (isLeft(started)) return left(started.left);
        return right(await finish(kind, start, started.right, context, options.observe ?? noObserver));
      }),
    /**
     * Finishes every operation a stopped process left half-way: at start-up, before serving (all of
     * them: no `cutoff`), and from the running server's sweep (those started before `cutoff` and not
     * being finished by this process). Each kind, and each operation, gets its turn even when another
     * fails; the failures are thrown together at the end, for the next sweep. Answers the card credits
     * that cannot be booked (their user was deleted in between): they stay unfinished.
     */
    finishUnfinished: async (
      context: RequestContext,
      cutoff?: Date,
    ): Promise<readonly { readonly cardNumber: string; readonly problem: DomainError }[]> => {
      const failures: unknown[] = [];
      const stuck: { cardNumber: string; problem: DomainError }[] = [];
      const finishEach = async <Start>(
        kind: ProcessKind<Start>,
        onOutcome?: (start: Start, outcome: ProcessOutcome) => void,
      ) => {
        for (const start of kind.unfinished()) {
          const operationId = kind.idOf(start);
          if (inFlight.has(operationId)) continue;
          try {
            const recorded = await kind.startOf(start);
            // Checked again after the read: the operation may have been taken up meanwhile.
            if (!startedBefore(recorded.startedAt, cutoff) || inFlight.has(operationId)) continue;
            const outcome = await inFlight.during(operationId, () =>
              finish(kind, start, recorded.position, context, noObserver),
            );
            await ports.runner.waitFor(outcome.position);
            onOutcome?.(start, outcome);
          } catch (error) {
            failures.push(error);
          }
        }
      };
      await finishEach(kinds.groupBalance);
      await finishEach(kinds.printerImport);
      await finishEach(kinds.cardCredit, (start, outcome) => {
        for (const { error } of outcome.skipped) stuck.push({ cardNumber: start.cardNumber, problem: error });
      });
      await finishEach(kinds.imports);
      if (failures.length > 0)
        throw new AggregateError(
          failures,
          `${failures.length} unfinished operation(s) could not be finished yet`,
        );
      return stuck;
    },
  };
};

export type ProcessRunner = ReturnType<typeof createProcessRunner>;
