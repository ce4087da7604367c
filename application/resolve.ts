import { Either, left, right } from 'fp-ts/Either';
import { DomainError } from '../domain/errors';
import { apiGroupName } from '../domain/groups/bracketed-names';
import { Group } from '../domain/groups/state';
import { addressedSharedAccountName } from '../domain/shared-accounts/names';
import { SharedAccount } from '../domain/shared-accounts/state';
import { User } from '../domain/users/state';
import { ALL_USERS_GROUP_ID, INTERNAL_USERS_GROUP_ID, RESERVED_GROUP_IDS } from '../projections/groups';
import { nameKey } from '../domain/names';
import { ReadModels } from '../projections';

/** Name → entity lookups for commands and queries; an unknown name is a domain error that names it. */
export const findUser = (models: Pick<ReadModels, 'users'>, username: string): Either<DomainError, User> => {
  const user = models.users.findByUsername(username);
  return user === undefined ? left({ code: 'UserNotFound', username }) : right(user);
};

/** The shared account a name addresses, `Marketing\` for the parent Marketing, as PaperCut's scripts write it. */
export const sharedAccountNamed = (
  models: Pick<ReadModels, 'sharedAccounts'>,
  name: string,
): SharedAccount | undefined => models.sharedAccounts.findByName(addressedSharedAccountName(name));

export const findSharedAccount = (
  models: Pick<ReadModels, 'sharedAccounts'>,
  name: string,
): Either<DomainError, SharedAccount> => {
  const account = sharedAccountNamed(models, name);
  return account === undefined ? left({ code: 'SharedAccountNotFound', account: name }) : right(account);
};

export type GroupRef =
  | { readonly kind: 'reserved'; readonly groupId: string; readonly name: string }
  | { readonly kind: 'stored'; readonly group: Group };

export const findGroup = (
  models: Pick<ReadModels, 'groups'>,
  name: string,
): Either<DomainError, GroupRef> => {
  const key = nameKey(apiGroupName(name));
  const reserved = Object.hasOwn(RESERVED_GROUP_IDS, key) ? RESERVED_GROUP_IDS[key] : undefined;
  if (reserved !== undefined) return right({ kind: 'reserved', groupId: reserved, name });
  const group = models.groups.findByName(name);
  return group === undefined || group.removed
    ? left({ code: 'GroupNotFound', group: name })
    : right({ kind: 'stored', group });
};

/** Active members of a group, sorted by username; the reserved groups are computed from the users. */
export const groupMembers = (models: Pick<ReadModels, 'users'>, ref: GroupRef): readonly User[] => {
  if (ref.kind === 'reserved') {
    return ref.groupId === ALL_USERS_GROUP_ID
      ? models.users.sorted()
      : ref.groupId === INTERNAL_USERS_GROUP_ID
        ? models.users.sorted().filter((user) => user.internal)
        : [];
  }
  const members = new Set(ref.group.members);
  return models.users.sorted().filter((user) => members.has(user.userId));
};

export const groupDisplayName = (ref: GroupRef): string =>
  ref.kind === 'reserved' ? ref.name : ref.group.name;
export const groupIdOf = (ref: GroupRef): string =>
  ref.kind === 'reserved' ? ref.groupId : ref.group.groupId;
