import { Either, isLeft, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { sharedAccountOffer } from '../../domain/users/account-selection';
import { ALL_USERS_GROUP_ID, INTERNAL_USERS_GROUP_ID } from '../../projections/groups';
import { ReadModels } from '../../projections';
import { page } from '../paging';
import { findUser, sharedAccountNamed } from '../resolve';

/** The listing methods: every shared account, and those one user may charge. */
export const createSharedAccountListingServices = ({
  models,
}: {
  readonly models: Pick<ReadModels, 'sharedAccounts' | 'users' | 'groups'>;
}) => ({
  listSharedAccounts: (offset: number, limit: number) => {
    const listed = page(models.sharedAccounts.sorted(), offset, limit);
    return isLeft(listed) ? listed : right(listed.right.map(models.sharedAccounts.fullName));
  },
  /**
   * The shared accounts the user may charge: granted to the user, or to a group the user is in. With
   * `ignoreAccountMode` false only what the user's account-selection mode offers: every accessible
   * account in a popup that lists accounts, the automatic account alone in AUTO_CHARGE_TO_SHARED,
   * nothing in the personal-only modes.
   */
  listUserSharedAccounts: (
    username: string,
    offset: number,
    limit: number,
    ignoreAccountMode = true,
  ): Either<DomainError, readonly string[]> => {
    const user = findUser(models, username);
    if (isLeft(user)) return user;
    const offer = ignoreAccountMode ? 'all-accessible' : sharedAccountOffer(user.right.accountSelection);
    if (offer === 'none') return page([], offset, limit);
    if (offer === 'auto-account-only') {
      const auto = models.sharedAccounts.byId(user.right.accountSelection.sharedAccountId);
      return page(
        auto === undefined || auto.deleted ? [] : [models.sharedAccounts.fullName(auto)],
        offset,
        limit,
      );
    }
    const groups = new Set([
      ALL_USERS_GROUP_ID,
      ...(user.right.internal ? [INTERNAL_USERS_GROUP_ID] : []),
      ...models.groups.groupIdsOfUser(user.right.userId),
    ]);
    const allowed = models.sharedAccounts
      .sorted()
      .filter(
        (account) =>
          account.accessUserIds.includes(user.right.userId) ||
          account.accessGroupIds.some((id) => groups.has(id)),
      );
    const listed = page(allowed, offset, limit);
    return isLeft(listed) ? listed : right(listed.right.map(models.sharedAccounts.fullName));
  },
  isSharedAccountExists: (name: string): boolean => sharedAccountNamed(models, name) !== undefined,
});
