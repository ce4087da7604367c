import * as t from 'io-ts';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PathReporter } from 'io-ts/PathReporter';

/** The server's own settings file (JSON). Site configuration proper lives in the event log (setConfigValue). */
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
    authFailureLimit: t.type({ maxFailures: t.number, windowMs: t.number, blockMs: t.number }),
    importDirectories: t.array(t.string),
  }),
);
export type SettingsFile = t.TypeOf<typeof SettingsFile>;

export interface ServeSettings {
  readonly port: number;
  readonly host: string | undefined;
  readonly dataDir: string;
  readonly authTokens: readonly string[];
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
    readonly authFailureLimit?: {
      readonly maxFailures: number;
      readonly windowMs: number;
      readonly blockMs: number;
    };
  };
  /** Besides `<data>/imports`, where batch imports may read files (FOLIO_IMPORT_DIRS, comma-separated). */
  readonly importDirectories: readonly string[];
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

export class SettingsError extends Error {}

const parsePort = (text: string, source: string): number => {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new SettingsError(`${source}: '${text}' is not a port number`);
  return port;
};

export const readSettingsFile = (path: string): SettingsFile => {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SettingsError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  const decoded = SettingsFile.decode(raw);
  if (decoded._tag === 'Left')
    throw new SettingsError(`config file ${path}: ${PathReporter.report(decoded).join('; ')}`);
  return decoded.right;
};

/** TLS is on when the settings file names both a certificate and a key; one without the other is a mistake. */
const tlsSettings = (
  file: SettingsFile,
  configPath: string | undefined,
  portText: string | undefined,
  portSource: string,
): ServeSettings['tls'] => {
  if (file.tlsCertFile === undefined && file.tlsKeyFile === undefined) return undefined;
  if (file.tlsCertFile === undefined || file.tlsKeyFile === undefined)
    throw new SettingsError(`config file ${configPath ?? ''}: tlsCertFile and tlsKeyFile go together`);
  const folder = configPath === undefined ? process.cwd() : dirname(resolve(configPath));
  return {
    port: portText !== undefined ? parsePort(portText, portSource) : (file.tlsPort ?? DEFAULT_TLS_PORT),
    certFile: resolve(folder, file.tlsCertFile),
    keyFile: resolve(folder, file.tlsKeyFile),
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
        'authFailureLimit',
      ] as const
    )
      .filter((key) => file[key] !== undefined)
      .map((key) => [key, file[key]]),
  );

/**
 * One precedence, documented in docs/operations.md: command-line flag, then environment variable
 * (FOLIO_PORT, FOLIO_TLS_PORT, FOLIO_DATA, FOLIO_AUTH_TOKEN, FOLIO_CONFIG, FOLIO_STORE), then the
 * config file, then the default. Auth tokens add up from every source rather than replacing each other.
 */
export const resolveServeSettings = (flags: ServeFlags, env: NodeJS.ProcessEnv): ServeSettings => {
  const configPath = flags.config ?? env.FOLIO_CONFIG;
  const file = configPath === undefined ? {} : readSettingsFile(configPath);
  const portText = flags.port ?? env.FOLIO_PORT;
  const envTokens = (env.FOLIO_AUTH_TOKEN ?? '')
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '');
  return {
    port:
      portText !== undefined
        ? parsePort(portText, flags.port !== undefined ? '--port' : 'FOLIO_PORT')
        : (file.port ?? DEFAULT_PORT),
    host: flags.host ?? env.FOLIO_HOST ?? file.host,
    dataDir: resolve(flags.data ?? env.FOLIO_DATA ?? file.data ?? DEFAULT_DATA_DIR),
    authTokens: [...(flags.authToken ?? []), ...envTokens, ...(file.authTokens ?? [])],
    allowedAddresses: file.allowedAddresses,
    maxBodyBytes: file.maxBodyBytes,
    store: flags.store ?? env.FOLIO_STORE ?? file.store ?? 'sqlite',
    reportDirectories: (env.FOLIO_REPORT_DIRS === undefined
      ? (file.reportDirectories ?? [])
      : env.FOLIO_REPORT_DIRS.split(',')
    )
      .map((directory) => directory.trim())
      .filter((directory) => directory !== '')
      .map((directory) => resolve(directory)),
    http: flags.http === false ? false : (file.http ?? true),
    tls: tlsSettings(
      file,
      configPath,
      flags.tlsPort ?? env.FOLIO_TLS_PORT,
      flags.tlsPort !== undefined ? '--tls-port' : 'FOLIO_TLS_PORT',
    ),
    limits: limitsFrom(file),
    importDirectories: (env.FOLIO_IMPORT_DIRS === undefined
      ? (file.importDirectories ?? [])
      : env.FOLIO_IMPORT_DIRS.split(',')
    )
      .map((directory) => directory.trim())
      .filter((directory) => directory !== '')
      .map((directory) => resolve(directory)),
  };
};
