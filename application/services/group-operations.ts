import { isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { counterAccountFor, TransferCause } from '../../domain/ledger/accounts';
import { Money, ZERO } from '../../domain/money';
import { GroupBalanceMode, OperationStart } from '../../domain/operations/operations';
import { UserCommand, UserPolicy } from '../../domain/users/commands';
import { userDecider } from '../../domain/users/decide';
import { UserState } from '../../domain/users/state';
import { RequestContext } from '../envelope';
import { derivedId } from '../ids';
import {
  applyToMembersOnce,
  defaultOperationRuntime,
  MembersOutcome,
  MemberStep,
  OperationRuntime,
} from '../operation-steps';
import { Kernel, ok, Result, settled } from '../kernel';
import { userPolicy } from '../policy';
import { findGroup, groupIdOf, groupMembers } from '../resolve';
import { createInFlightOperations, finishEachUnfinished, recordOperationStart } from '../operation-starts';

type GroupOperationStart = Extract<OperationStart, { type: 'GroupBalanceOperationStarted' }>;

const CAUSES: Readonly<
  Record<GroupBalanceMode, Extract<TransferCause, 'group-adjustment' | 'group-balance-set' | 'group-top-up'>>
> = {
  adjust: 'group-adjustment',
  set: 'group-balance-set',
  'up-to': 'group-top-up',
};

/** The one command a member's stream receives; ids derive from the operation, so a retry is the same entry. */
const memberCommand = (
  start: GroupOperationStart['data'],
  userId: string,
  policy: UserPolicy,
): UserCommand => {
  const transfer = {
    transferId: derivedId(start.operationId, userId, 'transfer'),
    cause: CAUSES[start.mode],
    counterAccount: counterAccountFor(CAUSES[start.mode]),
    comment: start.comment,
    operationId: start.operationId,
  };
  switch (start.mode) {
    case 'set':
      return { kind: 'SetBalance', account: start.account, balance: start.amount, policy, transfer };
    case 'adjust':
      return {
        kind: 'AdjustBalance',
        account: start.account,
        amount: start.amount,
        condition: { kind: 'unconditional' },
        policy,
        transfer,
      };
    case 'up-to':
      return {
        kind: 'AdjustBalance',
        account: start.account,
        amount: start.amount,
        condition: { kind: 'up-to', limit: start.limit },
        policy,
        transfer,
      };
  }
};

/**
 * Balance operations over every member of a group: recorded as an operation, applied member by member
 * with derived ids, completed last. Refused up front (touching no one) if any member's entry would be
 * refused; finished on start-up, or by the running server's sweep, if it stopped half-way. Every member
 * named at the start gets exactly one entry (or, when it moves nothing, a `UserBalanceUnchanged`
 * marker), unless it can no longer take one when its turn comes: then it is skipped, recorded in the
 * completion, and the call answers GroupOperationPartlyApplied naming it.
 */
export const createGroupOperationServices = (
  kernel: Kernel,
  runtime: OperationRuntime = defaultOperationRuntime,
) => {
  const { models } = kernel;
  /** Operations this process is finishing right now: the sweep leaves them to their finisher. */
  const inFlight = createInFlightOperations();

  /** Applies the operation to every member not yet carrying it, then records completion. */
  const finish = async (
    start: GroupOperationStart,
    startPosition: number,
    context: RequestContext,
  ): Promise<MembersOutcome> => {
    const policy = userPolicy(models.config);
    const { operationId } = start.data;
    const members = await applyToMembersOnce(
      kernel.handlers.users,
      runtime,
      { operationId, startPosition },
      start.data.userIds,
      (userId): MemberStep<UserCommand, UserState> => ({
        command: memberCommand(start.data, userId, policy),
        unchanged: { kind: 'RecordBalanceUnchanged', operationId, account: start.data.account },
      }),
      context,
    );
    const completed = await kernel.handlers.operations.handle(
      operationId,
      { kind: 'CompleteOperation', applied: members.applied, skipped: [...members.skipped] },
      context,
    );
    if (isLeft(completed))
      throw new Error(`could not complete operation ${operationId}: ${completed.left.code}`);
    // Completion may already have been recorded (by another server): wait for the entries regardless.
    return { ...members, position: Math.max(members.position, completed.right.position) };
  };

  /** `finish`, marked as in flight in this process meanwhile. */
  const finishing = async (
    start: GroupOperationStart,
    startPosition: number,
    context: RequestContext,
  ): Promise<MembersOutcome> =>
    inFlight.during(start.data.operationId, () => finish(start, startPosition, context));

  const run = async (
    context: RequestContext,
    groupName: string,
    mode: GroupBalanceMode,
    amount: Money,
    limit: Money,
    comment: string,
    account: string,
  ): Result<true> => {
    const ref = findGroup(models, groupName);
    if (isLeft(ref)) return ref;
    const members = groupMembers(models, ref.right);
    const operationId = kernel.ids();
    const start: GroupOperationStart = {
      type: 'GroupBalanceOperationStarted',
      data: {
        operationId,
        groupId: groupIdOf(ref.right),
        groupName: ref.right.kind === 'stored' ? ref.right.group.name : ref.right.name,
        mode,
        amount,
        limit,
        account,
        comment,
        userIds: members.map((user) => user.userId),
      },
    };
    // All or nothing: a member whose entry would be refused refuses the whole operation before it starts.
    const policy = userPolicy(models.config);
    for (const member of members) {
      const trial = userDecider.decide(memberCommand(start.data, member.userId, policy), {
        status: 'present',
        ...member,
      });
      if (isLeft(trial)) return left<DomainError, never>(trial.left);
    }
    return inFlight.during(operationId, async () => {
      const started = await recordOperationStart(kernel, start, context);
      if (isLeft(started)) return started;
      const outcome = await finish(start, started.right.position, context);
      const done = await settled(kernel, right(outcome));
      if (isLeft(done)) return done;
      if (outcome.skipped.length === 0) return ok;
      // Members changed between the trial and their turn: the others keep their entries; say who was left out.
      const names = new Map(members.map((user) => [user.userId, user.username]));
      return left<DomainError, never>({
        code: 'GroupOperationPartlyApplied',
        group: start.data.groupName,
        operationId,
        applied: outcome.applied,
        skipped: outcome.skipped.map(({ id, reason }) => `'${names.get(id) ?? id}' (${reason})`).join(', '),
      });
    });
  };

  return {
    adjustUserAccountBalanceByGroup: (
      context: RequestContext,
      group: string,
      amount: Money,
      comment: string,
      account: string,
    ) => run(context, group, 'adjust', amount, ZERO, comment, account),
    adjustUserAccountBalanceByGroupUpTo: (
      context: RequestContext,
      group: string,
      amount: Money,
      limit: Money,
      comment: string,
      account: string,
    ) => run(context, group, 'up-to', amount, limit, comment, account),
    setUserAccountBalanceByGroup: (
      context: RequestContext,
      group: string,
      balance: Money,
      comment: string,
      account: string,
    ) => run(context, group, 'set', balance, ZERO, comment, account),
    /**
     * Finishes every operation a stopped process left half-way: at start-up, before serving (all of
     * them), and from the running server's sweep (those started before `cutoff` and not being
     * finished by this process already).
     */
    recoverUnfinished: async (context: RequestContext, cutoff?: Date): Promise<number> => {
      const unfinished = models.operations
        .unfinished()
        .filter((start): start is GroupOperationStart => start.type === 'GroupBalanceOperationStarted')
        .filter((start) => !inFlight.has(start.data.operationId));
      return finishEachUnfinished(kernel, inFlight, unfinished, cutoff, async (start, startPosition) =>
        kernel.runner.waitFor((await finishing(start, startPosition, context)).position),
      );
    },
  };
};

export type GroupOperationServices = ReturnType<typeof createGroupOperationServices>;
