import { Either, isLeft, left, right } from 'fp-ts/Either';
import { assertNever, Decider } from '../decider';
import { DomainError } from '../errors';
import { decideUserPrintJob } from '../jobs/charge';
import { bookTransfer, conditionalAmount } from '../ledger/balance-transfer';
import { AvailableCredit } from '../ledger/conditions';
import { decideCorrection } from '../ledger/corrections';
import { availableCreditOf, overdraftChange } from '../ledger/overdraft';
import { Money, ZERO } from '../money';
import { validateInternalUsername, validateUsername } from '../names';
import { TransferRequest } from '../ledger/transfer-request';
import { UserCommand, UserPolicy } from './commands';
import { UserEvent } from './events';
import { sameAccountSelection, validateAccountSelection } from './account-selection';
import { balanceOf, evolveUser, initialUserState, totalBalance, User, UserState } from './state';

type Decision = Either<DomainError, readonly UserEvent[]>;

const none: Decision = right([]);

export const availableCredit = (user: User, policy: UserPolicy): AvailableCredit =>
  availableCreditOf(user, totalBalance(user), policy.defaultOverdraft);

/** The balance a condition measures: the named account, or the total of all personal accounts for ''. */
export const measuredBalance = (user: User, account: string): Money =>
  account === '' ? totalBalance(user) : balanceOf(user, account);

/** Internal users keep the product's stricter rule (no '/', '\\' or '@') through creation and renames alike. */
const validateUsernameOf = (internal: boolean, name: string): Either<DomainError, string> =>
  internal ? validateInternalUsername(name) : validateUsername(name);

const checkAccount = (user: User, account: string, policy: UserPolicy): Either<DomainError, string> =>
  account === '' || policy.personalAccounts.includes(account)
    ? right(account)
    : left({ code: 'PersonalAccountNotFound', username: user.username, account });

const transferEvent = (user: User, account: string, transfer: TransferRequest, amount: Money): Decision => {
  const booked = bookTransfer(balanceOf(user, account), transfer, amount);
  return isLeft(booked)
    ? booked
    : right([{ type: 'UserBalanceAdjusted', data: { userId: user.userId, account, ...booked.right } }]);
};

const adjust = (command: Extract<UserCommand, { kind: 'AdjustBalance' }>, user: User): Decision => {
  const { account, transfer, amount, condition, policy } = command;
  const known = checkAccount(user, account, policy);
  if (isLeft(known)) return known;
  const moved = conditionalAmount(
    condition,
    amount,
    measuredBalance(user, account),
    availableCredit(user, policy),
    user.username,
  );
  if (isLeft(moved)) return moved;
  return moved.right === ZERO ? none : transferEvent(user, account, transfer, moved.right);
};

const correct = (command: Extract<UserCommand, { kind: 'CorrectTransfer' }>, user: User): Decision => {
  const correction = decideCorrection(
    command.original,
    user.correctedTransfers,
    command.correctionId,
    command.comment,
  );
  if (isLeft(correction)) return correction;
  return transferEvent(user, command.original.account, correction.right.request, correction.right.amount);
};

const decideForUser = (command: Exclude<UserCommand, { kind: 'CreateUser' }>, user: User): Decision => {
  const userId = user.userId;
  switch (command.kind) {
    case 'ChangeUserDetails': {
      const changes = Object.fromEntries(
        Object.entries(command.changes).filter(
          ([field, value]) => (user.details[field as keyof User['details']] ?? '') !== value,
        ),
      );
      return Object.keys(changes).length === 0
        ? none
        : right([{ type: 'UserDetailsChanged', data: { userId, changes } }]);
    }
    case 'SetCardNumber': {
      const current = command.slot === 'primary' ? user.primaryCardNumber : user.secondaryCardNumber;
      return current === command.cardNumber
        ? none
        : right([
            {
              type: 'UserCardNumberChanged',
              data: { userId, slot: command.slot, cardNumber: command.cardNumber },
            },
          ]);
    }
    case 'SetPin':
      return right([{ type: 'UserPinChanged', data: { userId, pinHash: command.pinHash } }]);
    case 'SetPassword':
      return user.internal
        ? right([{ type: 'UserPasswordChanged', data: { userId, passwordHash: command.passwordHash } }])
        : left({ code: 'NotAnInternalUser', username: user.username });
    case 'SetRestricted':
      return user.restricted === command.restricted
        ? none
        : right([{ type: 'UserRestrictionChanged', data: { userId, restricted: command.restricted } }]);
    case 'SetOverdraft':
      return right([
        {
          type: 'UserOverdraftChanged',
          data: { userId, ...overdraftChange(command.setting) },
        },
      ]);
    case 'DisablePrinting':
      return right([{ type: 'UserPrintingDisabled', data: { userId, until: command.until } }]);
    case 'EnablePrinting':
      return user.printingDisabledUntil === ''
        ? none
        : right([{ type: 'UserPrintingEnabled', data: { userId } }]);
    case 'SetSwitches': {
      const changes = Object.fromEntries(
        Object.entries(command.changes).filter(
          ([name, value]) => (user.switches[name as keyof User['switches']] ?? false) !== value,
        ),
      );
      return Object.keys(changes).length === 0
        ? none
        : right([{ type: 'UserSwitchesChanged', data: { userId, changes } }]);
    }
    case 'SetCostAdjustment':
      return user.costAdjustmentPercent === command.percent
        ? none
        : right([{ type: 'UserCostAdjustmentChanged', data: { userId, percent: command.percent } }]);
    case 'ResetCounts':
      return right([
        {
          type: 'UserCountsReset',
          data: {
            userId,
            resetBy: command.resetBy,
            jobCountBefore: command.jobCountBefore,
            pageCountBefore: command.pageCountBefore,
          },
        },
      ]);
    case 'RenameUser': {
      const valid = validateUsernameOf(user.internal, command.newUsername);
      if (isLeft(valid)) return valid;
      return valid.right === user.username
        ? none
        : right([{ type: 'UserRenamed', data: { userId, from: user.username, to: valid.right } }]);
    }
    case 'DeleteUser':
      return right([
        { type: 'UserDeleted', data: { userId, username: user.username, redacted: command.redact } },
      ]);
    case 'AdjustBalance':
      return adjust(command, user);
    case 'CorrectTransfer':
      return correct(command, user);
    case 'SetBalance': {
      const known = checkAccount(user, command.account, command.policy);
      if (isLeft(known)) return known;
      const difference = command.balance - balanceOf(user, command.account);
      return difference === ZERO ? none : transferEvent(user, command.account, command.transfer, difference);
    }
    case 'ChargePrintJob':
      return decideUserPrintJob(command, user, availableCredit(user, command.policy));
    case 'RefusePrintJob':
      return decideUserPrintJob(command, user, { unlimited: true });
    case 'SetAccountSelection': {
      const problem = validateAccountSelection(command.selection);
      if (problem !== null)
        return left({
          code: 'InvalidValue',
          field: 'account selection',
          value: command.selection.mode,
          expected: problem,
        });
      return sameAccountSelection(user.accountSelection, command.selection)
        ? none
        : right([{ type: 'UserAccountSelectionChanged', data: { userId, selection: command.selection } }]);
    }
    case 'RecordBalanceUnchanged':
      return right([
        {
          type: 'UserBalanceUnchanged',
          data: {
            userId,
            operationId: command.operationId,
            account: command.account,
            balance: balanceOf(user, command.account),
          },
        },
      ]);
    case 'RecordImport':
      return right([
        {
          type: 'UserImported',
          data: { userId, operationId: command.operationId, file: command.file, line: command.line },
        },
      ]);
    default:
      return assertNever(command);
  }
};

const create = (command: Extract<UserCommand, { kind: 'CreateUser' }>): Decision => {
  const valid = validateUsernameOf(command.internal, command.username);
  if (isLeft(valid)) return valid;
  const { userId } = command;
  const events: UserEvent[] = [
    {
      type: 'UserCreated',
      data: { userId, username: valid.right, internal: command.internal, source: command.source },
    },
  ];
  const details = Object.fromEntries(Object.entries(command.details).filter(([, value]) => value !== ''));
  if (Object.keys(details).length > 0)
    events.push({ type: 'UserDetailsChanged', data: { userId, changes: details } });
  if (command.primaryCardNumber !== '')
    events.push({
      type: 'UserCardNumberChanged',
      data: { userId, slot: 'primary', cardNumber: command.primaryCardNumber },
    });
  if ((command.secondaryCardNumber ?? '') !== '')
    events.push({
      type: 'UserCardNumberChanged',
      data: { userId, slot: 'secondary', cardNumber: command.secondaryCardNumber ?? '' },
    });
  if (command.pinHash !== '')
    events.push({ type: 'UserPinChanged', data: { userId, pinHash: command.pinHash } });
  if (command.passwordHash !== '')
    events.push({ type: 'UserPasswordChanged', data: { userId, passwordHash: command.passwordHash } });
  return right(events);
};

export const decideUser = (command: UserCommand, state: UserState): Decision => {
  if (command.kind === 'CreateUser') {
    return state.status === 'absent'
      ? create(command)
      : left({ code: 'UserAlreadyExists', username: command.username });
  }
  // The ledger outlives the account: a deleted user's mistaken transfer can still be corrected.
  if (command.kind === 'CorrectTransfer' && state.status === 'present') return correct(command, state);
  if (state.status === 'absent' || state.deleted)
    return left({ code: 'UserNotFound', username: state.status === 'absent' ? '' : state.username });
  return decideForUser(command, state);
};

export const userDecider: Decider<UserCommand, UserState, UserEvent> = {
  decide: decideUser,
  evolve: evolveUser,
  initialState: initialUserState,
};
