import { Either, left, map, right } from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { DomainError } from '../errors';
import { PrintCounts } from '../jobs/counts';
import { counterAccountFor } from '../ledger/accounts';
import { overdraftAmount } from '../ledger/overdraft';
import { formatMoney } from '../money';
import { normalizeUsername } from '../names';
import {
  booleanText,
  isDisabledAt,
  parseAmountValue,
  parseBooleanValue,
  parsePercentValue,
  readOnlyProperty,
  unknownProperty,
  writeOnlyProperty,
} from '../properties';
import { UserCommand, UserPolicy } from './commands';
import { UserDetailField, UserSwitch } from './events';
import { totalBalance, User } from './state';

const DETAIL_PROPERTIES: Readonly<Record<string, UserDetailField>> = {
  department: 'department',
  email: 'email',
  'full-name': 'fullName',
  notes: 'notes',
  office: 'office',
  'username-alias': 'usernameAlias',
  home: 'home',
  'other-emails': 'otherEmails',
  'delegated-users': 'delegatedUsers',
  'delegated-groups': 'delegatedGroups',
};

/**
 * The delegation lists are comma-separated names; they are kept in one spelling (no blanks, no empty
 * entries, usernames in lower case as the API stores them) so that a read returns what a script can
 * split on ',' again.
 */
const LIST_NORMALIZERS: Readonly<Partial<Record<UserDetailField, (name: string) => string>>> = {
  delegatedUsers: normalizeUsername,
  delegatedGroups: (name) => name,
};

const detailValue = (field: UserDetailField, value: string): string => {
  const normalize = LIST_NORMALIZERS[field];
  if (normalize === undefined) return value;
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map(normalize)
    .join(',');
};

const SWITCH_PROPERTIES: Readonly<Record<string, UserSwitch>> = {
  'disabled-net': 'disabledNet',
  'dont-hold-jobs-in-release-station': 'dontHoldJobsInReleaseStation',
  'dont-apply-printer-filter-rules': 'dontApplyPrinterFilterRules',
  'dont-archive': 'dontArchive',
  'auto-release-jobs': 'autoReleaseJobs',
  unauthenticated: 'unauthenticated',
};

/** The product's old names for the card properties, still sent by older scripts. */
const ALIASES: Readonly<Record<string, string>> = {
  'card-number': 'primary-card-number',
  'card-number2': 'secondary-card-number',
};

const canonicalName = (property: string): string => {
  const lower = property.trim().toLowerCase();
  return ALIASES[lower] ?? lower;
};

export interface UserReadContext {
  readonly now: Date;
  readonly policy: UserPolicy;
  /** The user's job and page counts, from the print-stats read model. */
  readonly counts: PrintCounts;
  /** The current full name of a shared account ('' when it no longer exists); names are not stored on users. */
  readonly sharedAccountName?: (accountId: string) => string;
}

const has = (record: Readonly<Record<string, unknown>>, key: string): boolean => Object.hasOwn(record, key);

/** A user property as the API shows it: always a string. */
export const readUserProperty = (
  user: User,
  property: string,
  context: UserReadContext,
): Either<DomainError, string> => {
  const name = canonicalName(property);
  if (has(DETAIL_PROPERTIES, name))
    return right(user.details[DETAIL_PROPERTIES[name] as UserDetailField] ?? '');
  if (has(SWITCH_PROPERTIES, name))
    return right(booleanText(user.switches[SWITCH_PROPERTIES[name] as UserSwitch] ?? false));
  switch (name) {
    case 'balance':
      return right(formatMoney(totalBalance(user)));
    case 'primary-card-number':
      return right(user.primaryCardNumber);
    case 'secondary-card-number':
      return right(user.secondaryCardNumber);
    case 'card-pin':
    case 'password':
      return left(writeOnlyProperty('user', name));
    case 'disabled-print':
      return right(booleanText(isDisabledAt(user.printingDisabledUntil, context.now)));
    case 'restricted':
      return right(booleanText(user.restricted));
    case 'print-stats.job-count':
      return right(String(context.counts.jobCount));
    case 'print-stats.page-count':
      return right(String(context.counts.pageCount));
    case 'net-stats.data-mb':
    case 'net-stats.time-hours':
      return right('0');
    case 'printer-cost-adjustment-rate-percent':
      return right(user.costAdjustmentPercent);
    case 'overdraft-amount':
      return right(formatMoney(overdraftAmount(user.overdraft, context.policy.defaultOverdraft)));
    case 'internal':
      return right(booleanText(user.internal));
    case 'account-selection.mode':
      return right(user.accountSelection.mode);
    case 'account-selection.can-charge-personal':
      return right(booleanText(user.accountSelection.canChargePersonal));
    case 'account-selection.can-charge-shared-from-list':
      return right(booleanText(user.accountSelection.canChargeSharedFromList));
    case 'account-selection.can-charge-shared-by-pin':
      return right(booleanText(user.accountSelection.canChargeSharedByPin));
    case 'auto-shared-account':
      // Only the automatic mode charges a shared account without asking; a popup's default is not automatic.
      return right(
        user.accountSelection.mode === 'AUTO_CHARGE_TO_SHARED' && user.accountSelection.sharedAccountId !== ''
          ? (context.sharedAccountName?.(user.accountSelection.sharedAccountId) ?? '')
          : '',
      );
    default:
      return left(unknownProperty('user', property));
  }
};

export interface UserWriteContext {
  readonly transferId: string;
  readonly comment: string;
  readonly policy: UserPolicy;
  /** Salted one-way hash for PINs and passwords; plain secrets never reach an event. */
  readonly hashSecret: (secret: string) => string;
}

const READ_ONLY = new Set([
  'print-stats.job-count',
  'print-stats.page-count',
  'net-stats.data-mb',
  'net-stats.time-hours',
  'internal',
  'account-selection.mode',
  'account-selection.can-charge-personal',
  'account-selection.can-charge-shared-from-list',
  'account-selection.can-charge-shared-by-pin',
  'auto-shared-account',
]);

/** The command that sets one user property; setting `balance` is a transfer like any other. */
export const userPropertyCommand = (
  property: string,
  value: string,
  context: UserWriteContext,
): Either<DomainError, UserCommand> => {
  const name = canonicalName(property);
  if (has(DETAIL_PROPERTIES, name)) {
    const field = DETAIL_PROPERTIES[name] as UserDetailField;
    return right({ kind: 'ChangeUserDetails', changes: { [field]: detailValue(field, value) } });
  }
  if (has(SWITCH_PROPERTIES, name)) {
    const field = SWITCH_PROPERTIES[name] as UserSwitch;
    return pipe(
      parseBooleanValue(name, value),
      map((on): UserCommand => ({ kind: 'SetSwitches', changes: { [field]: on } })),
    );
  }
  if (READ_ONLY.has(name)) return left(readOnlyProperty('user', name));
  switch (name) {
    case 'balance':
      return pipe(
        parseAmountValue(name, value),
        map((balance): UserCommand => ({
          kind: 'SetBalance',
          account: '',
          balance,
          policy: context.policy,
          transfer: {
            transferId: context.transferId,
            cause: 'balance-set',
            counterAccount: counterAccountFor('balance-set'),
            comment: context.comment,
          },
        })),
      );
    case 'primary-card-number':
      return right({ kind: 'SetCardNumber', slot: 'primary', cardNumber: value.trim() });
    case 'secondary-card-number':
      return right({ kind: 'SetCardNumber', slot: 'secondary', cardNumber: value.trim() });
    case 'card-pin':
      return right({ kind: 'SetPin', pinHash: value === '' ? '' : context.hashSecret(value) });
    case 'password':
      return value === ''
        ? left({ code: 'InvalidValue', field: name, value: '', expected: 'a password that is not blank' })
        : right({ kind: 'SetPassword', passwordHash: context.hashSecret(value) });
    case 'disabled-print':
      return pipe(
        parseBooleanValue(name, value),
        map((off): UserCommand =>
          off ? { kind: 'DisablePrinting', until: '' } : { kind: 'EnablePrinting' },
        ),
      );
    case 'restricted':
      return pipe(
        parseBooleanValue(name, value),
        map((restricted): UserCommand => ({ kind: 'SetRestricted', restricted })),
      );
    case 'printer-cost-adjustment-rate-percent':
      return pipe(
        parsePercentValue(name, value),
        map((percent): UserCommand => ({ kind: 'SetCostAdjustment', percent })),
      );
    case 'overdraft-amount':
      return pipe(
        parseAmountValue(name, value, { nonNegative: true }),
        map((amount): UserCommand => ({ kind: 'SetOverdraft', setting: { mode: 'individual', amount } })),
      );
    default:
      return left(unknownProperty('user', property));
  }
};
