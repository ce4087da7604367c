import * as t from 'io-ts';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  LdapSettings,
  LdapSettingsCodec,
  LdapSettingsError,
  resolveLdapSettings,
} from '../directory/ldap-settings';
import { EXIT } from '../cli/exit-codes';

/**
 * The server's own settings file (JSON). Site configuration proper lives in the event log
 * (setConfigValue). Relative paths in it (`data`, the `*Directories`, the TLS files) are taken from
 * the file's own folder, so a settings file means the same wherever the server is started from.
 */
export const SettingsFile = t.exact(
  t.partial({
    port: t.number,
    host: t.string,
    data: t.string,
    authTokens: t.array(t.string),
    allowedAddresses: t.array(t.string),
    maxBodyBytes: t.number,
    store: t.string,
    reportDirectories: t.array(t.string),
    /** false switches plain HTTP off (TLS only). */
    http: t.boolean,
    tlsPort: t.number,
    /** PEM files; relative paths are read from the settings file's folder. */
    tlsCertFile: t.string,
    tlsKeyFile: t.string,
    headersTimeoutMs: t.number,
    requestTimeoutMs: t.number,
    keepAliveTimeoutMs: t.number,
    callTimeoutMs: t.number,
    shutdownGraceMs: t.number,
    maxConnections: t.number,
    maxConnectionsPerAddress: t.number,
    authFailureLimit: t.type({ maxFailures: t.number, windowMs: t.number, blockMs: t.number }),
    importDirectories: t.array(t.string),
    userDirectoryDirectories: t.array(t.string),
    /** The LDAP or Active Directory server users are synced from (docs/directory.md). */
    ldap: LdapSettingsCodec,
    /** How often the server signs a checkpoint of the log when it grew (docs/audit.md); 0 never. */
    checkpointIntervalSeconds: t.number,
  }),
);
export type SettingsFile = t.TypeOf<typeof SettingsFile>;

export interface ServeSettings {
  readonly port: number;
  readonly host: string | undefined;
  readonly dataDir: string;
  readonly authTokens: readonly string[];
  /** How many of authTokens came from the settings file (the rest from --auth-token / FOLIO_AUTH_TOKEN). */
  readonly settingsFileTokens: number;
  readonly allowedAddresses: readonly string[] | undefined;
  readonly maxBodyBytes: number | undefined;
  /** 'sqlite' (the embedded store in the data folder) or an esdb:// connection string. */
  readonly store: string;
  /** Besides `<data>/reports`, where the API's report methods may write (FOLIO_REPORT_DIRS, comma-separated). */
  readonly reportDirectories: readonly string[];
  /** The plain-HTTP port is `port`; false means TLS only. */
  readonly http: boolean;
  readonly tls: { readonly port: number; readonly certFile: string; readonly keyFile: string } | undefined;
  readonly limits: {
    readonly headersTimeoutMs?: number;
    readonly requestTimeoutMs?: number;
    readonly keepAliveTimeoutMs?: number;
    readonly callTimeoutMs?: number;
    readonly shutdownGraceMs?: number;
    readonly maxConnections?: number;
    readonly maxConnectionsPerAddress?: number;
    readonly authFailureLimit?: {
      readonly maxFailures: number;
      readonly windowMs: number;
      readonly blockMs: number;
    };
  };
  /** Besides `<data>/imports`, where batch imports may read files (FOLIO_IMPORT_DIRS, comma-separated). */
  readonly importDirectories: readonly string[];
  /**
   * Besides `<data>/directory` and the import folders, where the user directory file may be read
   * (FOLIO_USER_DIRECTORY_DIRS, comma-separated).
   */
  readonly userDirectoryDirectories: readonly string[];
  /** The LDAP directory source, when the settings file has an `ldap` object (it then replaces the file source). */
  readonly ldap: LdapSettings | undefined;
  /** Seconds between the server's signed checkpoints of the log (when it grew); 0: none. */
  readonly checkpointIntervalSeconds: number;
}

export interface ServeFlags {
  readonly port?: string;
  readonly host?: string;
  readonly data?: string;
  readonly authToken?: readonly string[];
  readonly config?: string;
  readonly store?: string;
  readonly tlsPort?: string;
  /** commander's `--no-http`. */
  readonly http?: boolean;
}

export const DEFAULT_PORT = 9191;
export const DEFAULT_TLS_PORT = 9192;
export const DEFAULT_DATA_DIR = './data';

/** A bad setting is a usage error: the operator fixes the file or the flag and starts again. */
export class SettingsError extends Error {
  readonly exitCode = EXIT.usage;
}

const parsePort = (text: string, source: string): number => {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new SettingsError(`${source}: '${text}' is not a port number`);
  return port;
};

/** How a JSON value reads in a message: the value itself when short, else its kind. */
const describeValue = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length <= 40 ? text : `a ${typeof value}`;
};

/**
 * The object codecs' own keys (through t.exact and t.intersection, as the `ldap` object is built), so that a key
 * no codec knows is reported instead of silently dropped; undefined for a codec that is not an object.
 */
const propsOf = (codec: t.Mixed): t.Props | undefined => {
  if (codec instanceof t.ExactType) return propsOf(codec.type as t.Mixed);
  if (codec instanceof t.PartialType || codec instanceof t.InterfaceType)
    return (codec as t.InterfaceType<t.Props>).props;
  if (codec instanceof t.IntersectionType) {
    const parts = (codec.types as t.Mixed[]).map(propsOf);
    return parts.every((part) => part !== undefined) ? Object.assign({}, ...parts) : undefined;
  }
  return undefined;
};

/** Every key of `value` the codec does not know, at every level of nesting, as dotted paths. */
const unknownKeys = (codec: t.Mixed, value: unknown, path: string): readonly string[] => {
  const props = propsOf(codec);
  if (props === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const keys = Object.keys(props);
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
    keys.includes(key)
      ? unknownKeys(props[key] as t.Mixed, inner, `${path}${key}.`)
      : [`${path}${key}: unknown setting (known here: ${keys.join(', ')})`],
  );
};

/** One line per wrong value: the dotted key, the type wanted and the value found. */
const typeProblems = (errors: t.Errors): readonly string[] => [
  ...new Set(
    errors.map((error) => {
      const keys = error.context
        .map((entry) => entry.key)
        .filter((key) => key !== '')
        // t.exact and t.partial nest the same key twice in the context.
        .filter((key, index, all) => all.indexOf(key) === index || all[index - 1] !== key);
      const expected = error.context[error.context.length - 1]?.type.name ?? 'a valid value';
      return `${keys.join('.') || '(top level)'}: expected ${expected}, got ${describeValue(error.value)}`;
    }),
  ),
];

/**
 * Reads and checks the settings file, reporting every problem at once, one `file: key: …` line each:
 * a misspelt key ("prot") would otherwise be ignored and the server would start on the default.
 */
export const readSettingsFile = (path: string): SettingsFile => {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SettingsError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  const decoded = SettingsFile.decode(raw);
  const problems = [
    ...unknownKeys(SettingsFile, raw, ''),
    ...(decoded._tag === 'Left' ? typeProblems(decoded.left) : []),
  ];
  if (problems.length > 0 || decoded._tag === 'Left')
    throw new SettingsError(problems.map((problem) => `${path}: ${problem}`).join('\n'));
  return decoded.right;
};

/** TLS is on when the settings file names both a certificate and a key; one without the other is a mistake. */
const tlsSettings = (
  file: SettingsFile,
  configPath: string | undefined,
  fileFolder: string,
  portText: string | undefined,
  portSource: string,
): ServeSettings['tls'] => {
  if (file.tlsCertFile === undefined && file.tlsKeyFile === undefined) return undefined;
  if (file.tlsCertFile === undefined || file.tlsKeyFile === undefined)
    throw new SettingsError(`config file ${configPath ?? ''}: tlsCertFile and tlsKeyFile go together`);
  return {
    port: portText !== undefined ? parsePort(portText, portSource) : (file.tlsPort ?? DEFAULT_TLS_PORT),
    certFile: resolve(fileFolder, file.tlsCertFile),
    keyFile: resolve(fileFolder, file.tlsKeyFile),
  };
};

/** Only the limits the file sets: the server's defaults fill in the rest. */
const limitsFrom = (file: SettingsFile): ServeSettings['limits'] =>
  Object.fromEntries(
    (
      [
        'headersTimeoutMs',
        'requestTimeoutMs',
        'keepAliveTimeoutMs',
        'callTimeoutMs',
        'shutdownGraceMs',
        'maxConnections',
        'maxConnectionsPerAddress',
        'authFailureLimit',
      ] as const
    )
      .filter((key) => file[key] !== undefined)
      .map((key) => [key, file[key]]),
  );

export const DEFAULT_CHECKPOINT_INTERVAL_SECONDS = 3_600;

const checkpointIntervalFrom = (file: SettingsFile, configPath: string | undefined): number => {
  const seconds = file.checkpointIntervalSeconds ?? DEFAULT_CHECKPOINT_INTERVAL_SECONDS;
  if (!Number.isSafeInteger(seconds) || seconds < 0)
    throw new SettingsError(
      `config file ${configPath ?? ''}: checkpointIntervalSeconds must be a whole number of seconds, 0 or more (0: no periodic checkpoint), not ${seconds}`,
    );
  return seconds;
};

const ldapFrom = (
  file: SettingsFile,
  configPath: string | undefined,
  fileFolder: string,
): LdapSettings | undefined => {
  if (file.ldap === undefined) return undefined;
  try {
    return resolveLdapSettings(file.ldap, fileFolder);
  } catch (error) {
    if (error instanceof LdapSettingsError)
      throw new SettingsError(`config file ${configPath ?? ''}: ${error.message}`);
    throw error;
  }
};

/** A comma-separated list from the environment: blanks around entries and empty entries dropped. */
const listFrom = (text: string): readonly string[] =>
  text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

/**
 * Folders from the environment (comma-separated, relative to the working folder) or else from the
 * settings file (relative to the file's folder).
 */
const foldersFrom = (
  envText: string | undefined,
  fromFile: readonly string[] | undefined,
  fileFolder: string,
): readonly string[] =>
  envText !== undefined
    ? listFrom(envText).map((folder) => resolve(folder))
    : (fromFile ?? [])
        .map((folder) => folder.trim())
        .filter((folder) => folder !== '')
        .map((folder) => resolve(fileFolder, folder));

/**
 * One precedence, documented in docs/operations.md: command-line flag, then environment variable
 * (FOLIO_PORT, FOLIO_TLS_PORT, FOLIO_HOST, FOLIO_DATA, FOLIO_CONFIG, FOLIO_STORE, FOLIO_*_DIRS), then
 * the config file, then the default. Auth tokens add up from every source (--auth-token,
 * FOLIO_AUTH_TOKEN — several comma-separated — and `authTokens`) rather than replacing each other. Paths from flags
 * and the environment are taken from the working folder, paths in the settings file from its folder.
 */
export const resolveServeSettings = (flags: ServeFlags, env: NodeJS.ProcessEnv): ServeSettings => {
  const configPath = flags.config ?? env.FOLIO_CONFIG;
  const file = configPath === undefined ? {} : readSettingsFile(configPath);
  const fileFolder = configPath === undefined ? process.cwd() : dirname(resolve(configPath));
  const portText = flags.port ?? env.FOLIO_PORT;
  const dataText = flags.data ?? env.FOLIO_DATA;
  return {
    port:
      portText !== undefined
        ? parsePort(portText, flags.port !== undefined ? '--port' : 'FOLIO_PORT')
        : (file.port ?? DEFAULT_PORT),
    host: flags.host ?? env.FOLIO_HOST ?? file.host,
    dataDir:
      dataText !== undefined
        ? resolve(dataText)
        : file.data !== undefined
          ? resolve(fileFolder, file.data)
          : resolve(DEFAULT_DATA_DIR),
    authTokens: [
      ...(flags.authToken ?? []),
      ...listFrom(env.FOLIO_AUTH_TOKEN ?? ''),
      ...(file.authTokens ?? []),
    ],
    settingsFileTokens: file.authTokens?.length ?? 0,
    allowedAddresses: file.allowedAddresses,
    maxBodyBytes: file.maxBodyBytes,
    store: flags.store ?? env.FOLIO_STORE ?? file.store ?? 'sqlite',
    reportDirectories: foldersFrom(env.FOLIO_REPORT_DIRS, file.reportDirectories, fileFolder),
    http: flags.http === false ? false : (file.http ?? true),
    tls: tlsSettings(
      file,
      configPath,
      fileFolder,
      flags.tlsPort ?? env.FOLIO_TLS_PORT,
      flags.tlsPort !== undefined ? '--tls-port' : 'FOLIO_TLS_PORT',
    ),
    limits: limitsFrom(file),
    importDirectories: foldersFrom(env.FOLIO_IMPORT_DIRS, file.importDirectories, fileFolder),
    userDirectoryDirectories: foldersFrom(
      env.FOLIO_USER_DIRECTORY_DIRS,
      file.userDirectoryDirectories,
      fileFolder,
    ),
    ldap: ldapFrom(file, configPath, fileFolder),
    checkpointIntervalSeconds: checkpointIntervalFrom(file, configPath),
  };
};
