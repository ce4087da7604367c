import { Either, isLeft, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { nameKey, validateInternalUsername, validateUsername } from '../../domain/names';
import { UserCommand } from '../../domain/users/commands';
import { readUserProperty, userPropertyCommand } from '../../domain/users/properties';
import { User } from '../../domain/users/state';
import { overdraftModeName, overdraftSettingFor } from '../../domain/ledger/overdraft';
import { disabledUntil } from '../../domain/properties';
import { RequestContext } from '../envelope';
import { ok, Result } from '../kernel';
import { ReadModels } from '../../projections';

import { page } from '../paging';
import { userPolicy } from '../policy';
import { findUser } from '../resolve';
import { claimKey, refuseStoredLookAlike, releaseKey } from '../uniqueness';
import { userHoldsName } from './user-claims';
import { executeUserCommands } from './user-commands';
import { createUserAccount, UserCreationPorts } from './user-creation';

/**
 * What the user methods use: user creation's ports, the secret hash for PINs and passwords, the clock
 * (disabling for a while, a user's print counts), and the read models they answer from.
 */
export interface UserPorts extends UserCreationPorts {
  readonly models: Pick<ReadModels, 'users' | 'config' | 'printStats' | 'sharedAccounts' | 'groups'>;
  readonly hashSecret: (secret: string) => string;
}

export const createUserServices = (ports: UserPorts) => {
  const { models } = ports;

  const onUser = async (
    context: RequestContext,
    username: string,
    commands: (user: User) => Either<DomainError, readonly UserCommand[]>,
  ): Result<true> => {
    const user = findUser(models, username);
    if (isLeft(user)) return user;
    const built = commands(user.right);
    if (isLeft(built)) return built;
    return executeUserCommands(ports, user.right, built.right, context);
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
          transferId: ports.ids(),
          comment: `balance set through property by ${context.actor}`,
          policy: userPolicy(models.config),
          hashSecret: ports.hashSecret,
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
        now: ports.clock(),
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
        const until = disabledUntil(ports.clock(), minutes);
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
      const created = await createUserAccount(ports, context, {
        username: username.right,
        internal: true,
        source: 'internal',
        details: { fullName: requested.fullName, email: requested.email },
        primaryCardNumber: requested.cardId.trim(),
        secondaryCardNumber: '',
        pinHash: requested.pin === '' ? '' : ports.hashSecret(requested.pin),
        passwordHash: requested.password === '' ? '' : ports.hashSecret(requested.password),
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
      const conflict = { code: 'UserAlreadyExists', username: normalized } as const;
      const stored = refuseStoredLookAlike(
        models.users.findByUsername(normalized)?.userId,
        user.right.userId,
        conflict,
      );
      if (isLeft(stored)) return stored;
      let claimedNew = false;
      if (nameKey(normalized) !== nameKey(user.right.username)) {
        const claimed = await claimKey(
          ports,
          'username',
          normalized,
          user.right.userId,
          userHoldsName(ports, normalized),
          conflict,
          context,
        );
        if (isLeft(claimed)) return claimed;
        claimedNew = claimed.right;
      }
      const renamed = await executeUserCommands(
        ports,
        user.right,
        [{ kind: 'RenameUser', newUsername: newName }],
        context,
      );
      if (isLeft(renamed)) {
        if (claimedNew) await releaseKey(ports, 'username', normalized, user.right.userId, context);
        return renamed;
      }
      // A rename to the same name (or only another spelling of its key) keeps the claim it still needs.
      if (nameKey(normalized) !== nameKey(user.right.username))
        await releaseKey(ports, 'username', user.right.username, user.right.userId, context);
      return ok;
    },

    deleteExistingUser: async (context: RequestContext, username: string, redact: boolean): Result<true> => {
      const user = findUser(models, username);
      if (isLeft(user)) return user;
      const deleted = await executeUserCommands(ports, user.right, [{ kind: 'DeleteUser', redact }], context);
      if (isLeft(deleted)) return deleted;
      await releaseKey(ports, 'username', user.right.username, user.right.userId, context);
      for (const card of [user.right.primaryCardNumber, user.right.secondaryCardNumber])
        await releaseKey(ports, 'card', card, user.right.userId, context);
      return ok;
    },
  };
};

export type UserServices = ReturnType<typeof createUserServices>;
