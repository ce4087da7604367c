import { createHash, timingSafeEqual } from 'node:crypto';
import { createLru } from '../../application/lru';

/**
 * Who a valid token belongs to. `privileged` callers — the admin password and the tokens the operator
 * gave at start-up — may read and change the web-services credentials themselves; tokens from the
 * config value may not, so one integration can never learn another's token and act under its name.
 */
export type Authentication =
  { readonly ok: true; readonly actor: string; readonly privileged: boolean } | { readonly ok: false };

/** Config tokens act as `token:<name>`: no name in the config value can pose as `admin` or `cli:…`. */
export const configTokenActor = (name: string): string => `token:${name}`;

/** Named tokens from the config value: a plain string, a JSON array of strings, or a JSON object of name → token. */
export const parseTokenConfig = (value: string): readonly { name: string; token: string }[] => {
  const trimmed = value.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) {
        return parsed
          .filter((token): token is string => typeof token === 'string' && token !== '')
          .map((token, index) => ({ name: `token-${index + 1}`, token }));
      }
      if (parsed !== null && typeof parsed === 'object') {
        return Object.entries(parsed as Record<string, unknown>)
          .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
          .map(([name, token]) => ({ name, token }));
      }
    } catch {
      // Not JSON after all: the whole value is one token.
    }
  }
  return [{ name: 'token', token: trimmed }];
};

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export interface TokenSources {
  /** The config value `auth.webservices.auth-token`, read fresh for every call. */
  readonly configValue: () => string;
  /** The built-in admin password's stored hash ('' when none is set). */
  readonly adminPasswordHash: () => string;
  /** May answer later (scrypt on the threadpool): authentication then answers with a promise too. */
  readonly verifySecret: (secret: string, hash: string) => boolean | Promise<boolean>;
  /** Tokens given on the command line or in the environment when the server started. */
  readonly startupTokens: readonly string[];
}

/**
 * Checks the auth token of a call. Every comparison runs over SHA-256 digests with timingSafeEqual and
 * every configured token is compared, so timing tells nothing about which part matched. The admin
 * password is checked against its scrypt hash, with the verdict cached per digest.
 */
export const createAuthenticator = (sources: TokenSources) => {
  const adminVerdicts = createLru<string, boolean>(1_000);
  let parsedFrom: string | null = null;
  let configured: readonly { name: string; digest: Buffer; privileged: boolean }[] = [];
  const startup = sources.startupTokens.map((token, index) => ({
    name: sources.startupTokens.length === 1 ? 'startup-token' : `startup-token-${index + 1}`,
    digest: digest(token),
    privileged: true,
  }));

  // The verdict of a connection's last accepted token: integrations send the same token on every call of
  // a keep-alive connection, and hashing it each time was a visible share of a read. A connection may be
  // shared (a reverse proxy), so the token is compared in constant time with the bytes accepted before;
  // a change of the token config or the admin password drops the verdict.
  const byConnection = new WeakMap<
    object,
    { bytes: Buffer; value: string; adminHash: string; auth: Authentication }
  >();

  const ADMIN: Authentication = { ok: true, actor: 'admin', privileged: true };
  const REFUSED: Authentication = { ok: false };

  const check = (token: string, value: string): Authentication | Promise<Authentication> => {
    if (value !== parsedFrom) {
      configured = parseTokenConfig(value).map(({ name, token: configuredToken }) => ({
        name: configTokenActor(name),
        digest: digest(configuredToken),
        privileged: false,
      }));
      parsedFrom = value;
    }
    const candidate = digest(token);
    let match: { name: string; privileged: boolean } | null = null;
    for (const entry of startup)
      if (timingSafeEqual(entry.digest, candidate) && match === null) match = entry;
    for (const entry of configured)
      if (timingSafeEqual(entry.digest, candidate) && match === null) match = entry;
    if (match !== null) return { ok: true, actor: match.name, privileged: match.privileged };
    const adminHash = sources.adminPasswordHash();
    if (adminHash === '' || token === '') return { ok: false };
    const key = `${adminHash}\u0000${candidate.toString('hex')}`;
    const known = adminVerdicts.get(key);
    if (known !== undefined) return known ? ADMIN : REFUSED;
    const verdict = sources.verifySecret(token, adminHash);
    const remember = (ok: boolean): Authentication => {
      adminVerdicts.set(key, ok);
      return ok ? ADMIN : REFUSED;
    };
    return typeof verdict === 'boolean' ? remember(verdict) : verdict.then(remember);
  };

  /** `connection` (the socket) lets a keep-alive connection skip re-checking the token it sent last. */
  return (token: string, connection?: object): Authentication | Promise<Authentication> => {
    const value = sources.configValue();
    if (connection === undefined) return check(token, value);
    const adminHash = sources.adminPasswordHash();
    const bytes = Buffer.from(token, 'utf8');
    const last = byConnection.get(connection);
    if (
      last !== undefined &&
      last.value === value &&
      last.adminHash === adminHash &&
      last.bytes.length === bytes.length &&
      timingSafeEqual(last.bytes, bytes)
    )
      return last.auth;
    const settle = (auth: Authentication): Authentication => {
      if (auth.ok) byConnection.set(connection, { bytes, value, adminHash, auth });
      else byConnection.delete(connection);
      return auth;
    };
    const auth = check(token, value);
    return auth instanceof Promise ? auth.then(settle) : settle(auth);
  };
};
