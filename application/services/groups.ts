import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { GroupCommand, validateGroupName } from '../../domain/groups/decide';
import { QuotaPeriod } from '../../domain/groups/events';
import { NO_QUOTA, Quota } from '../../domain/groups/state';
import { Money } from '../../domain/money';
import { nameKey } from '../../domain/names';
import { ALL_USERS_GROUP, INTERNAL_USERS_GROUP } from '../../domain/groups/decide';
import { RequestContext } from '../envelope';
import { ok, ReadYourWrites, Result } from '../kernel';
import { ReadModels } from '../../projections';
import { CommandHandlers } from '../command-handlers';
import { IdGenerator } from '../ids';

import { page } from '../paging';
import { findGroup, findUser, GroupRef, groupMembers } from '../resolve';
import {
  ClaimPorts,
  claimKeyForCreation,
  inFlightCreation,
  mayGiveBackCreationClaims,
  refuseStoredLookAlike,
  releaseKey,
} from '../uniqueness';

/** What the group methods use: the group handler, the group-name claims, and users and groups to find. */
export interface GroupPorts extends ClaimPorts {
  readonly handlers: Pick<CommandHandlers, 'claims' | 'groups'>;
  readonly models: Pick<ReadModels, 'users' | 'groups'>;
  readonly ids: IdGenerator;
  readonly readYourWrites: ReadYourWrites;
}

const loadGroup = (ports: Pick<GroupPorts, 'handlers'>, groupId: string) =>
  ports.handlers.groups.load(groupId);

const groupHoldsName =
  (ports: Pick<GroupPorts, 'handlers'>, name: string) =>
  async (groupId: string): Promise<boolean> => {
    const { state } = await loadGroup(ports, groupId);
    return state.status === 'present' && !state.removed && nameKey(state.name) === nameKey(name);
  };

const groupUnborn =
  (ports: Pick<GroupPorts, 'handlers'>) =>
  async (groupId: string): Promise<boolean> =>
    (await loadGroup(ports, groupId)).state.status === 'absent';

const storedGroup = (
  ref: Either<DomainError, GroupRef>,
): Either<DomainError, Extract<GroupRef, { kind: 'stored' }>> => {
  if (isLeft(ref)) return ref;
  return ref.right.kind === 'reserved'
    ? left({ code: 'ReservedGroup', group: ref.right.name })
    : right(ref.right);
};

export const createGroupServices = (ports: GroupPorts) => {
  const { models } = ports;

  const onGroup = async (context: RequestContext, name: string, command: GroupCommand): Result<true> => {
    const ref = storedGroup(findGroup(models, name));
    if (isLeft(ref)) return ref;
    const done = await ports.readYourWrites(
      await ports.handlers.groups.handle(ref.right.group.groupId, command, context),
    );
    return isLeft(done) ? done : ok;
  };

  const membership = async (
    context: RequestContext,
    username: string,
    groupName: string,
    join: boolean,
  ): Result<true> => {
    const user = findUser(models, username);
    if (isLeft(user)) return user;
    return onGroup(
      context,
      groupName,
      join
        ? { kind: 'AddMember', userId: user.right.userId }
        : { kind: 'RemoveMember', userId: user.right.userId },
    );
  };

  const quotaOf = (ref: GroupRef): Quota => (ref.kind === 'stored' ? ref.group.quota : NO_QUOTA);

  return {
    addNewGroup: async (
      context: RequestContext,
      name: string,
      source: 'application' | 'directory' = 'application',
    ): Result<true> => {
      const valid = validateGroupName(name);
      if (isLeft(valid)) return valid;
      const conflict = { code: 'GroupAlreadyExists', group: valid.right } as const;
      const proposedGroupId = ports.ids();
      const stored = refuseStoredLookAlike(
        models.groups.findByName(valid.right)?.groupId,
        proposedGroupId,
        conflict,
      );
      if (isLeft(stored)) return stored;
      const claimed = await claimKeyForCreation(
        ports,
        'group',
        valid.right,
        proposedGroupId,
        { holdsKey: groupHoldsName(ports, valid.right), unborn: groupUnborn(ports) },
        conflict,
        context,
      );
      if (isLeft(claimed)) return claimed;
      const { ownerId: groupId, newlyClaimed } = claimed.right;
      return inFlightCreation(groupId, async () => {
        const created = await ports.readYourWrites(
          await ports.handlers.groups.handle(
            groupId,
            { kind: 'CreateGroup', groupId, name: valid.right, source },
            context,
          ),
        );
        if (isLeft(created)) {
          if (newlyClaimed && (await mayGiveBackCreationClaims(groupId, groupUnborn(ports))))
            await releaseKey(ports, 'group', valid.right, groupId, context);
          return created;
        }
        return ok;
      });
    },
    removeGroup: async (context: RequestContext, name: string): Result<true> => {
      const ref = storedGroup(findGroup(models, name));
      if (isLeft(ref)) return ref;
      const removed = await onGroup(context, name, { kind: 'RemoveGroup' });
      if (isLeft(removed)) return removed;
      await releaseKey(ports, 'group', ref.right.group.name, ref.right.group.groupId, context);
      return ok;
    },
    isGroupExists: (name: string): boolean => isLeft(findGroup(models, name)) === false,
    listUserGroups: (offset: number, limit: number) => {
      const names = [
        ALL_USERS_GROUP,
        INTERNAL_USERS_GROUP,
        ...models.groups.sorted().map((group) => group.name),
      ];
      return page(names, offset, limit);
    },
    getUserGroups: (username: string): Either<DomainError, readonly string[]> => {
      const user = findUser(models, username);
      if (isLeft(user)) return user;
      return right(
        models.groups
          .groupIdsOfUser(user.right.userId)
          .map((id) => models.groups.byId(id))
          .filter((group) => group !== undefined && !group.removed)
          .map((group) => group?.name ?? '')
          .sort((a, b) => (nameKey(a) < nameKey(b) ? -1 : 1)),
      );
    },
    getGroupMembers: (
      name: string,
      offset: number,
      limit: number,
    ): Either<DomainError, readonly string[]> => {
      const ref = findGroup(models, name);
      if (isLeft(ref)) return ref;
      return page(
        groupMembers(models, ref.right).map((user) => user.username),
        offset,
        limit,
      );
    },
    addUserToGroup: (context: RequestContext, username: string, group: string) =>
      membership(context, username, group, true),
    removeUserFromGroup: (context: RequestContext, username: string, group: string) =>
      membership(context, username, group, false),
    setGroupQuota: (
      context: RequestContext,
      name: string,
      amount: Money,
      period: string,
      maxAccumulation: Money,
    ): Result<true> => {
      const decoded = QuotaPeriod.decode(period.trim().toUpperCase());
      if (isLeft(decoded))
        return Promise.resolve(
          left({
            code: 'InvalidValue',
            field: 'period',
            value: period,
            expected: 'NONE, DAILY, WEEKLY or MONTHLY',
          }),
        );
      return onGroup(context, name, { kind: 'SetQuota', amount, period: decoded.right, maxAccumulation });
    },
    getGroupQuota: (name: string): Either<DomainError, Quota> => {
      const ref = findGroup(models, name);
      return isLeft(ref) ? ref : right(quotaOf(ref.right));
    },
  };
};

export type GroupServices = ReturnType<typeof createGroupServices>;
