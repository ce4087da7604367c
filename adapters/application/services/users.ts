import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../../domain/errors';
import { sameCard, validateInternalUsername, validateUsername } from '../../../domain/names';
import { userStream } from '../../../domain/streams';
import { UserCommand } from '../../../domain/users/commands';
import { userDecider } from '../../../domain/users/decide';
import { UserDetailField, UserEvent } from '../../../domain/users/events';
import { readUserProperty, userPropertyCommand } from '../../../domain/users/properties';
import { User, UserState } from '../../../domain/users/state';
import { overdraftModeName, overdraftSettingFor } from '../../../domain/ledger/overdraft';
import { disabledUntil } from '../../../domain/properties';
import { RequestContext } from '../envelope';
import { Kernel, ok, Result, settled } from '../kernel';
import { page } from '../paging';
import { userPolicy } from '../policy';
import { findUser } from '../resolve';
import { claimKey, releaseKey } from '../uniqueness';
import { executeStep, OnceStep } from '../operation-steps';

const loadUser = (kernel: Kernel, userId: string) =>
  kernel.aggregates.load<UserState, UserEvent>(userStream(userId), userDecider);

/** Owner checks for the unique keys a user holds: its name and its card numbers. */
export const userHoldsName =
  (kernel: Kernel, username: string) =>
  async (userId: string): Promise<boolean> => {
    const { state } = await loadUser(kernel, userId);
    return state.status === 'present' && !state.deleted && state.username === username;
  };

export const userHoldsCard =
  (kernel: Kernel, card: string) =>
  async (userId: string): Promise<boolean> => {
    const { state } = await loadUser(kernel, userId);
    return (
      state.status === 'present' &&
      !state.deleted &&
      (sameCard(state.primaryCardNumber, card) || sameCard(state.secondaryCardNumber, card))
    );
  };

export const claimCard = (kernel: Kernel, card: string, userId: string, context: RequestContext) =>
  claimKey(
    kernel,
    'card',
    card,
    userId,
    userHoldsCard(kernel, card),
    { code: 'CardNumberInUse', cardNumber: card, holder: '' },
    context,
  ).then((claimed) =>
    isLeft(claimed) && claimed.left.code === 'CardNumberInUse'
      ? left<DomainError, boolean>(describeHolder(kernel, card))
      : claimed,
  );

const describeHolder = (kernel: Kernel, card: string): DomainError => ({
  code: 'CardNumberInUse',
  cardNumber: card,
  holder: kernel.models.users.findByCardNumber(card)?.username ?? 'another user',
});

/** Card numbers a batch of user commands would give the user. */
const cardsSetBy = (
  commands: readonly UserCommand[],
): readonly { slot: 'primary' | 'secondary'; cardNumber: string }[] =>
  commands.flatMap((command) =>
    command.kind === 'SetCardNumber'
      ? [command]
      : command.kind === 'ApplyAll'
        ? cardsSetBy(command.commands)
        : [],
  );

/**
 * Runs user commands on the user's stream, claiming any new card number first and releasing the
 * ones it replaces afterwards, so two users can never hold one card.
 */
export const executeUserCommands = async (
  kernel: Kernel,
  user: User,
  commands: readonly UserCommand[],
  context: RequestContext,
  /** When the commands are an operation's step for this user: written exactly once. */
  once?: OnceStep,
): Result<true> => {
  const cards = cardsSetBy(commands);
  // Cards claimed here and not held before: given back if the change fails, so no claim is left behind.
  const newlyClaimed: string[] = [];
  const giveBack = async () => {
    for (const card of newlyClaimed) await releaseKey(kernel, 'card', card, user.userId, context);
  };
  for (const { cardNumber } of cards) {
    if (cardNumber === '') continue;
    const claimed = await claimCard(kernel, cardNumber, user.userId, context);
    if (isLeft(claimed)) {
      await giveBack();
      return claimed;
    }
    if (claimed.right) newlyClaimed.push(cardNumber);
  }
  const executed = await settled(
    kernel,
    await executeStep(
      kernel,
      userStream(user.userId),
      userDecider,
      (state) => userDecider.decide({ kind: 'ApplyAll', commands }, state),
      context,
      once,
    ),
  );
  if (isLeft(executed)) {
    await giveBack();
    return executed;
  }
  for (const previous of [user.primaryCardNumber, user.secondaryCardNumber]) {
    const state = executed.right.state;
    if (
      previous !== '' &&
      state.status === 'present' &&
      !sameCard(state.primaryCardNumber, previous) &&
      !sameCard(state.secondaryCardNumber, previous)
    ) {
      await releaseKey(kernel, 'card', previous, user.userId, context);
    }
  }
  return ok;
};

/** A user about to be created; `username` is already validated and normalised. */
export interface NewUserAccount {
  readonly username: string;
  readonly internal: boolean;
  readonly source: 'internal' | 'directory' | 'import';
  readonly details: Partial<Record<UserDetailField, string>>;
  readonly primaryCardNumber: string;
  readonly secondaryCardNumber: string;
  readonly pinHash: string;
  readonly passwordHash: string;
}

/**
 * Creates a user: claims its username and card numbers first (racing creators: exactly one wins),
 * then writes the user's stream. `settings` are decided with the creation as one append (a new
 * user's initial settings), so the user never exists without them. A retry with the same `userId`
 * finds its claims already held.
 */
export const createUserAccount = async (
  kernel: Kernel,
  context: RequestContext,
  account: NewUserAccount,
  settings: readonly UserCommand[] = [],
  userId: string = kernel.ids(),
  /** When the creation is an operation's step: written exactly once. */
  once?: OnceStep,
): Result<User> => {
  const claimed = await claimKey(
    kernel,
    'username',
    account.username,
    userId,
    userHoldsName(kernel, account.username),
    { code: 'UserAlreadyExists', username: account.username },
    context,
  );
  if (isLeft(claimed)) return claimed;
  // Whatever fails after the name is claimed gives back what was taken: a fresh claim blocks a name for a while.
  const taken: { kind: 'username' | 'card'; key: string }[] = claimed.right
    ? [{ kind: 'username', key: account.username }]
    : [];
  const giveBack = async () => {
    for (const { kind, key } of taken) await releaseKey(kernel, kind, key, userId, context);
  };
  for (const card of [account.primaryCardNumber, account.secondaryCardNumber]) {
    if (card === '') continue;
    const cardClaimed = await claimCard(kernel, card, userId, context);
    if (isLeft(cardClaimed)) {
      await giveBack();
      return cardClaimed;
    }
    if (cardClaimed.right) taken.push({ kind: 'card', key: card });
  }
  const create: UserCommand = {
    kind: 'CreateUser',
    userId,
    username: account.username,
    internal: account.internal,
    source: account.source,
    details: account.details,
    primaryCardNumber: account.primaryCardNumber,
    secondaryCardNumber: account.secondaryCardNumber,
    pinHash: account.pinHash,
    passwordHash: account.passwordHash,
  };
  const created = await settled(
    kernel,
    await executeStep(
      kernel,
      userStream(userId),
      userDecider,
      (state) =>
        userDecider.decide(
          settings.length === 0 ? create : { kind: 'ApplyAll', commands: [create, ...settings] },
          state,
        ),
      context,
      once,
    ),
  );
  if (isLeft(created)) {
    await giveBack();
    return created;
  }
  const state = created.right.state;
  if (state.status === 'absent')
    return left({ code: 'Conflict', what: `user ${account.username} was not created` });
  const { status: _status, ...user } = state;
  return right(user);
};

export const createUserServices = (kernel: Kernel) => {
  const { models } = kernel;

  const onUser = async (
    context: RequestContext,
    username: string,
    commands: (user: User) => Either<DomainError, readonly UserCommand[]>,
  ): Result<true> => {
    const user = findUser(models, username);
    if (isLeft(user)) return user;
    const built = commands(user.right);
    if (isLeft(built)) return built;
    return executeUserCommands(kernel, user.right, built.right, context);
  };

  const setProperties = (
    context: RequestContext,
    username: string,
    pairs: readonly (readonly [string, string])[],
  ) =>
    onUser(context, username, () => {
      const commands: UserCommand[] = [];
      for (const [name, value] of pairs) {
        const command = userPropertyCommand(name, value, {
          transferId: kernel.ids(),
          comment: `balance set through property by ${context.actor}`,
          policy: userPolicy(models.config),
          hashSecret: kernel.hashSecret,
        });
        if (isLeft(command)) return command;
        commands.push(command.right);
      }
      return right(commands);
    });

  const getProperties = (
    username: string,
    names: readonly string[],
  ): Either<DomainError, readonly string[]> => {
    const user = findUser(models, username);
    if (isLeft(user)) return user;
    const values: string[] = [];
    for (const name of names) {
      const value = readUserProperty(user.right, name, {
        now: kernel.clock(),
        policy: userPolicy(models.config),
        counts: models.printStats.ofUser(user.right.userId),
        sharedAccountName: (accountId) => {
          const account = models.sharedAccounts.byId(accountId);
          return account === undefined || account.deleted ? '' : models.sharedAccounts.fullName(account);
        },
      });
      if (isLeft(value)) return value;
      values.push(value.right);
    }
    return right(values);
  };

  return {
    isUserExists: (username: string): boolean => models.users.findByUsername(username) !== undefined,
    getTotalUsers: (): number => models.users.sorted().length,
    listUserAccounts: (offset: number, limit: number) => {
      const listed = page(models.users.sorted(), offset, limit);
      return isLeft(listed) ? listed : right(listed.right.map((user) => user.username));
    },
    getUserProperty: (username: string, name: string): Either<DomainError, string> => {
      const values = getProperties(username, [name]);
      return isLeft(values) ? values : right(values.right[0] ?? '');
    },
    getUserProperties: getProperties,
    setUserProperty: (context: RequestContext, username: string, name: string, value: string) =>
      setProperties(context, username, [[name, value]]),
    setUserProperties: setProperties,
    resetUserCounts: (context: RequestContext, username: string, resetBy: string) =>
      onUser(context, username, (user) => {
        const before = models.printStats.ofUser(user.userId);
        return right([
          {
            kind: 'ResetCounts',
            resetBy,
            jobCountBefore: before.jobCount,
            pageCountBefore: before.pageCount,
          },
        ]);
      }),
    disablePrintingForUser: (context: RequestContext, username: string, minutes: number) =>
      onUser(context, username, (): Either<DomainError, readonly UserCommand[]> => {
        const until = disabledUntil(kernel.clock(), minutes);
        if (isLeft(until)) return until;
        return right([
          until.right === null ? { kind: 'EnablePrinting' } : { kind: 'DisablePrinting', until: until.right },
        ]);
      }),
    getUserOverdraftMode: (username: string): Either<DomainError, string> => {
      const user = findUser(models, username);
      return isLeft(user) ? user : right(overdraftModeName(user.right.overdraft));
    },
    setUserOverdraftMode: (context: RequestContext, username: string, mode: string) =>
      onUser(context, username, (user): Either<DomainError, readonly UserCommand[]> => {
        const setting = overdraftSettingFor(mode, user.overdraft, userPolicy(models.config).defaultOverdraft);
        return isLeft(setting) ? setting : right([{ kind: 'SetOverdraft', setting: setting.right }]);
      }),
    lookUpUserNameByCardNo: (card: string): string =>
      models.users.findByCardNumber(card.trim())?.username ?? '',
    lookUpUserNameByEmail: (email: string): string => models.users.findByEmail(email.trim())?.username ?? '',
    lookUpUserNameBySecondaryUserName: (alias: string): string =>
      models.users.findByAlias(alias.trim())?.username ?? '',
    lookUpUsersByFullName: (fullName: string): readonly string[] =>
      models.users.findByFullName(fullName.trim()).map((user) => user.username),

    addNewInternalUser: async (
      context: RequestContext,
      requested: {
        username: string;
        password: string;
        fullName: string;
        email: string;
        cardId: string;
        pin: string;
      },
    ): Result<true> => {
      const username = validateInternalUsername(requested.username);
      if (isLeft(username)) return username;
      const created = await createUserAccount(kernel, context, {
        username: username.right,
        internal: true,
        source: 'internal',
        details: { fullName: requested.fullName, email: requested.email },
        primaryCardNumber: requested.cardId.trim(),
        secondaryCardNumber: '',
        pinHash: requested.pin === '' ? '' : kernel.hashSecret(requested.pin),
        passwordHash: requested.password === '' ? '' : kernel.hashSecret(requested.password),
      });
      return isLeft(created) ? created : ok;
    },

    renameUserAccount: async (context: RequestContext, oldName: string, newName: string): Result<true> => {
      const user = findUser(models, oldName);
      if (isLeft(user)) return user;
      // The same rule the decider applies, checked before claiming so a refused rename leaves no claim behind.
      const target = user.right.internal ? validateInternalUsername(newName) : validateUsername(newName);
      if (isLeft(target)) return target;
      const normalized = target.right;
      let claimedNew = false;
      if (normalized !== user.right.username) {
        const claimed = await claimKey(
          kernel,
          'username',
          normalized,
          user.right.userId,
          userHoldsName(kernel, normalized),
          { code: 'UserAlreadyExists', username: normalized },
          context,
        );
        if (isLeft(claimed)) return claimed;
        claimedNew = claimed.right;
      }
      const renamed = await executeUserCommands(
        kernel,
        user.right,
        [{ kind: 'RenameUser', newUsername: newName }],
        context,
      );
      if (isLeft(renamed)) {
        if (claimedNew) await releaseKey(kernel, 'username', normalized, user.right.userId, context);
        return renamed;
      }
      // A rename to the same name (or only another case of it) keeps the claim it still needs.
      if (normalized !== user.right.username)
        await releaseKey(kernel, 'username', user.right.username, user.right.userId, context);
      return ok;
    },

    deleteExistingUser: async (context: RequestContext, username: string, redact: boolean): Result<true> => {
      const user = findUser(models, username);
      if (isLeft(user)) return user;
      const deleted = await executeUserCommands(
        kernel,
        user.right,
        [{ kind: 'DeleteUser', redact }],
        context,
      );
      if (isLeft(deleted)) return deleted;
      await releaseKey(kernel, 'username', user.right.username, user.right.userId, context);
      for (const card of [user.right.primaryCardNumber, user.right.secondaryCardNumber])
        await releaseKey(kernel, 'card', card, user.right.userId, context);
      return ok;
    },
  };
};

export type UserServices = ReturnType<typeof createUserServices>;
