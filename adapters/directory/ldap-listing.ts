import { isLeft } from 'fp-ts/Either';
import { nameKey, validateName, validateUsername } from '../../domain/names';
import { LdapAttributes } from './ldap-settings';
import { DirectoryListing, DirectoryProgress, DirectoryUser } from './port';

/** One entry as a search returns it: its DN and its attributes' values. */
export interface LdapEntry {
  readonly dn: string;
  readonly [attribute: string]: unknown;
}

/** Active Directory's userAccountControl flag ACCOUNTDISABLE. */
const ACCOUNT_DISABLED = 0x2;

/** Problems named one by one in the progress lines; the rest are counted. */
const MAX_PROBLEMS_SHOWN = 20;

/**
 * A DN in the form two spellings of it share: attribute names and values compared without case (as
 * both Active Directory and the usual OpenLDAP schemas do) and no blanks around separators.
 */
export const normaliseDn = (dn: string): string =>
  dn
    .trim()
    .replace(/\s*([,=+])\s*/g, '$1')
    .toLowerCase();

/** An attribute's values as strings, found whatever the case the server spells its name in. */
const values = (entry: LdapEntry, attribute: string): readonly string[] => {
  if (attribute === '') return [];
  const wanted = attribute.toLowerCase();
  const key = Object.keys(entry).find((name) => name.toLowerCase() === wanted);
  const value = key === undefined ? undefined : entry[key];
  const list = Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value];
  return list.map((item) => (Buffer.isBuffer(item) ? item.toString('utf8') : String(item)));
};

const first = (entry: LdapEntry, attribute: string): string => (values(entry, attribute)[0] ?? '').trim();

/** Every attribute a search must ask for, so the server sends only what the mapping reads. */
export const userAttributes = (mapping: LdapAttributes): string[] =>
  [
    mapping.username,
    mapping.fullName,
    mapping.email,
    mapping.department,
    mapping.office,
    mapping.primaryCard,
    mapping.secondaryCard,
    mapping.home,
    mapping.memberOf,
    mapping.accountControl,
  ].filter((name, index, all) => name !== '' && all.indexOf(name) === index);

export const groupAttributes = (mapping: LdapAttributes): string[] =>
  [mapping.groupName, mapping.groupMemberDn, mapping.groupMemberUid, mapping.memberOf].filter(
    (name, index, all) => name !== '' && all.indexOf(name) === index,
  );

interface GroupNode {
  readonly name: string;
  /** Normalised DNs of the groups this group is a member of. */
  readonly parents: Set<string>;
}

/**
 * Each group's name with the names of every group it is in, directly or through other groups.
 * Membership loops (Active Directory allows them) end where a group is met again.
 */
const enclosingGroups = (groups: ReadonlyMap<string, GroupNode>): ReadonlyMap<string, readonly string[]> => {
  const result = new Map<string, readonly string[]>();
  for (const [dn, node] of groups) {
    const seen = new Set<string>([dn]);
    const queue = [...node.parents];
    const names = [node.name];
    while (queue.length > 0) {
      const next = queue.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      const parent = groups.get(next);
      if (parent === undefined) continue;
      names.push(parent.name);
      queue.push(...parent.parents);
    }
    result.set(dn, names);
  }
  return result;
};

export interface LdapListingInput {
  readonly source: string;
  readonly users: readonly LdapEntry[];
  readonly groups: readonly LdapEntry[];
  readonly mapping: LdapAttributes;
  readonly disabledAccounts: 'skip' | 'include';
}

/**
 * Turns the entries of the user and group searches into a listing: each user with the groups it
 * is in, nested groups followed to the top. Membership is read from every place a schema keeps it —
 * the group's member DNs, its memberUid usernames and the memberOf DNs of users and groups — so the
 * same code serves Active Directory, groupOfNames and posixGroup. An entry that cannot be a Folio
 * user (no username, an invalid or repeated one) is left out and named in a progress line: one bad
 * entry among 100,000 must not stop the sync of the rest.
 */
export const ldapListing = (input: LdapListingInput, progress: DirectoryProgress): DirectoryListing => {
  const { mapping } = input;
  const problems: string[] = [];

  const groups = new Map<string, GroupNode>();
  for (const entry of input.groups) {
    const name = first(entry, mapping.groupName);
    if (name === '' || isLeft(validateName('group', name))) {
      problems.push(
        `group ${entry.dn}: ${name === '' ? `no ${mapping.groupName}` : `'${name}' is not a valid group name`}`,
      );
      continue;
    }
    groups.set(normaliseDn(entry.dn), {
      name,
      parents: new Set(values(entry, mapping.memberOf).map(normaliseDn)),
    });
  }
  // A group listing another group as a member DN is that group's parent.
  const directMembersByDn = new Map<string, Set<string>>();
  const directMembersByUid = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, groupDn: string): void => {
    const set = map.get(key) ?? new Set<string>();
    set.add(groupDn);
    map.set(key, set);
  };
  for (const entry of input.groups) {
    const groupDn = normaliseDn(entry.dn);
    if (!groups.has(groupDn)) continue;
    for (const member of values(entry, mapping.groupMemberDn)) {
      const memberDn = normaliseDn(member);
      const nested = groups.get(memberDn);
      if (nested !== undefined) nested.parents.add(groupDn);
      else add(directMembersByDn, memberDn, groupDn);
    }
    for (const uid of values(entry, mapping.groupMemberUid))
      add(directMembersByUid, nameKey(uid.trim()), groupDn);
  }
  const enclosing = enclosingGroups(groups);

  const users: DirectoryUser[] = [];
  const usernames = new Set<string>();
  let disabled = 0;
  for (const entry of input.users) {
    const raw = first(entry, mapping.username);
    const username = validateUsername(raw);
    if (isLeft(username)) {
      problems.push(
        `user ${entry.dn}: ${raw === '' ? `no ${mapping.username}` : `'${raw}' is not a valid username`}`,
      );
      continue;
    }
    if (usernames.has(username.right)) {
      problems.push(`user ${entry.dn}: the username '${username.right}' is also another entry's`);
      continue;
    }
    const control = Number(first(entry, mapping.accountControl));
    if (
      Number.isInteger(control) &&
      (control & ACCOUNT_DISABLED) !== 0 &&
      input.disabledAccounts === 'skip'
    ) {
      disabled += 1;
      continue;
    }
    usernames.add(username.right);
    const dn = normaliseDn(entry.dn);
    const direct = new Set<string>([
      ...values(entry, mapping.memberOf).map(normaliseDn),
      ...(directMembersByDn.get(dn) ?? []),
      ...(directMembersByUid.get(nameKey(raw)) ?? []),
    ]);
    const names: string[] = [];
    for (const groupDn of direct)
      for (const name of enclosing.get(groupDn) ?? [])
        if (!names.some((known) => nameKey(known) === nameKey(name))) names.push(name);
    const primaryCard = first(entry, mapping.primaryCard);
    const secondaryCard = first(entry, mapping.secondaryCard);
    users.push({
      username: username.right,
      fullName: first(entry, mapping.fullName),
      email: first(entry, mapping.email),
      department: first(entry, mapping.department),
      office: first(entry, mapping.office),
      home: first(entry, mapping.home),
      primaryCard,
      // One card in both fields is one card: the user would otherwise be refused both.
      secondaryCard: secondaryCard === primaryCard ? '' : secondaryCard,
      groups: names,
    });
  }
  for (const line of problems.slice(0, MAX_PROBLEMS_SHOWN)) progress(`left out ${line}`);
  if (problems.length > MAX_PROBLEMS_SHOWN)
    progress(`left out ${problems.length - MAX_PROBLEMS_SHOWN} more entries`);
  if (disabled > 0) progress(`left out ${disabled} disabled accounts`);
  return { source: input.source, users };
};
