import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../../domain/errors';
import { counterAccountFor } from '../../../domain/ledger/accounts';
import { Money } from '../../../domain/money';
import { nameKey } from '../../../domain/names';
import {
  SharedAccountCommand,
  sharedAccountDecider,
  SUB_ACCOUNT_SEPARATOR,
  validateSharedAccountName,
} from '../../../domain/shared-accounts/decide';
import { SharedAccountEvent } from '../../../domain/shared-accounts/events';
import {
  readSharedAccountProperty,
  sharedAccountPropertyCommands,
} from '../../../domain/shared-accounts/properties';
import { SharedAccount, SharedAccountState } from '../../../domain/shared-accounts/state';
import { sharedAccountOffer } from '../../../domain/users/account-selection';
import { sharedAccountStream } from '../../../domain/streams';
import { ALL_USERS_GROUP_ID, INTERNAL_USERS_GROUP_ID } from '../../../projections/groups';
import { overdraftModeName, overdraftSettingFor } from '../../../domain/ledger/overdraft';
import { disabledUntil } from '../../../domain/properties';
import { RequestContext } from '../envelope';
import { Kernel, ok, Result, settled } from '../kernel';
import { page } from '../paging';
import { sharedAccountDefaultOverdraft } from '../policy';
import { findGroup, findSharedAccount, findUser, groupIdOf } from '../resolve';
import { claimKey, releaseKey } from '../uniqueness';
import { executeStep, OnceStep } from '../operation-steps';

/** The unique key of an account's name: its own name under its parent, so renaming a parent moves no claims. */
const claimKeyOf = (parentId: string, name: string): string =>
  parentId === '' ? nameKey(name) : `${parentId}${SUB_ACCOUNT_SEPARATOR}${nameKey(name)}`;

type ParsedName = { readonly parent: string; readonly name: string };

const splitFullName = (fullName: string): ParsedName => {
  const separator = fullName.indexOf(SUB_ACCOUNT_SEPARATOR);
  return separator < 0
    ? { parent: '', name: fullName }
    : { parent: fullName.slice(0, separator), name: fullName.slice(separator + 1) };
};

const loadAccount = (kernel: Kernel, accountId: string) =>
  kernel.aggregates.load<SharedAccountState, SharedAccountEvent>(
    sharedAccountStream(accountId),
    sharedAccountDecider,
  );

/** Owner check for a shared-account name claim: does the account's own stream still hold the name? */
const accountHoldsKey =
  (kernel: Kernel, key: string) =>
  async (accountId: string): Promise<boolean> => {
    const { state } = await loadAccount(kernel, accountId);
    return state.status === 'present' && !state.deleted && claimKeyOf(state.parentId, state.name) === key;
  };

export interface NewSharedAccount {
  readonly accountId: string;
  readonly parentId: string;
  readonly name: string;
  /** As the caller wrote it, for the fault when the name is taken. */
  readonly fullName: string;
}

/**
 * Creates a shared account: claims its name under its parent first (racing creators: exactly one
 * wins), then writes the account's stream, with `settings` decided in the same append. A retry with
 * the same `accountId` finds its claim already held.
 */
export const createSharedAccount = async (
  kernel: Kernel,
  context: RequestContext,
  account: NewSharedAccount,
  settings: (created: SharedAccount) => readonly SharedAccountCommand[] = () => [],
  /** When the creation is an operation's step: written exactly once. */
  once?: OnceStep,
): Result<SharedAccount> => {
  const { accountId, parentId, name } = account;
  const key = claimKeyOf(parentId, name);
  const claimed = await claimKey(
    kernel,
    'shared-account',
    key,
    accountId,
    accountHoldsKey(kernel, key),
    { code: 'SharedAccountAlreadyExists', account: account.fullName },
    context,
  );
  if (isLeft(claimed)) return claimed;
  const create: SharedAccountCommand = { kind: 'CreateSharedAccount', accountId, name, parentId };
  const created = await settled(
    kernel,
    await executeStep(
      kernel,
      sharedAccountStream(accountId),
      sharedAccountDecider,
      (state) => {
        const creation = sharedAccountDecider.decide(create, state);
        if (isLeft(creation)) return creation;
        const fresh = creation.right.reduce(sharedAccountDecider.evolve, state);
        const more = fresh.status === 'present' ? settings(fresh) : [];
        return more.length === 0
          ? creation
          : sharedAccountDecider.decide(
              { kind: 'ApplyAllToSharedAccount', commands: [create, ...more] },
              state,
            );
      },
      context,
      once,
    ),
  );
  if (isLeft(created)) {
    // A claim whose creation failed is given back at once rather than left to go stale.
    await releaseKey(kernel, 'shared-account', key, accountId, context);
    return created;
  }
  const state = created.right.state;
  if (state.status === 'absent')
    return left({ code: 'Conflict', what: `account ${account.fullName} was not created` });
  const { status: _status, ...record } = state;
  return right(record);
};

/** Deletes an account without sub-accounts and gives its name up; its history stays. */
export const deleteSharedAccount = async (
  kernel: Kernel,
  context: RequestContext,
  account: SharedAccount,
): Result<true> => {
  const fullName = kernel.models.sharedAccounts.fullName(account);
  if (kernel.models.sharedAccounts.subAccounts(account.accountId).length > 0)
    return left({ code: 'SharedAccountHasSubAccounts', account: fullName });
  const deleted = await settled(
    kernel,
    await kernel.aggregates.execute(
      sharedAccountStream(account.accountId),
      sharedAccountDecider,
      (state) => sharedAccountDecider.decide({ kind: 'DeleteSharedAccount', fullName }, state),
      context,
    ),
  );
  if (isLeft(deleted)) return deleted;
  await releaseKey(
    kernel,
    'shared-account',
    claimKeyOf(account.parentId, account.name),
    account.accountId,
    context,
  );
  return ok;
};

export const createSharedAccountServices = (kernel: Kernel) => {
  const { models } = kernel;

  /** Resolves `parent\sub` to the parent's id ('' for a top-level name) and validates the own name. */
  const placement = (fullName: string): Either<DomainError, { parentId: string; name: string }> => {
    const parsed = splitFullName(fullName);
    const valid = validateSharedAccountName(parsed.name);
    if (isLeft(valid)) return valid;
    if (parsed.parent === '') return right({ parentId: '', name: valid.right });
    const parent = models.sharedAccounts.findByName(parsed.parent);
    if (parent === undefined || parent.parentId !== '')
      return left({ code: 'ParentAccountNotFound', account: fullName, parent: parsed.parent });
    return right({ parentId: parent.accountId, name: valid.right });
  };

  const execute = async (
    context: RequestContext,
    account: SharedAccount,
    commands: readonly SharedAccountCommand[],
  ): Result<true> => {
    const done = await settled(
      kernel,
      await kernel.aggregates.execute(
        sharedAccountStream(account.accountId),
        sharedAccountDecider,
        (state) => sharedAccountDecider.decide({ kind: 'ApplyAllToSharedAccount', commands }, state),
        context,
      ),
    );
    return isLeft(done) ? done : ok;
  };

  const onAccount = async (
    context: RequestContext,
    name: string,
    commands: (account: SharedAccount) => Either<DomainError, readonly SharedAccountCommand[]>,
  ): Result<true> => {
    const account = findSharedAccount(models, name);
    if (isLeft(account)) return account;
    const built = commands(account.right);
    return isLeft(built) ? built : execute(context, account.right, built.right);
  };

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

  const writeContext = (context: RequestContext) => ({
    transferId: kernel.ids(),
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
    now: kernel.clock(),
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
    onAccount(context, name, (account) => {
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
    onAccount(context, accountName, () => {
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

  const balanceTransfer = (comment: string, cause: 'admin-adjustment' | 'balance-set') => ({
    transferId: kernel.ids(),
    cause,
    counterAccount: counterAccountFor(cause),
    comment,
  });

  return {
    listSharedAccounts: (offset: number, limit: number) => {
      const listed = page(models.sharedAccounts.sorted(), offset, limit);
      return isLeft(listed) ? listed : right(listed.right.map(models.sharedAccounts.fullName));
    },
    /** Accounts a user may charge without a PIN: granted to the user, or to a group the user is in. */
    /**
     * The shared accounts the user may charge. With `ignoreAccountMode` false only what the user's
     * account-selection mode offers: every accessible account in a popup that lists accounts, the
     * automatic account alone in AUTO_CHARGE_TO_SHARED, nothing in the personal-only modes.
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
    isSharedAccountExists: (name: string): boolean => models.sharedAccounts.findByName(name) !== undefined,
    getSharedAccountAccountBalance: (name: string): Either<DomainError, Money> => {
      const account = findSharedAccount(models, name);
      return isLeft(account) ? account : right(account.right.balance);
    },
    adjustSharedAccountAccountBalance: (
      context: RequestContext,
      name: string,
      amount: Money,
      comment: string,
    ) =>
      onAccount(context, name, () =>
        right([
          {
            kind: 'AdjustSharedAccountBalance',
            amount,
            condition: { kind: 'unconditional' },
            defaultOverdraft: sharedAccountDefaultOverdraft(models.config),
            transfer: balanceTransfer(comment, 'admin-adjustment'),
          },
        ]),
      ),
    setSharedAccountAccountBalance: (
      context: RequestContext,
      name: string,
      balance: Money,
      comment: string,
    ) =>
      onAccount(context, name, () =>
        right([
          { kind: 'SetSharedAccountBalance', balance, transfer: balanceTransfer(comment, 'balance-set') },
        ]),
      ),
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
    getSharedAccountOverdraftMode: (name: string): Either<DomainError, string> => {
      const account = findSharedAccount(models, name);
      return isLeft(account) ? account : right(overdraftModeName(account.right.overdraft));
    },
    setSharedAccountOverdraftMode: (context: RequestContext, name: string, mode: string) =>
      onAccount(context, name, (account): Either<DomainError, readonly SharedAccountCommand[]> => {
        const setting = overdraftSettingFor(
          mode,
          account.overdraft,
          sharedAccountDefaultOverdraft(models.config),
        );
        return isLeft(setting)
          ? setting
          : right([{ kind: 'SetSharedAccountOverdraft', setting: setting.right }]);
      }),
    disableSharedAccount: (context: RequestContext, name: string, minutes: number) =>
      onAccount(context, name, (): Either<DomainError, readonly SharedAccountCommand[]> => {
        const until = disabledUntil(kernel.clock(), minutes);
        if (isLeft(until)) return until;
        return right([
          until.right === null
            ? { kind: 'EnableSharedAccount' }
            : { kind: 'DisableSharedAccount', until: until.right },
        ]);
      }),

    addNewSharedAccount: async (context: RequestContext, fullName: string): Result<true> => {
      const placed = placement(fullName);
      if (isLeft(placed)) return placed;
      const created = await createSharedAccount(kernel, context, {
        accountId: kernel.ids(),
        ...placed.right,
        fullName,
      });
      return isLeft(created) ? created : ok;
    },

    renameSharedAccount: async (context: RequestContext, oldName: string, newName: string): Result<true> => {
      const account = findSharedAccount(models, oldName);
      if (isLeft(account)) return account;
      const placed = placement(newName);
      if (isLeft(placed)) return placed;
      const { parentId, name } = placed.right;
      if (parentId !== '' && models.sharedAccounts.subAccounts(account.right.accountId).length > 0)
        return left({ code: 'SharedAccountHasSubAccounts', account: oldName });
      if (parentId === account.right.accountId)
        return left({
          code: 'InvalidName',
          kind: 'shared-account',
          name: newName,
          reason: 'an account cannot be its own parent',
        });
      const oldKey = claimKeyOf(account.right.parentId, account.right.name);
      const newKey = claimKeyOf(parentId, name);
      let claimedNew = false;
      if (newKey !== oldKey) {
        const claimed = await claimKey(
          kernel,
          'shared-account',
          newKey,
          account.right.accountId,
          accountHoldsKey(kernel, newKey),
          { code: 'SharedAccountAlreadyExists', account: newName },
          context,
        );
        if (isLeft(claimed)) return claimed;
        claimedNew = claimed.right;
      }
      const fullNameFrom = models.sharedAccounts.fullName(account.right);
      const renamed = await execute(context, account.right, [
        { kind: 'RenameSharedAccount', name, parentId, fullNameFrom, fullNameTo: newName },
      ]);
      if (isLeft(renamed)) {
        if (claimedNew) await releaseKey(kernel, 'shared-account', newKey, account.right.accountId, context);
        return renamed;
      }
      if (newKey !== oldKey)
        await releaseKey(kernel, 'shared-account', oldKey, account.right.accountId, context);
      return ok;
    },

    deleteExistingSharedAccount: async (context: RequestContext, name: string): Result<true> => {
      const account = findSharedAccount(models, name);
      return isLeft(account) ? account : deleteSharedAccount(kernel, context, account.right);
    },
  };
};

export type SharedAccountServices = ReturnType<typeof createSharedAccountServices>;
