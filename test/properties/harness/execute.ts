import { Either } from 'fp-ts/Either';
import { Folio } from '../../../application/folio';
import { CONFIG_KEYS } from '../../../application/policy';
import { assertNever } from '../../../domain/decider';
import { DomainError } from '../../../domain/errors';
import { canonicalMoney } from '../../../domain/money';
import { CONTEXT } from './folio';
import { Operation } from './operations';

const blankUser = { password: '', fullName: '', email: '', cardId: '', pin: '' };

/** Runs one operation through the application services; a business refusal is a value, as the API sees it. */
export const execute = async (folio: Folio, operation: Operation): Promise<Either<DomainError, unknown>> => {
  const { users, balances, groups, groupOperations: byGroup, sharedAccounts, config } = folio.services;
  const comment = operation.kind;
  switch (operation.kind) {
    case 'createUser':
      return users.addNewInternalUser(CONTEXT, { ...blankUser, username: operation.username });
    case 'adjust':
      return balances.adjustUserAccountBalance(
        CONTEXT,
        operation.username,
        operation.amount,
        comment,
        operation.account,
      );
    case 'adjustIfAvailable':
      return balances.adjustUserAccountBalanceIfAvailable(
        CONTEXT,
        operation.username,
        operation.amount,
        comment,
        operation.account,
      );
    case 'adjustLeaveRemaining':
      return balances.adjustUserAccountBalanceIfAvailableLeaveRemaining(
        CONTEXT,
        operation.username,
        operation.amount,
        operation.leaveRemaining,
        comment,
        operation.account,
      );
    case 'setBalance':
      return balances.setUserAccountBalance(
        CONTEXT,
        operation.username,
        operation.balance,
        comment,
        operation.account,
      );
    case 'setBalanceProperty':
      return users.setUserProperty(CONTEXT, operation.username, 'balance', canonicalMoney(operation.balance));
    case 'setRestricted':
      return users.setUserProperty(CONTEXT, operation.username, 'restricted', String(operation.restricted));
    case 'setOverdraft':
      return users.setUserProperty(
        CONTEXT,
        operation.username,
        'overdraft-amount',
        canonicalMoney(operation.amount),
      );
    case 'useDefaultOverdraft':
      return users.setUserOverdraftMode(CONTEXT, operation.username, 'default');
    case 'setDefaultOverdraft':
      return config.setConfigValue(
        CONTEXT,
        CONFIG_KEYS.userDefaultOverdraft,
        canonicalMoney(operation.amount),
      );
    case 'setPersonalAccounts':
      return config.setConfigValue(CONTEXT, CONFIG_KEYS.userPersonalAccounts, operation.accounts);
    case 'renameUser':
      return users.renameUserAccount(CONTEXT, operation.from, operation.to);
    case 'deleteUser':
      return users.deleteExistingUser(CONTEXT, operation.username, false);
    case 'createGroup':
      return groups.addNewGroup(CONTEXT, operation.group);
    case 'removeGroup':
      return groups.removeGroup(CONTEXT, operation.group);
    case 'joinGroup':
      return groups.addUserToGroup(CONTEXT, operation.username, operation.group);
    case 'leaveGroup':
      return groups.removeUserFromGroup(CONTEXT, operation.username, operation.group);
    case 'groupAdjust':
      return byGroup.adjustUserAccountBalanceByGroup(
        CONTEXT,
        operation.group,
        operation.amount,
        comment,
        operation.account,
      );
    case 'groupSet':
      return byGroup.setUserAccountBalanceByGroup(
        CONTEXT,
        operation.group,
        operation.balance,
        comment,
        operation.account,
      );
    case 'groupUpTo':
      return byGroup.adjustUserAccountBalanceByGroupUpTo(
        CONTEXT,
        operation.group,
        operation.amount,
        operation.limit,
        comment,
        operation.account,
      );
    case 'createShared':
      return sharedAccounts.addNewSharedAccount(CONTEXT, operation.name);
    case 'adjustShared':
      return sharedAccounts.adjustSharedAccountAccountBalance(
        CONTEXT,
        operation.name,
        operation.amount,
        comment,
      );
    case 'setShared':
      return sharedAccounts.setSharedAccountAccountBalance(
        CONTEXT,
        operation.name,
        operation.balance,
        comment,
      );
    case 'setSharedRestricted':
      return sharedAccounts.setSharedAccountProperty(
        CONTEXT,
        operation.name,
        'restricted',
        String(operation.restricted),
      );
    case 'renameShared':
      return sharedAccounts.renameSharedAccount(CONTEXT, operation.from, operation.to);
    case 'deleteShared':
      return sharedAccounts.deleteExistingSharedAccount(CONTEXT, operation.name);
    default:
      return assertNever(operation);
  }
};

/** Runs the operations in order, calling `afterEach` once each has been answered. */
export const runOperations = async (
  folio: Folio,
  list: readonly Operation[],
  afterEach: (
    operation: Operation,
    result: Either<DomainError, unknown>,
    step: number,
  ) => void | Promise<void>,
): Promise<void> => {
  for (const [step, operation] of list.entries()) {
    const result = await execute(folio, operation);
    await afterEach(operation, result, step);
  }
};
