import * as t from 'io-ts';
import { defineEvent, EventOf, partialStrings } from '../event-definition';
import { MoneyCodec } from '../money';
import { TransferFields, TransferLinks } from '../ledger/transfer';
import { PrintJobCharged, PrintJobRefused } from '../jobs/events';
import { AccountSelectionCodec } from './account-selection';
import { UserImported } from '../imports/markers';

/** Free-text details a user record carries; all optional, all plain strings. */
export const USER_DETAIL_FIELDS = [
  'fullName',
  'email',
  'department',
  'office',
  'notes',
  'home',
  'usernameAlias',
  'otherEmails',
  // Print delegation: who this user may print on behalf of, as PaperCut's properties hold it (a
  // comma-separated list of usernames, of group names).
  'delegatedUsers',
  'delegatedGroups',
] as const;
export type UserDetailField = (typeof USER_DETAIL_FIELDS)[number];

/** Boolean switches of a user record that do not affect the ledger. */
export const USER_SWITCHES = [
  'disabledNet',
  'dontHoldJobsInReleaseStation',
  'dontApplyPrinterFilterRules',
  'dontArchive',
  'autoReleaseJobs',
  // PaperCut's "unauthenticated" user: jobs are not held for authentication at the workstation.
  'unauthenticated',
] as const;
export type UserSwitch = (typeof USER_SWITCHES)[number];

export const UserCreated = defineEvent(
  'UserCreated',
  1,
  'A user account was created, internal (Folio holds its password) or from the user directory.',
  t.type({
    userId: t.string,
    username: t.string,
    internal: t.boolean,
    source: t.keyof({ internal: null, directory: null, import: null }),
  }),
);

export const UserDetailsChanged = defineEvent(
  'UserDetailsChanged',
  1,
  'Descriptive fields of a user changed; only the fields present changed, an empty string clears one.',
  t.type({ userId: t.string, changes: partialStrings(USER_DETAIL_FIELDS) }),
);

export const UserCardNumberChanged = defineEvent(
  'UserCardNumberChanged',
  1,
  'The primary or secondary card/ID number of a user was set (empty = cleared).',
  t.type({ userId: t.string, slot: t.keyof({ primary: null, secondary: null }), cardNumber: t.string }),
);

export const UserPinChanged = defineEvent(
  'UserPinChanged',
  1,
  'The card PIN of a user was set or cleared. Only a salted hash is stored, never the PIN.',
  t.type({ userId: t.string, pinHash: t.string }),
);

export const UserPasswordChanged = defineEvent(
  'UserPasswordChanged',
  1,
  'The password of an internal user was set. Only a salted hash is stored, never the password.',
  t.type({ userId: t.string, passwordHash: t.string }),
);

export const UserRestrictionChanged = defineEvent(
  'UserRestrictionChanged',
  1,
  'A user became restricted (cannot go below its overdraft) or unrestricted.',
  t.type({ userId: t.string, restricted: t.boolean }),
);

export const UserOverdraftChanged = defineEvent(
  'UserOverdraftChanged',
  1,
  "A user's overdraft became individual (with this amount) or returned to the site default.",
  t.type({ userId: t.string, mode: t.keyof({ default: null, individual: null }), amount: MoneyCodec }),
);

export const UserPrintingDisabled = defineEvent(
  'UserPrintingDisabled',
  1,
  'Printing was disabled for a user until a time, or until re-enabled when `until` is empty.',
  t.type({ userId: t.string, until: t.string }),
);

export const UserPrintingEnabled = defineEvent(
  'UserPrintingEnabled',
  1,
  'Printing was enabled again for a user.',
  t.type({ userId: t.string }),
);

export const UserSwitchesChanged = defineEvent(
  'UserSwitchesChanged',
  1,
  'Boolean settings of a user that do not affect the ledger changed.',
  t.type({
    userId: t.string,
    changes: t.exact(
      t.partial(
        Object.fromEntries(USER_SWITCHES.map((k) => [k, t.boolean])) as Record<UserSwitch, t.BooleanC>,
      ),
    ),
  }),
);

export const UserCostAdjustmentChanged = defineEvent(
  'UserCostAdjustmentChanged',
  1,
  "The percentage applied to this user's print costs changed (100 = normal price).",
  t.type({ userId: t.string, percent: t.string }),
);

export const UserCountsReset = defineEvent(
  'UserCountsReset',
  1,
  "A user's page and job counts were reset to zero by `resetBy`; the counts before (from the print-stats read model) are kept for the record.",
  t.type({ userId: t.string, resetBy: t.string, jobCountBefore: t.number, pageCountBefore: t.number }),
);

export const UserRenamed = defineEvent(
  'UserRenamed',
  1,
  'A user was renamed; its id, balance and history stay.',
  t.type({ userId: t.string, from: t.string, to: t.string }),
);

export const UserDeleted = defineEvent(
  'UserDeleted',
  1,
  'A user was deleted. Its history stays in the log; with `redacted`, read models drop its personal data.',
  t.type({ userId: t.string, username: t.string, redacted: t.boolean }),
);

export const UserBalanceAdjusted = defineEvent(
  'UserBalanceAdjusted',
  1,
  "Money moved between one of a user's personal accounts (`account`, empty = the default account) and a system account.",
  t.intersection([t.type({ userId: t.string, account: t.string, ...TransferFields }), TransferLinks]),
);

export const UserBalanceUnchanged = defineEvent(
  'UserBalanceUnchanged',
  1,
  "A group balance operation (`operationId`) reached this user and moved no money: the balance of `account` (empty = the default account) was already `balance` (set by group), or at or above the limit (top-up by group). It marks the user's step of the operation as done, so recovery after a crash never decides it again against a later balance.",
  t.type({ userId: t.string, operationId: t.string, account: t.string, balance: MoneyCodec }),
);

export const UserAccountSelectionChanged = defineEvent(
  'UserAccountSelectionChanged',
  1,
  "A user's account-selection mode changed; the event holds the complete new settings (shared account by id).",
  t.type({ userId: t.string, selection: AccountSelectionCodec }),
);

export const USER_EVENTS = [
  UserCreated,
  UserDetailsChanged,
  UserCardNumberChanged,
  UserPinChanged,
  UserPasswordChanged,
  UserRestrictionChanged,
  UserOverdraftChanged,
  UserPrintingDisabled,
  UserPrintingEnabled,
  UserSwitchesChanged,
  UserCostAdjustmentChanged,
  UserCountsReset,
  UserRenamed,
  UserDeleted,
  UserBalanceAdjusted,
  PrintJobCharged,
  PrintJobRefused,
  UserAccountSelectionChanged,
  UserImported,
  UserBalanceUnchanged,
] as const;

export type UserEvent = EventOf<(typeof USER_EVENTS)[number]>;
