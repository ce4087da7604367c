import { User } from '../users/state';
import { SharedAccountDeletionEntry, SharedAccountImportEntry, UserImportEntry } from './events';

/** A line that is not applied, and why, in words an administrator can act on. */
export interface LineNote {
  readonly line: number;
  readonly message: string;
}

/**
 * A user line before its secrets are hashed: hashing is slow on purpose, so it happens in the
 * background task, never while the caller waits for validation.
 */
export type UserImportDraft = Omit<UserImportEntry, 'pinHash' | 'passwordHash'> & {
  readonly pin?: string;
  readonly password?: string;
};

/** The outcome of validating a whole file, before anything is written. */
export interface ImportPlan {
  /** Data lines read (blank and comment lines are not counted). */
  readonly lines: number;
  readonly users: readonly UserImportDraft[];
  readonly sharedAccounts: readonly SharedAccountImportEntry[];
  readonly deletions: readonly SharedAccountDeletionEntry[];
  /** Bad lines: not applied. */
  readonly problems: readonly LineNote[];
  /** Valid lines deliberately left alone (an unknown user when createNewUsers is false). */
  readonly ignored: readonly LineNote[];
  /** Parts of applied lines left out (an access entry naming no user or group); the line still applies. */
  readonly skipped?: readonly LineNote[];
}

export interface SharedAccountRef {
  readonly accountId: string;
  readonly parentId: string;
  readonly fullName: string;
}

/** What validation needs to know about the records that exist now; answered from the read models. */
export interface ImportLookups {
  readonly userByName: (username: string) => User | undefined;
  readonly cardHolder: (cardNumber: string) => User | undefined;
  readonly sharedAccountByName: (fullName: string) => SharedAccountRef | undefined;
  /** Every shared account not deleted, sub-accounts included. */
  readonly sharedAccounts: () => readonly SharedAccountRef[];
  /** A group's id, the built-in groups included; undefined when there is no such group. */
  readonly groupIdByName: (name: string) => string | undefined;
  /** A stable id for a record the import creates, derived from the operation and `key`. */
  readonly newId: (kind: 'user' | 'shared-account', key: string) => string;
}

/** Rejects lines longer than the format allows: a shifted column would silently land in the wrong field. */
export const tooManyColumns = (count: number, columns: readonly string[]): string | null =>
  count > columns.length
    ? `it has ${count} columns; the format has at most ${columns.length} (${columns.join(', ')})`
    : null;
