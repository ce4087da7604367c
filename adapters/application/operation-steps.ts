import { Either, isLeft } from 'fp-ts/Either';
import { Decider } from '../../domain/decider';
import { DomainError } from '../../domain/errors';
import { DomainEvent } from '../../domain/events';
import { RecordedEvent } from '../store/port';
import { StepMark } from './aggregates';
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

export interface MemberStep<State, Event extends DomainEvent> {
  readonly memberId: string;
  readonly stream: string;
  readonly decider: Pick<Decider<unknown, State, Event>, 'evolve' | 'initialState'>;
  readonly decide: (state: State) => Either<DomainError, readonly Event[]>;
}

export interface MembersOutcome {
  /** Members whose entry is now in their stream (written now or found there), or who needed none. */
  readonly applied: number;
  /** Members whose entry was refused, by id, with the refusal's code. */
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

export const applyToMembersOnce = async <State, Event extends DomainEvent>(
  kernel: Kernel,
  operation: OperationRef,
  memberIds: readonly string[],
  stepFor: (memberId: string) => MemberStep<State, Event>,
  context: RequestContext,
): Promise<MembersOutcome> => {
  const mark = operationMark(operation);
  const skipped: { id: string; reason: string }[] = [];
  let applied = 0;
  let position = 0;
  for (let index = 0; index < memberIds.length; index += MEMBER_CONCURRENCY) {
    await Promise.all(
      memberIds.slice(index, index + MEMBER_CONCURRENCY).map(async (memberId) => {
        const step = stepFor(memberId);
        const done = await kernel.aggregates.executeOnce(
          step.stream,
          step.decider,
          mark,
          step.decide,
          context,
          (eventIndex) => memberEventId(operation.operationId, memberId, eventIndex),
        );
        if (isLeft(done)) {
          skipped.push({ id: memberId, reason: done.left.code });
          return;
        }
        applied += 1;
        position = Math.max(position, done.right.position);
      }),
    );
  }
  skipped.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { applied, skipped, position };
};

/** How a service writes one member's step of an operation exactly once (see `executeOnce`). */
export interface OnceStep {
  readonly mark: StepMark;
  readonly eventId: (index: number) => string;
}

export const onceStep = (operation: OperationRef, memberId: string): OnceStep => ({
  mark: operationMark(operation),
  eventId: (index) => memberEventId(operation.operationId, memberId, index),
});

/** `execute`, or `executeOnce` when the write is an operation's step. */
export const executeStep = <State, Event extends DomainEvent>(
  kernel: Kernel,
  stream: string,
  decider: MemberStep<State, Event>['decider'],
  decide: (state: State) => Either<DomainError, readonly Event[]>,
  context: RequestContext,
  once: OnceStep | undefined,
) =>
  once === undefined
    ? kernel.aggregates.execute(stream, decider, decide, context)
    : kernel.aggregates.executeOnce(stream, decider, once.mark, decide, context, once.eventId);
