import { Either, isLeft, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { SharedAccountCommand } from '../../domain/shared-accounts/decide';
import {
  readSharedAccountProperty,
  sharedAccountPropertyCommands,
} from '../../domain/shared-accounts/properties';
import { ALL_USERS_GROUP_ID, INTERNAL_USERS_GROUP_ID } from '../../projections/groups';
import { RequestContext } from '../envelope';

import { sharedAccountDefaultOverdraft } from '../policy';
import { findGroup, findSharedAccount, findUser, groupIdOf } from '../resolve';
import { onSharedAccount } from './shared-account-commands';
import type { SharedAccountPorts } from './shared-accounts';

const resolveAll = (
  names: readonly string[],
  find: (name: string) => Either<DomainError, string>,
): Either<DomainError, readonly string[]> => {
  const ids: string[] = [];
  for (const name of names) {
    const id = find(name);
    if (isLeft(id)) return id;
    ids.push(id.right);
  }
  return right(ids);
};

/** Shared-account properties (get/setSharedAccountProperty/ies) and the access lists of users and groups. */
export const createSharedAccountPropertyServices = (ports: SharedAccountPorts) => {
  const { models } = ports;

  const writeContext = (context: RequestContext) => ({
    transferId: ports.ids(),
    comment: `balance set through property by ${context.actor}`,
    userIds: (names: readonly string[]) =>
      resolveAll(names, (name) => {
        const user = findUser(models, name);
        return isLeft(user) ? user : right(user.right.userId);
      }),
    groupIds: (names: readonly string[]) =>
      resolveAll(names, (name) => {
        const group = findGroup(models, name);
        return isLeft(group) ? group : right(groupIdOf(group.right));
      }),
  });

  const readContext = () => ({
    now: ports.clock(),
    defaultOverdraft: sharedAccountDefaultOverdraft(models.config),
    userName: (id: string) => models.users.activeById(id)?.username,
    groupName: (id: string) =>
      id === ALL_USERS_GROUP_ID
        ? '!!All Users!!'
        : id === INTERNAL_USERS_GROUP_ID
          ? '!!Internal Users!!'
          : models.groups.byId(id)?.name,
  });

  const getProperties = (
    name: string,
    properties: readonly string[],
  ): Either<DomainError, readonly string[]> => {
    const account = findSharedAccount(models, name);
    if (isLeft(account)) return account;
    const values: string[] = [];
    for (const property of properties) {
      const value = readSharedAccountProperty(account.right, property, readContext());
      if (isLeft(value)) return value;
      values.push(value.right);
    }
    return right(values);
  };

  const setProperties = (
    context: RequestContext,
    name: string,
    pairs: readonly (readonly [string, string])[],
  ) =>
    onSharedAccount(ports, context, name, (account) => {
      const commands: SharedAccountCommand[] = [];
      for (const [property, value] of pairs) {
        const built = sharedAccountPropertyCommands(account, property, value, writeContext(context));
        if (isLeft(built)) return built;
        commands.push(...built.right);
      }
      return right(commands);
    });

  const access = (
    context: RequestContext,
    accountName: string,
    principal: 'user' | 'group',
    principalName: string,
    granted: boolean,
  ) =>
    onSharedAccount(ports, context, accountName, () => {
      const id = writeContext(context)[principal === 'user' ? 'userIds' : 'groupIds']([principalName]);
      return isLeft(id)
        ? id
        : right(
            id.right.map((principalId): SharedAccountCommand => ({
              kind: 'SetSharedAccountAccess',
              principal,
              principalId,
              granted,
            })),
          );
    });

  return {
    getSharedAccountProperty: (name: string, property: string): Either<DomainError, string> => {
      const values = getProperties(name, [property]);
      return isLeft(values) ? values : right(values.right[0] ?? '');
    },
    getSharedAccountProperties: getProperties,
    setSharedAccountProperty: (context: RequestContext, name: string, property: string, value: string) =>
      setProperties(context, name, [[property, value]]),
    setSharedAccountProperties: setProperties,
    addSharedAccountAccessUser: (context: RequestContext, account: string, user: string) =>
      access(context, account, 'user', user, true),
    removeSharedAccountAccessUser: (context: RequestContext, account: string, user: string) =>
      access(context, account, 'user', user, false),
    addSharedAccountAccessGroup: (context: RequestContext, account: string, group: string) =>
      access(context, account, 'group', group, true),
    removeSharedAccountAccessGroup: (context: RequestContext, account: string, group: string) =>
      access(context, account, 'group', group, false),
  };
};
