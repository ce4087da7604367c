import { chain, Either, isLeft, left, right } from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { assertNever, Decider } from '../decider';
import { DomainError } from '../errors';
import { decideSharedAccountPrintJob } from '../jobs/charge';
import type { ChargeSharedAccountPrintJob } from '../jobs/commands';
import { bookTransfer, conditionalAmount } from '../ledger/balance-transfer';
import { AvailableCredit, BalanceCondition } from '../ledger/conditions';
import { decideCorrection, RecordedTransfer } from '../ledger/corrections';
import { TransferRequest } from '../ledger/transfer-request';
import { availableCreditOf, overdraftChange } from '../ledger/overdraft';
import { Money, ZERO } from '../money';
import { refuseBuiltInGroupName, validateName } from '../names';
import { OverdraftSetting } from '../users/state';
import { SharedAccountEvent } from './events';
import { evolveSharedAccount, initialSharedAccountState, SharedAccount, SharedAccountState } from './state';

export { SUB_ACCOUNT_SEPARATOR } from './state';

export type SharedAccountDetails = Partial<
  Pick<SharedAccount, 'notes' | 'pin' | 'commentOption' | 'invoiceOption'>
>;

export type SharedAccountCommand =
  | {
      readonly kind: 'CreateSharedAccount';
      readonly accountId: string;
      readonly name: string;
      readonly parentId: string;
    }
  | {
      readonly kind: 'RenameSharedAccount';
      readonly name: string;
      readonly parentId: string;
      readonly fullNameTo: string;
      readonly fullNameFrom: string;
    }
  | { readonly kind: 'DeleteSharedAccount'; readonly fullName: string }
  | { readonly kind: 'ChangeSharedAccountDetails'; readonly changes: SharedAccountDetails }
  | { readonly kind: 'SetSharedAccountRestricted'; readonly restricted: boolean }
  | { readonly kind: 'SetSharedAccountOverdraft'; readonly setting: OverdraftSetting }
  | { readonly kind: 'DisableSharedAccount'; readonly until: string }
  | { readonly kind: 'EnableSharedAccount' }
  | {
      readonly kind: 'SetSharedAccountAccess';
      readonly principal: 'user' | 'group';
      readonly principalId: string;
      readonly granted: boolean;
    }
  | {
      readonly kind: 'AdjustSharedAccountBalance';
      readonly transfer: TransferRequest;
      readonly amount: Money;
      readonly condition: BalanceCondition;
      readonly defaultOverdraft: Money;
    }
  | { readonly kind: 'SetSharedAccountBalance'; readonly transfer: TransferRequest; readonly balance: Money }
  /** Reverses `original` (a transfer of this account's) by a new transfer; see domain/ledger/corrections.ts. */
  | {
      readonly kind: 'CorrectSharedAccountTransfer';
      readonly original: RecordedTransfer;
      readonly correctionId: string;
      readonly comment: string;
    }
  | ChargeSharedAccountPrintJob
  /** Marks the changes that follow as one line of a batch import (see domain/imports/markers.ts). */
  | {
      readonly kind: 'RecordSharedAccountImport';
      readonly operationId: string;
      readonly file: string;
      readonly line: number;
    };

type Decision = Either<DomainError, readonly SharedAccountEvent[]>;
const none: Decision = right([]);

export const validateSharedAccountName = (name: string): Either<DomainError, string> =>
  pipe(
    validateName('shared-account', name, {
      pattern: /\\/,
      description: "'\\' (it separates a parent from its sub-account)",
    }),
    chain(refuseBuiltInGroupName('shared-account')),
  );

const available = (account: SharedAccount, defaultOverdraft: Money): AvailableCredit =>
  availableCreditOf(account, account.balance, defaultOverdraft);

const transferEvent = (account: SharedAccount, transfer: TransferRequest, amount: Money): Decision => {
  const booked = bookTransfer(account.balance, transfer, amount);
  return isLeft(booked)
    ? booked
    : right([
        { type: 'SharedAccountBalanceAdjusted', data: { accountId: account.accountId, ...booked.right } },
      ]);
};

const correct = (
  command: Extract<SharedAccountCommand, { kind: 'CorrectSharedAccountTransfer' }>,
  account: SharedAccount,
): Decision => {
  const correction = decideCorrection(
    command.original,
    account.correctedTransfers,
    command.correctionId,
    command.comment,
  );
  if (isLeft(correction)) return correction;
  return transferEvent(account, correction.right.request, correction.right.amount);
};

const decideForAccount = (
  command: Exclude<SharedAccountCommand, { kind: 'CreateSharedAccount' }>,
  account: SharedAccount,
): Decision => {
  const accountId = account.accountId;
  switch (command.kind) {
    case 'RenameSharedAccount': {
      const valid = validateSharedAccountName(command.name);
      if (isLeft(valid)) return valid;
      return valid.right === account.name && command.parentId === account.parentId
        ? none
        : right([
            {
              type: 'SharedAccountRenamed',
              data: {
                accountId,
                from: command.fullNameFrom,
                to: command.fullNameTo,
                parentId: command.parentId,
              },
            },
          ]);
    }
    case 'DeleteSharedAccount':
      return right([{ type: 'SharedAccountDeleted', data: { accountId, name: command.fullName } }]);
    case 'ChangeSharedAccountDetails': {
      const changes = Object.fromEntries(
        Object.entries(command.changes).filter(
          ([field, value]) => account[field as keyof SharedAccountDetails] !== value,
        ),
      );
      return Object.keys(changes).length === 0
        ? none
        : right([{ type: 'SharedAccountDetailsChanged', data: { accountId, changes } }]);
    }
    case 'SetSharedAccountRestricted':
      return account.restricted === command.restricted
        ? none
        : right([
            { type: 'SharedAccountRestrictionChanged', data: { accountId, restricted: command.restricted } },
          ]);
    case 'SetSharedAccountOverdraft':
      return right([
        {
          type: 'SharedAccountOverdraftChanged',
          data: { accountId, ...overdraftChange(command.setting) },
        },
      ]);
    case 'DisableSharedAccount':
      return right([{ type: 'SharedAccountDisabled', data: { accountId, until: command.until } }]);
    case 'EnableSharedAccount':
      return account.disabledUntil === ''
        ? none
        : right([{ type: 'SharedAccountEnabled', data: { accountId } }]);
    case 'SetSharedAccountAccess': {
      const ids = command.principal === 'user' ? account.accessUserIds : account.accessGroupIds;
      return ids.includes(command.principalId) === command.granted
        ? none
        : right([
            {
              type: 'SharedAccountAccessChanged',
              data: {
                accountId,
                principal: command.principal,
                principalId: command.principalId,
                granted: command.granted,
              },
            },
          ]);
    }
    case 'AdjustSharedAccountBalance': {
      const moved = conditionalAmount(
        command.condition,
        command.amount,
        account.balance,
        available(account, command.defaultOverdraft),
        account.name,
      );
      if (isLeft(moved)) return moved;
      return moved.right === ZERO ? none : transferEvent(account, command.transfer, moved.right);
    }
    case 'CorrectSharedAccountTransfer':
      return correct(command, account);
    case 'SetSharedAccountBalance': {
      const difference = command.balance - account.balance;
      return difference === ZERO ? none : transferEvent(account, command.transfer, difference);
    }
    case 'ChargeSharedAccountPrintJob':
      return decideSharedAccountPrintJob(command, account, available(account, command.defaultOverdraft));
    case 'RecordSharedAccountImport':
      return right([
        {
          type: 'SharedAccountImported',
          data: { accountId, operationId: command.operationId, file: command.file, line: command.line },
        },
      ]);
    default:
      return assertNever(command);
  }
};

export const decideSharedAccount = (command: SharedAccountCommand, state: SharedAccountState): Decision => {
  if (command.kind === 'CreateSharedAccount') {
    if (state.status === 'present')
      return left({ code: 'SharedAccountAlreadyExists', account: command.name });
    const valid = validateSharedAccountName(command.name);
    if (isLeft(valid)) return valid;
    return right([
      {
        type: 'SharedAccountCreated',
        data: { accountId: command.accountId, name: valid.right, parentId: command.parentId },
      },
    ]);
  }
  // The ledger outlives the account: a deleted account's mistaken transfer can still be corrected.
  if (command.kind === 'CorrectSharedAccountTransfer' && state.status === 'present')
    return correct(command, state);
  if (state.status === 'absent' || state.deleted)
    return left({ code: 'SharedAccountNotFound', account: state.status === 'absent' ? '' : state.name });
  return decideForAccount(command, state);
};

export const sharedAccountDecider: Decider<SharedAccountCommand, SharedAccountState, SharedAccountEvent> = {
  decide: decideSharedAccount,
  evolve: evolveSharedAccount,
  initialState: initialSharedAccountState,
};
