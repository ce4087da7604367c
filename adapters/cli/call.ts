import { isLeft } from 'fp-ts/Either';
import { readFileSync } from 'node:fs';
import { createClient, createSecureClient } from 'xmlrpc';
import { resolveServeSettings, ServeSettings } from '../config/settings';
import { formatMoney, parseMoney } from '../../domain/money';
import { ALL_METHODS } from '../xmlrpc/methods';
import { DoubleText } from '../xmlrpc/double-text';
import { RPC_PATH } from '../xmlrpc/http-handler';
import { ParamType } from '../xmlrpc/params';
import { readAdminPassword } from './admin-password';
import { EXIT, ExitError } from './exit-codes';

export interface CallFlags {
  readonly port?: string;
  readonly host?: string;
  readonly authToken?: string;
  readonly data?: string;
  readonly config?: string;
  /** The server's address, http://… or https://… (path defaults to the API's). */
  readonly url?: string;
  /** A CA certificate (PEM) to trust for https, e.g. the server's own self-signed certificate. */
  readonly ca?: string;
  /** Print the result as one JSON document (`folio call` only). */
  readonly json?: boolean;
}

export class CallError extends Error {}

/** `get-user-account-balance`, `getUserAccountBalance` and `api.getUserAccountBalance` all name one method. */
export const methodNameFrom = (command: string): string => {
  if (command.startsWith('api.') || command.startsWith('system.')) return command;
  const camel = command.replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
  return `api.${camel}`;
};

/** Shell words to XML-RPC values, typed by the method's signature so `1.5` goes as a double (its text, verbatim) and `true` as a boolean. */
export const argumentsFor = (method: string, words: readonly string[]): unknown[] => {
  const definition = ALL_METHODS.find((candidate) => candidate.name === method);
  return words.map((word, index) => toValue(definition?.params[index]?.type ?? 's', word));
};

/** A word that does not fit its parameter's type: a usage error, like a wrong option (exit 2). */
const notA = (word: string, what: string): ExitError => new ExitError(`'${word}' is not ${what}`, EXIT.usage);

const parseJsonWord = (word: string, what: string): unknown => {
  try {
    return JSON.parse(word) as unknown;
  } catch {
    throw notA(word, what);
  }
};

export const toValue = (type: ParamType, word: string): unknown => {
  switch (type) {
    case 's':
      return word;
    case 'i': {
      if (!/^[+-]?\d+$/.test(word)) throw notA(word, 'a whole number');
      return Number(word);
    }
    case 'd': {
      // Sent as the text typed, never through a JavaScript number: 0.1 must reach the ledger as 0.1,
      // and the server parses the decimal text exactly. A range error is the server's to report.
      const parsed = parseMoney(word);
      if (isLeft(parsed) && parsed.left.reason === 'not-a-number') throw notA(word, 'a number');
      return new DoubleText(word.trim());
    }
    case 'b': {
      const lower = word.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw notA(word, 'true or false');
      return lower === 'true';
    }
    case 'a[s]':
      return word.startsWith('[')
        ? parseJsonWord(word, 'a JSON array of strings')
        : word.split(',').filter((part) => part !== '');
    case 'a[[s,s]]':
      return parseJsonWord(word, 'a JSON array of [name, value] pairs');
  }
};

/** Amounts print as the API's amount properties do (`5.00`), from the shortest text of the double received. */
export const formatAmount = (value: number): string => {
  const parsed = parseMoney(String(value));
  return parsed._tag === 'Right' ? formatMoney(parsed.right) : String(value);
};

export const formatResult = (value: unknown, returns?: string): string => {
  if (returns === 'd' && typeof value === 'number') return formatAmount(value);
  if (Array.isArray(value))
    return value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join('\n');
  if (value !== null && typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
};

const readCa = (path: string): Buffer => {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new CallError(`cannot read the CA certificate ${path}: ${(error as Error).message}`);
  }
};

/**
 * HTTPS when --url says https, or when the server's settings switch plain HTTP off and name a TLS
 * certificate; the certificate to trust is --ca, else the server's own (self-signed) certificate.
 */
const clientFor = (flags: CallFlags, settings: ServeSettings) => {
  const caPath = flags.ca ?? settings.tls?.certFile;
  if (flags.url !== undefined) {
    let url: URL;
    try {
      url = new URL(flags.url);
    } catch {
      throw new CallError(`--url ${flags.url} is not a URL`);
    }
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:')
      throw new CallError(`--url ${flags.url}: use http:// or https://`);
    const options = {
      host: url.hostname,
      port: Number(url.port || (secure ? 443 : 80)),
      path: url.pathname === '/' ? RPC_PATH : url.pathname,
    };
    return secure
      ? createSecureClient({ ...options, ...(caPath === undefined ? {} : { ca: readCa(caPath) }) })
      : createClient(options);
  }
  const host = flags.host ?? 'localhost';
  if (!settings.http && settings.tls !== undefined)
    return createSecureClient({
      host,
      port: settings.tls.port,
      path: RPC_PATH,
      ...(caPath === undefined ? {} : { ca: readCa(caPath) }),
    });
  return createClient({ host, port: settings.port, path: RPC_PATH });
};

/** Faults the server answers when it refuses the caller rather than the call (adapters/xmlrpc/faults.ts). */
const AUTHENTICATION_FAULTS: ReadonlySet<number> = new Set([100, 101, 102, 103]);

/** Socket and TLS error codes that mean the server was not reached, or not trusted. */
const CONNECTION_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The xmlrpc client's error, typed by what the shell should learn from it: 3, 4 or 5 (EXIT). */
export const exitErrorFor = (error: unknown): unknown => {
  if (!(error instanceof Error)) return error;
  const fault = error as Error & { faultCode?: unknown; faultString?: unknown; code?: unknown };
  if (typeof fault.faultCode === 'number') {
    const text = `fault ${fault.faultCode}: ${String(fault.faultString)}`;
    return new ExitError(text, AUTHENTICATION_FAULTS.has(fault.faultCode) ? EXIT.authentication : EXIT.fault);
  }
  const code = typeof fault.code === 'string' ? fault.code : '';
  if (CONNECTION_ERROR_CODES.has(code) || code.startsWith('ERR_SSL_'))
    return new ExitError(`cannot reach the server: ${error.message}`, EXIT.connection);
  return error;
};

export type Caller = (method: string, words: readonly unknown[]) => Promise<unknown>;

/** A connection to the running server: calls a method with its arguments, the auth token put first. */
export const connect = (flags: CallFlags): Caller => {
  // The server's own settings (flag, FOLIO_*, the settings file), so `folio call` reaches the server
  // `folio serve` started with the same options: its port, a token it accepts, its data folder.
  const settings = resolveServeSettings(
    {
      ...(flags.port === undefined ? {} : { port: flags.port }),
      ...(flags.data === undefined ? {} : { data: flags.data }),
      ...(flags.config === undefined ? {} : { config: flags.config }),
    },
    process.env,
  );
  const token = flags.authToken ?? settings.authTokens[0] ?? readAdminPassword(settings.dataDir);
  const client = clientFor(flags, settings);
  return async (method, values) => {
    const needsToken = method.startsWith('api.') && method !== 'api.getTaskStatus';
    if (needsToken && token === undefined)
      throw new CallError(
        `no auth token: this data folder has no admin-password (a restored backup does not carry one): use the password from before the backup, a start-up token (--auth-token, FOLIO_AUTH_TOKEN or the settings file), or make a new one with \`folio admin-password reset --data ${settings.dataDir}\``,
      );
    const params = [...(needsToken ? [token] : []), ...values];
    return new Promise<unknown>((resolvePromise, reject) =>
      client.methodCall(method, params, (error: unknown, value: unknown) =>
        error ? reject(exitErrorFor(error)) : resolvePromise(value),
      ),
    );
  };
};

/**
 * `folio call --json`: the result as the wire carried it, as one JSON document. A double stays the JSON
 * number it arrived as (the wire's value, not the ledger's decimal text); a dateTime prints as ISO 8601
 * and base64 as its base64 text.
 */
export const resultJson = (value: unknown): string =>
  `${JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, field: unknown) {
      // JSON.stringify hands a Buffer's toJSON() ({type, data}) to the replacer: take the Buffer itself.
      const raw = this[key];
      return Buffer.isBuffer(raw) ? raw.toString('base64') : field;
    },
    2,
  )}\n`;

/** `folio call METHOD ARGS…`: any API method of a running server, from the shell. */
export const call = async (command: string, words: readonly string[], flags: CallFlags): Promise<void> => {
  const method = methodNameFrom(command);
  const result = await connect(flags)(method, argumentsFor(method, words));
  process.stdout.write(
    flags.json === true
      ? resultJson(result)
      : `${formatResult(result, ALL_METHODS.find((candidate) => candidate.name === method)?.returns)}\n`,
  );
};
