import { Either } from 'fp-ts/Either';
import { nameKey } from '../../domain/names';

/** One person as the user directory lists them. Empty strings are attributes the directory does not give. */
export interface DirectoryUser {
  /** Normalised as Folio stores usernames (NFC, lower case). */
  readonly username: string;
  readonly fullName: string;
  readonly email: string;
  readonly department: string;
  readonly office: string;
  /** The home folder (PaperCut's home-directory field). */
  readonly home: string;
  readonly primaryCard: string;
  readonly secondaryCard: string;
  readonly groups: readonly string[];
}

export interface DirectoryListing {
  /** Where the listing came from, for task messages: e.g. `file /srv/folio/users.tsv`. */
  readonly source: string;
  readonly users: readonly DirectoryUser[];
}

/** Why a directory could not be read; shown to the administrator as is. */
export interface DirectoryProblem {
  readonly reason: string;
  /** What failed, when it was the way to the directory: the CLI's exit code follows it. */
  readonly kind?: 'connection' | 'authentication';
}

/** Where a source reports how its read goes (a task's progress lines); never a secret. */
export type DirectoryProgress = (line: string) => void;

/**
 * The user directory port: where users and their groups come from (a tab-separated file, an LDAP or
 * Active Directory server; an Entra ID source would be another implementation). Reading is whole: a sync works on one
 * consistent listing.
 */
export interface UserDirectory {
  read(progress?: DirectoryProgress): Promise<Either<DirectoryProblem, DirectoryListing>>;
}

export interface DirectoryGroup {
  /** The spelling the directory uses first. */
  readonly name: string;
  readonly members: readonly string[];
}

/** The directory's groups by name key, each with its members' usernames in listing order. */
export const directoryGroups = (listing: DirectoryListing): ReadonlyMap<string, DirectoryGroup> => {
  const groups = new Map<string, { name: string; members: string[] }>();
  for (const user of listing.users)
    for (const group of user.groups) {
      const entry = groups.get(nameKey(group)) ?? { name: group, members: [] };
      if (!entry.members.includes(user.username)) entry.members.push(user.username);
      groups.set(nameKey(group), entry);
    }
  return groups;
};
