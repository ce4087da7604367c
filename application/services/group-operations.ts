import { isLeft, left } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { Money, ZERO } from '../../domain/money';
import { GroupBalanceStart, groupMemberCommand } from '../../domain/operations/group-balance-process';
import { GroupBalanceMode } from '../../domain/operations/operations';
import { userDecider } from '../../domain/users/decide';
import { RequestContext } from '../envelope';
import { ok, ReadYourWrites, Result } from '../kernel';
import { ReadModels } from '../../projections';
import { IdGenerator } from '../ids';

import { groupBalanceInput } from '../process-kinds';
import { ProcessRunner } from '../process-runner';
import { findGroup, groupIdOf, groupMembers } from '../resolve';

/**
 * What a group operation uses besides the process runner that carries it out: the group and its
 * members, the policy its all-or-nothing trial is decided under, and an id for the operation.
 */
export interface GroupOperationPorts {
  readonly models: Pick<ReadModels, 'users' | 'groups' | 'config'>;
  readonly ids: IdGenerator;
  readonly readYourWrites: ReadYourWrites;
}

/**
 * Balance operations over every member of a group, run by the process runner: refused up front
 * (touching no one) if any member's entry would be refused; otherwise every member named at the start
 * gets exactly one entry (or, when it moves nothing, a `UserBalanceUnchanged` marker), unless it can
 * no longer take one when its turn comes: then it is skipped, recorded in the completion, and the call
 * answers GroupOperationPartlyApplied naming it.
 */
export const createGroupOperationServices = (ports: GroupOperationPorts, processes: ProcessRunner) => {
  const { models } = ports;

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
    const operationId = ports.ids();
    const start: GroupBalanceStart = {
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
    const input = groupBalanceInput(ports, start.data);
    for (const member of members) {
      const trial = userDecider.decide(groupMemberCommand(input, member.userId), {
        status: 'present',
        ...member,
      });
      if (isLeft(trial)) return left<DomainError, never>(trial.left);
    }
    const outcome = await ports.readYourWrites(
      await processes.run(processes.kinds.groupBalance, start, context),
    );
    if (isLeft(outcome)) return outcome;
    if (outcome.right.skipped.length === 0) return ok;
    // Members changed between the trial and their turn: the others keep their entries; say who was left out.
    const names = new Map(members.map((user) => [user.userId, user.username]));
    return left<DomainError, never>({
      code: 'GroupOperationPartlyApplied',
      group: start.data.groupName,
      operationId,
      applied: outcome.right.applied,
      skipped: outcome.right.skipped
        .map(({ id, reason }) => `'${names.get(id) ?? id}' (${reason})`)
        .join(', '),
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
  };
};

export type GroupOperationServices = ReturnType<typeof createGroupOperationServices>;
