import { Client } from 'ldapts';
import { ROOT_DN, ROOT_PASSWORD, SUFFIX } from './slapd';

/**
 * A generated school directory in both schemas, for the slapd tests and the benchmark.
 *
 * Active Directory tree (ou=ad): users ad0001… (sAMAccountName, displayName, mail, department,
 * physicalDeliveryOfficeName, pager as the card, homeDirectory, userAccountControl — every 50th
 * disabled), a computer account the default filter must leave out, and nested groups:
 * All Staff ⊃ Teachers ⊃ Maths Teachers, All Staff ⊃ Office, Students, and a loop Loop A ⇄ Loop B.
 * Membership is written both ways, as AD keeps it: the groups' member and the entries' memberOf.
 *
 * Posix tree (ou=posix): users p0001… (uid, cn, mail, departmentNumber, homeDirectory), the
 * posixGroup staff (memberUid), the groupOfNames maths and physics (member DNs) and faculty, a
 * groupOfNames whose members are the groups maths and physics.
 */

export const AD_BASE = `ou=ad,${SUFFIX}`;
export const POSIX_BASE = `ou=posix,${SUFFIX}`;

const pad = (index: number): string => String(index).padStart(4, '0');
export const adName = (index: number): string => `ad${pad(index)}`;
export const posixName = (index: number): string => `p${pad(index)}`;
export const adUserDn = (index: number): string => `cn=${adName(index)},ou=people,${AD_BASE}`;
export const adGroupDn = (name: string): string => `cn=${name},ou=groups,${AD_BASE}`;
export const posixUserDn = (index: number): string => `uid=${posixName(index)},ou=people,${POSIX_BASE}`;
export const posixGroupDn = (name: string): string => `cn=${name},ou=groups,${POSIX_BASE}`;

/** Every 50th account is disabled (userAccountControl 514 = NORMAL_ACCOUNT | ACCOUNTDISABLE). */
export const adDisabled = (index: number): boolean => index % 50 === 49;
export const adCard = (index: number): string => `C${100_000 + index}`;

/** The groups an AD user is listed in directly. */
export const adDirectGroups = (index: number): readonly string[] => [
  ...(index % 8 === 0 ? ['Maths Teachers'] : index % 4 === 0 ? ['Teachers'] : []),
  ...(index % 4 === 1 ? ['Office'] : []),
  ...(index % 4 >= 2 ? ['Students'] : []),
  ...(index === 1 ? ['Loop B'] : []),
];

/** Its groups, nested ones followed up: what a sync must see. */
export const adAllGroups = (index: number): readonly string[] => {
  const direct = adDirectGroups(index);
  const all = new Set(direct);
  if (direct.includes('Maths Teachers')) ['Teachers', 'All Staff'].forEach((name) => all.add(name));
  if (direct.includes('Teachers') || direct.includes('Office')) all.add('All Staff');
  if (direct.includes('Loop B')) all.add('Loop A');
  return [...all];
};

const AD_GROUPS: readonly { name: string; parents: readonly string[] }[] = [
  { name: 'All Staff', parents: [] },
  { name: 'Teachers', parents: ['All Staff'] },
  { name: 'Maths Teachers', parents: ['Teachers'] },
  { name: 'Office', parents: ['All Staff'] },
  { name: 'Students', parents: [] },
  { name: 'Loop A', parents: ['Loop B'] },
  { name: 'Loop B', parents: ['Loop A'] },
];

export const posixDirectGroups = (index: number): readonly string[] => [
  ...(index % 3 === 0 ? ['staff'] : []),
  ...(index % 3 === 1 ? ['maths'] : []),
  ...(index % 3 === 2 ? ['physics'] : []),
];

export const posixAllGroups = (index: number): readonly string[] => {
  const direct = posixDirectGroups(index);
  return direct.includes('maths') || direct.includes('physics') ? [...direct, 'faculty'] : direct;
};

const entry = (dn: string, lines: readonly string[]): string => [`dn: ${dn}`, ...lines, ''].join('\n');

const adTree = (users: number): string[] => {
  const entries = [
    entry(`ou=people,${AD_BASE}`, ['objectClass: organizationalUnit', 'ou: people']),
    entry(`ou=groups,${AD_BASE}`, ['objectClass: organizationalUnit', 'ou: groups']),
    entry(`cn=LAB-PC-01,ou=people,${AD_BASE}`, [
      'objectClass: user',
      'cn: LAB-PC-01',
      'sn: LAB-PC-01',
      'sAMAccountName: LAB-PC-01$',
      'objectCategory: computer',
      'userAccountControl: 4096',
    ]),
  ];
  const members = new Map<string, string[]>(AD_GROUPS.map((group) => [group.name, []]));
  for (const group of AD_GROUPS)
    for (const parent of group.parents) members.get(parent)?.push(adGroupDn(group.name));
  for (let index = 1; index <= users; index += 1) {
    const groups = adDirectGroups(index);
    for (const group of groups) members.get(group)?.push(adUserDn(index));
    entries.push(
      entry(adUserDn(index), [
        'objectClass: user',
        `cn: ${adName(index)}`,
        `sn: User ${index}`,
        `sAMAccountName: ${adName(index).toUpperCase()}`,
        `displayName: AD User ${index}`,
        `mail: ${adName(index)}@school.example`,
        `department: Department ${index % 5}`,
        `physicalDeliveryOfficeName: Room ${index % 10}`,
        `pager: ${adCard(index)}`,
        `homeDirectory: \\\\files\\home\\${adName(index)}`,
        'objectCategory: person',
        `userAccountControl: ${adDisabled(index) ? 514 : 512}`,
        ...groups.map((group) => `memberOf: ${adGroupDn(group)}`),
      ]),
    );
  }
  for (const group of AD_GROUPS)
    entries.push(
      entry(adGroupDn(group.name), [
        'objectClass: group',
        `cn: ${group.name}`,
        'objectCategory: group',
        ...(members.get(group.name) ?? []).map((dn) => `member: ${dn}`),
        ...group.parents.map((parent) => `memberOf: ${adGroupDn(parent)}`),
      ]),
    );
  return entries;
};

const posixTree = (users: number): string[] => {
  const entries = [
    entry(`ou=people,${POSIX_BASE}`, ['objectClass: organizationalUnit', 'ou: people']),
    entry(`ou=groups,${POSIX_BASE}`, ['objectClass: organizationalUnit', 'ou: groups']),
  ];
  const uids: string[] = [];
  const maths: string[] = [];
  const physics: string[] = [];
  for (let index = 1; index <= users; index += 1) {
    const groups = posixDirectGroups(index);
    if (groups.includes('staff')) uids.push(posixName(index));
    if (groups.includes('maths')) maths.push(posixUserDn(index));
    if (groups.includes('physics')) physics.push(posixUserDn(index));
    entries.push(
      entry(posixUserDn(index), [
        'objectClass: inetOrgPerson',
        'objectClass: posixAccount',
        `uid: ${posixName(index)}`,
        `cn: Posix User ${index}`,
        `sn: User ${index}`,
        `mail: ${posixName(index)}@school.example`,
        `departmentNumber: ${100 + (index % 7)}`,
        `uidNumber: ${10_000 + index}`,
        'gidNumber: 5000',
        `homeDirectory: /home/${posixName(index)}`,
      ]),
    );
  }
  entries.push(
    entry(posixGroupDn('staff'), [
      'objectClass: posixGroup',
      'cn: staff',
      'gidNumber: 5000',
      ...uids.map((uid) => `memberUid: ${uid}`),
    ]),
    entry(posixGroupDn('maths'), [
      'objectClass: groupOfNames',
      'cn: maths',
      ...maths.map((dn) => `member: ${dn}`),
    ]),
    entry(posixGroupDn('physics'), [
      'objectClass: groupOfNames',
      'cn: physics',
      ...physics.map((dn) => `member: ${dn}`),
    ]),
    entry(posixGroupDn('faculty'), [
      'objectClass: groupOfNames',
      'cn: faculty',
      `member: ${posixGroupDn('maths')}`,
      `member: ${posixGroupDn('physics')}`,
    ]),
  );
  return entries;
};

/** The LDIF of both trees (the suffix and ou=ad, ou=posix come from slapd.ts's BASE_LDIF). */
export const schoolLdif = (shape: { readonly adUsers: number; readonly posixUsers: number }): string =>
  // A tree without users is left out: groupOfNames needs a member.
  [
    ...(shape.adUsers > 0 ? adTree(shape.adUsers) : []),
    ...(shape.posixUsers > 0 ? posixTree(shape.posixUsers) : []),
  ].join('\n');

/** A client bound as the directory's root, to change entries between syncs. */
export const rootClient = async (url: string): Promise<Client> => {
  const client = new Client({ url, timeout: 10_000, connectTimeout: 5_000 });
  await client.bind(ROOT_DN, ROOT_PASSWORD);
  return client;
};
