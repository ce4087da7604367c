import { Either, isLeft, left, map, right } from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { DomainError } from '../errors';
import { counterAccountFor } from '../ledger/accounts';
import { overdraftAmount } from '../ledger/overdraft';
import { formatMoney, Money } from '../money';
import {
  booleanText,
  isDisabledAt,
  parseAmountValue,
  parseBooleanValue,
  parseEnumValue,
  readOnlyProperty,
  unknownProperty,
} from '../properties';
import { SharedAccountCommand } from './decide';
import { SharedAccount } from './state';

const COMMENT_OPTIONS = ['NO_COMMENT', 'COMMENT_OPTIONAL', 'COMMENT_REQUIRED'] as const;
const INVOICE_OPTIONS = ['ALWAYS_INVOICE', 'NEVER_INVOICE', 'USER_CHOICE_ON', 'USER_CHOICE_OFF'] as const;

export interface SharedAccountReadContext {
  readonly now: Date;
  readonly defaultOverdraft: Money;
  readonly userName: (userId: string) => string | undefined;
  readonly groupName: (groupId: string) => string | undefined;
}

const names = (ids: readonly string[], lookUp: (id: string) => string | undefined): string =>
  ids
    .map(lookUp)
    .filter((name): name is string => name !== undefined)
    .sort()
    .join(',');

/** A shared-account property as the API shows it: always a string. */
export const readSharedAccountProperty = (
  account: SharedAccount,
  property: string,
  context: SharedAccountReadContext,
): Either<DomainError, string> => {
  const name = property.trim().toLowerCase();
  switch (name) {
    case 'access-groups':
      return right(names(account.accessGroupIds, context.groupName));
    case 'access-users':
      return right(names(account.accessUserIds, context.userName));
    case 'account-id':
      return right(account.accountId);
    case 'balance':
      return right(formatMoney(account.balance));
    case 'comment-option':
      return right(account.commentOption);
    case 'disabled':
      return right(booleanText(isDisabledAt(account.disabledUntil, context.now)));
    case 'invoice-option':
      return right(account.invoiceOption);
    case 'notes':
      return right(account.notes);
    case 'overdraft-amount':
      return right(formatMoney(overdraftAmount(account.overdraft, context.defaultOverdraft)));
    case 'pin':
      return right(account.pin);
    case 'restricted':
      return right(booleanText(account.restricted));
    default:
      return left(unknownProperty('shared-account', property));
  }
};

export interface SharedAccountWriteContext {
  readonly transferId: string;
  readonly comment: string;
  /** Comma-separated names to ids; an unknown name is an error naming it. */
  readonly userIds: (names: readonly string[]) => Either<DomainError, readonly string[]>;
  readonly groupIds: (names: readonly string[]) => Either<DomainError, readonly string[]>;
}

const splitNames = (value: string): readonly string[] =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

/** Replacing an access list is a set of grants and revocations against the current list. */
export const replaceAccess = (
  principal: 'user' | 'group',
  current: readonly string[],
  wanted: readonly string[],
): readonly SharedAccountCommand[] => [
  ...current
    .filter((id) => !wanted.includes(id))
    .map((principalId): SharedAccountCommand => ({
      kind: 'SetSharedAccountAccess',
      principal,
      principalId,
      granted: false,
    })),
  ...wanted
    .filter((id) => !current.includes(id))
    .map((principalId): SharedAccountCommand => ({
      kind: 'SetSharedAccountAccess',
      principal,
      principalId,
      granted: true,
    })),
];

/** The commands that set one shared-account property. */
export const sharedAccountPropertyCommands = (
  account: SharedAccount,
  property: string,
  value: string,
  context: SharedAccountWriteContext,
): Either<DomainError, readonly SharedAccountCommand[]> => {
  const name = property.trim().toLowerCase();
  const one = (command: SharedAccountCommand): readonly SharedAccountCommand[] => [command];
  switch (name) {
    case 'access-groups': {
      const ids = context.groupIds(splitNames(value));
      return isLeft(ids) ? ids : right(replaceAccess('group', account.accessGroupIds, ids.right));
    }
    case 'access-users': {
      const ids = context.userIds(splitNames(value));
      return isLeft(ids) ? ids : right(replaceAccess('user', account.accessUserIds, ids.right));
    }
    case 'account-id':
      return left(readOnlyProperty('shared-account', name));
    case 'balance':
      return pipe(
        parseAmountValue(name, value),
        map((balance) =>
          one({
            kind: 'SetSharedAccountBalance',
            balance,
            transfer: {
              transferId: context.transferId,
              cause: 'balance-set',
              counterAccount: counterAccountFor('balance-set'),
              comment: context.comment,
            },
          }),
        ),
      );
    case 'comment-option':
      return pipe(
        parseEnumValue(name, value, COMMENT_OPTIONS),
        map((commentOption) => one({ kind: 'ChangeSharedAccountDetails', changes: { commentOption } })),
      );
    case 'invoice-option':
      return pipe(
        parseEnumValue(name, value, INVOICE_OPTIONS),
        map((invoiceOption) => one({ kind: 'ChangeSharedAccountDetails', changes: { invoiceOption } })),
      );
    case 'disabled':
      return pipe(
        parseBooleanValue(name, value),
        map((disabled) =>
          one(disabled ? { kind: 'DisableSharedAccount', until: '' } : { kind: 'EnableSharedAccount' }),
        ),
      );
    case 'notes':
      return right(one({ kind: 'ChangeSharedAccountDetails', changes: { notes: value } }));
    case 'pin':
      return right(one({ kind: 'ChangeSharedAccountDetails', changes: { pin: value.trim() } }));
    case 'overdraft-amount':
      return pipe(
        parseAmountValue(name, value, { nonNegative: true }),
        map((amount) => one({ kind: 'SetSharedAccountOverdraft', setting: { mode: 'individual', amount } })),
      );
    case 'restricted':
      return pipe(
        parseBooleanValue(name, value),
        map((restricted) => one({ kind: 'SetSharedAccountRestricted', restricted })),
      );
    default:
      return left(unknownProperty('shared-account', property));
  }
};
