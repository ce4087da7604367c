import * as t from 'io-ts';
import { defineEvent, partialStrings } from '../event-definition';
import { MoneyCodec } from '../money';
import { CommentOption, InvoiceOption } from '../shared-accounts/events';
import { USER_DETAIL_FIELDS } from '../users/events';

export const ImportKind = t.keyof({
  'shared-accounts': null,
  users: null,
  'internal-users': null,
  'card-numbers': null,
});
export type ImportKind = t.TypeOf<typeof ImportKind>;

/**
 * One valid line of a user import, resolved to the user it changes (a new user's id is derived from
 * the operation and the name, so a retried creation is the same user). Absent fields stay as they
 * are; secrets are already salted hashes.
 */
export const UserImportEntry = t.intersection([
  t.type({
    line: t.number,
    userId: t.string,
    username: t.string,
    create: t.boolean,
    internal: t.boolean,
  }),
  t.partial({
    details: partialStrings(USER_DETAIL_FIELDS),
    restricted: t.boolean,
    /** The balance the line sets: booked as the difference, cause `import`. */
    balance: MoneyCodec,
    primaryCardNumber: t.string,
    secondaryCardNumber: t.string,
    pinHash: t.string,
    passwordHash: t.string,
  }),
]);
export type UserImportEntry = t.TypeOf<typeof UserImportEntry>;

/** One valid line of a shared-account import; access lists replace the account's lists. */
export const SharedAccountImportEntry = t.intersection([
  t.type({
    line: t.number,
    accountId: t.string,
    fullName: t.string,
    name: t.string,
    parentId: t.string,
    create: t.boolean,
  }),
  t.partial({
    enabled: t.boolean,
    pin: t.string,
    balance: MoneyCodec,
    restricted: t.boolean,
    accessUserIds: t.array(t.string),
    accessGroupIds: t.array(t.string),
    invoiceOption: InvoiceOption,
    commentOption: CommentOption,
    notes: t.string,
  }),
]);
export type SharedAccountImportEntry = t.TypeOf<typeof SharedAccountImportEntry>;

/** An account the file does not name, deleted because the caller asked (deleteNonExistent). */
export const SharedAccountDeletionEntry = t.type({ accountId: t.string, fullName: t.string });
export type SharedAccountDeletionEntry = t.TypeOf<typeof SharedAccountDeletionEntry>;

export const ImportOptions = t.exact(
  t.partial({
    createNewUsers: t.boolean,
    overwritePasswords: t.boolean,
    overwritePINs: t.boolean,
    emailUserOnCreation: t.boolean,
    deleteNonExistent: t.boolean,
  }),
);
export type ImportOptions = t.TypeOf<typeof ImportOptions>;

export const ImportOperationStarted = defineEvent(
  'ImportOperationStarted',
  1,
  "A batch import began: the file's valid lines, already validated and resolved to the records they change, in the order they are applied. Bad lines are not here; they were reported to the caller.",
  t.type({
    operationId: t.string,
    kind: ImportKind,
    file: t.string,
    options: ImportOptions,
    users: t.array(UserImportEntry),
    sharedAccounts: t.array(SharedAccountImportEntry),
    deletions: t.array(SharedAccountDeletionEntry),
  }),
);
