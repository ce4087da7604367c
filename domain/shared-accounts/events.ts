import * as t from 'io-ts';
import { defineEvent, EventOf } from '../event-definition';
import { TransferFields, TransferLinks } from '../ledger/transfer';
import { SharedAccountPrintJobCharged } from '../jobs/events';
import { SharedAccountImported } from '../imports/markers';
import { MoneyCodec } from '../money';

export const CommentOption = t.keyof({ NO_COMMENT: null, COMMENT_OPTIONAL: null, COMMENT_REQUIRED: null });
export const InvoiceOption = t.keyof({
  ALWAYS_INVOICE: null,
  NEVER_INVOICE: null,
  USER_CHOICE_ON: null,
  USER_CHOICE_OFF: null,
});

export const SHARED_ACCOUNT_DETAIL_FIELDS = ['notes', 'pin', 'commentOption', 'invoiceOption'] as const;

export const SharedAccountCreated = defineEvent(
  'SharedAccountCreated',
  1,
  'A shared account was created; `parentId` is set for a sub-account (shown as parent\\sub).',
  t.type({ accountId: t.string, name: t.string, parentId: t.string }),
);

export const SharedAccountRenamed = defineEvent(
  'SharedAccountRenamed',
  1,
  'A shared account was renamed (or moved under another parent); its id, balance and history stay.',
  t.type({ accountId: t.string, from: t.string, to: t.string, parentId: t.string }),
);

export const SharedAccountDeleted = defineEvent(
  'SharedAccountDeleted',
  1,
  'A shared account was deleted; its history stays in the log.',
  t.type({ accountId: t.string, name: t.string }),
);

export const SharedAccountDetailsChanged = defineEvent(
  'SharedAccountDetailsChanged',
  1,
  'Descriptive settings of a shared account changed (notes, PIN, comment and invoice options).',
  t.type({
    accountId: t.string,
    changes: t.exact(
      t.partial({
        notes: t.string,
        pin: t.string,
        commentOption: CommentOption,
        invoiceOption: InvoiceOption,
      }),
    ),
  }),
);

export const SharedAccountRestrictionChanged = defineEvent(
  'SharedAccountRestrictionChanged',
  1,
  'A shared account became restricted (cannot go below its overdraft) or unrestricted.',
  t.type({ accountId: t.string, restricted: t.boolean }),
);

export const SharedAccountOverdraftChanged = defineEvent(
  'SharedAccountOverdraftChanged',
  1,
  "A shared account's overdraft became individual (with this amount) or returned to the site default.",
  t.type({ accountId: t.string, mode: t.keyof({ default: null, individual: null }), amount: MoneyCodec }),
);

export const SharedAccountDisabled = defineEvent(
  'SharedAccountDisabled',
  1,
  'A shared account was disabled until a time, or until re-enabled when `until` is empty.',
  t.type({ accountId: t.string, until: t.string }),
);

export const SharedAccountEnabled = defineEvent(
  'SharedAccountEnabled',
  1,
  'A shared account was enabled again.',
  t.type({ accountId: t.string }),
);

export const SharedAccountAccessChanged = defineEvent(
  'SharedAccountAccessChanged',
  1,
  'A user or group was given (granted) or lost access to charge a shared account without its PIN.',
  t.type({
    accountId: t.string,
    principal: t.keyof({ user: null, group: null }),
    principalId: t.string,
    granted: t.boolean,
  }),
);

export const SharedAccountBalanceAdjusted = defineEvent(
  'SharedAccountBalanceAdjusted',
  1,
  'Money moved between a shared account and a system account.',
  t.intersection([t.type({ accountId: t.string, ...TransferFields }), TransferLinks]),
);

export const SHARED_ACCOUNT_EVENTS = [
  SharedAccountCreated,
  SharedAccountRenamed,
  SharedAccountDeleted,
  SharedAccountDetailsChanged,
  SharedAccountRestrictionChanged,
  SharedAccountOverdraftChanged,
  SharedAccountDisabled,
  SharedAccountEnabled,
  SharedAccountAccessChanged,
  SharedAccountBalanceAdjusted,
  SharedAccountPrintJobCharged,
  SharedAccountImported,
] as const;

export type SharedAccountEvent = EventOf<(typeof SHARED_ACCOUNT_EVENTS)[number]>;
