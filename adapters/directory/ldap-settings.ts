import * as t from 'io-ts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Which directory attribute feeds which user field, and how groups and their members are found.
 * An empty string switches a mapping off (the field is left to Folio). Names follow PaperCut's
 * `ldap.schema.*` keys: user-name-field → username, user-card-id-field → primaryCard, and so on.
 */
export const LdapAttributesCodec = t.exact(
  t.partial({
    username: t.string,
    fullName: t.string,
    email: t.string,
    department: t.string,
    office: t.string,
    primaryCard: t.string,
    secondaryCard: t.string,
    home: t.string,
    /** On users and groups: the DNs of the groups the entry belongs to (Active Directory's memberOf). */
    memberOf: t.string,
    groupName: t.string,
    /** On groups: the DNs of the members, users or groups (groupOfNames' and Active Directory's member). */
    groupMemberDn: t.string,
    /** On groups: the usernames of the members (posixGroup's memberUid, PaperCut's posix-groups). */
    groupMemberUid: t.string,
    /** On users: Active Directory's userAccountControl, whose bit 2 marks a disabled account. */
    accountControl: t.string,
  }),
);
export type LdapAttributes = Required<t.TypeOf<typeof LdapAttributesCodec>>;

export const LDAP_SCHEMAS = ['active-directory', 'posix'] as const;
export type LdapSchema = (typeof LDAP_SCHEMAS)[number];

/** The `ldap` object of the server's settings file (docs/directory.md). */
export const LdapSettingsCodec = t.exact(
  t.intersection([
    t.type({
      schema: t.keyof({ 'active-directory': null, posix: null }),
      /** ldap://host[:port] or ldaps://host[:port]. */
      url: t.string,
      baseDn: t.string,
    }),
    t.partial({
      /** Upgrade an ldap:// connection with StartTLS before binding. */
      startTls: t.boolean,
      bindDn: t.string,
      bindPassword: t.string,
      /** A file holding the bind password (its first line); relative to the settings file's folder. */
      bindPasswordFile: t.string,
      /** PEM file of the certificate authorities trusted for ldaps:// and StartTLS (default: the system's). */
      caFile: t.string,
      userBaseDn: t.string,
      groupBaseDn: t.string,
      userFilter: t.string,
      groupFilter: t.string,
      /** Entries per page of a paged search (RFC 2696). */
      pageSize: t.number,
      connectTimeoutMs: t.number,
      /** How long one LDAP operation (a bind, one page) may take. */
      timeoutMs: t.number,
      /** How often a read whose connection failed is tried again, from the start, on a new connection. */
      retries: t.number,
      retryDelayMs: t.number,
      /** 'skip' (default): disabled accounts are left out, as if not in the directory; 'include': listed. */
      disabledAccounts: t.keyof({ skip: null, include: null }),
      attributes: LdapAttributesCodec,
    }),
  ]),
);
export type LdapSettingsFile = t.TypeOf<typeof LdapSettingsCodec>;

/** The settings a connection uses, every default filled in and the password read. */
export interface LdapSettings {
  readonly schema: LdapSchema;
  readonly url: string;
  readonly startTls: boolean;
  readonly bindDn: string;
  /** Never logged, never in a message, an event or a fault. */
  readonly bindPassword: string;
  readonly ca: Buffer | undefined;
  readonly userBaseDn: string;
  readonly groupBaseDn: string;
  readonly userFilter: string;
  readonly groupFilter: string;
  readonly pageSize: number;
  readonly connectTimeoutMs: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly disabledAccounts: 'skip' | 'include';
  readonly attributes: LdapAttributes;
}

interface Preset {
  readonly userFilter: string;
  readonly groupFilter: string;
  readonly attributes: LdapAttributes;
}

/** The defaults of each schema, PaperCut's where PaperCut has one (docs/directory.md lists them). */
export const LDAP_PRESETS: Readonly<Record<LdapSchema, Preset>> = {
  'active-directory': {
    // objectCategory=person leaves computer accounts out: they are objectClass=user too.
    userFilter: '(&(objectCategory=person)(objectClass=user))',
    groupFilter: '(objectClass=group)',
    attributes: {
      username: 'sAMAccountName',
      fullName: 'displayName',
      email: 'mail',
      department: 'department',
      office: 'physicalDeliveryOfficeName',
      primaryCard: '',
      secondaryCard: '',
      home: 'homeDirectory',
      memberOf: 'memberOf',
      groupName: 'cn',
      groupMemberDn: 'member',
      groupMemberUid: '',
      accountControl: 'userAccountControl',
    },
  },
  posix: {
    userFilter: '(uid=*)',
    groupFilter: '(|(objectClass=posixGroup)(objectClass=groupOfNames))',
    attributes: {
      username: 'uid',
      fullName: 'cn',
      email: 'mail',
      department: 'departmentNumber',
      office: '',
      primaryCard: '',
      secondaryCard: '',
      home: 'homeDirectory',
      memberOf: '',
      groupName: 'cn',
      groupMemberDn: 'member',
      groupMemberUid: 'memberUid',
      accountControl: '',
    },
  },
};

export const LDAP_DEFAULTS = {
  pageSize: 500,
  connectTimeoutMs: 10_000,
  timeoutMs: 30_000,
  retries: 2,
  retryDelayMs: 1_000,
} as const;

/** The largest page RFC 2696 servers commonly grant (Active Directory's MaxPageSize is 1000). */
const MAX_PAGE_SIZE = 10_000;

export class LdapSettingsError extends Error {}

const positiveInteger = (value: number | undefined, fallback: number, name: string, max: number): number => {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new LdapSettingsError(`ldap.${name}: ${value} is not a whole number from 0 to ${max}`);
  return value;
};

const readFile = (path: string, what: string): Buffer => {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new LdapSettingsError(
      `cannot read the ${what} ${path}${typeof code === 'string' ? ` (${code})` : ''}`,
    );
  }
};

/**
 * Fills in the schema's defaults and reads the password and CA files (relative to `folder`, the
 * settings file's). A mistake is an LdapSettingsError that names the setting, never the password.
 */
export const resolveLdapSettings = (file: LdapSettingsFile, folder: string): LdapSettings => {
  const preset = LDAP_PRESETS[file.schema];
  if (!/^ldaps?:\/\/[^/]+\/?$/i.test(file.url.trim()))
    throw new LdapSettingsError(`ldap.url: '${file.url}' is not ldap://host[:port] or ldaps://host[:port]`);
  const secure = file.url.trim().toLowerCase().startsWith('ldaps:');
  if (secure && file.startTls === true)
    throw new LdapSettingsError('ldap.startTls: an ldaps:// connection is already encrypted');
  if (file.bindPassword !== undefined && file.bindPasswordFile !== undefined)
    throw new LdapSettingsError('ldap.bindPassword and ldap.bindPasswordFile: give one, not both');
  const bindPassword =
    file.bindPasswordFile !== undefined
      ? (readFile(resolve(folder, file.bindPasswordFile), 'ldap.bindPasswordFile')
          .toString('utf8')
          .split(/\r?\n/)[0] ?? '')
      : (file.bindPassword ?? '');
  if ((file.bindDn ?? '') !== '' && bindPassword === '')
    throw new LdapSettingsError(
      'ldap.bindDn is set without a password (an empty password would be an anonymous bind)',
    );
  const pageSize = positiveInteger(file.pageSize, LDAP_DEFAULTS.pageSize, 'pageSize', MAX_PAGE_SIZE);
  if (pageSize === 0) throw new LdapSettingsError('ldap.pageSize: 0 is not a page size');
  return {
    schema: file.schema,
    url: file.url.trim().replace(/\/$/, ''),
    startTls: file.startTls ?? false,
    bindDn: file.bindDn ?? '',
    bindPassword,
    ca: file.caFile === undefined ? undefined : readFile(resolve(folder, file.caFile), 'ldap.caFile'),
    userBaseDn: file.userBaseDn ?? file.baseDn,
    groupBaseDn: file.groupBaseDn ?? file.baseDn,
    userFilter: file.userFilter ?? preset.userFilter,
    groupFilter: file.groupFilter ?? preset.groupFilter,
    pageSize,
    connectTimeoutMs: positiveInteger(
      file.connectTimeoutMs,
      LDAP_DEFAULTS.connectTimeoutMs,
      'connectTimeoutMs',
      600_000,
    ),
    timeoutMs: positiveInteger(file.timeoutMs, LDAP_DEFAULTS.timeoutMs, 'timeoutMs', 3_600_000),
    retries: positiveInteger(file.retries, LDAP_DEFAULTS.retries, 'retries', 10),
    retryDelayMs: positiveInteger(file.retryDelayMs, LDAP_DEFAULTS.retryDelayMs, 'retryDelayMs', 600_000),
    disabledAccounts: file.disabledAccounts ?? 'skip',
    attributes: { ...preset.attributes, ...file.attributes },
  };
};
