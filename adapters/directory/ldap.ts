import type { ConnectionOptions } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { Either, left, right } from 'fp-ts/Either';
import { Client, FilterParser, ResultCodeError } from 'ldapts';
import { groupAttributes, LdapEntry, ldapListing, userAttributes } from './ldap-listing';
import { LdapSettings } from './ldap-settings';
import { DirectoryListing, DirectoryProblem, DirectoryProgress, UserDirectory } from './port';

/** How often a long search reports its progress: the first page, then every this many pages. */
const PAGES_PER_PROGRESS_LINE = 10;

/** Result codes that name the credentials or the security a bind needs (RFC 4511 appendix A). */
const AUTHENTICATION_CODES: Readonly<Record<number, string>> = {
  7: 'the server does not support this kind of bind',
  8: 'the server requires a stronger authentication (try ldaps:// or startTls)',
  13: 'the server requires an encrypted connection (try ldaps:// or startTls)',
  48: 'the server does not allow this kind of bind',
  49: 'invalid credentials: check ldap.bindDn and its password',
  50: 'the bind DN may not read these entries',
  53: 'the server is unwilling to perform the bind',
};
/** Result codes of a server that is there but cannot answer now: worth another try. */
const BUSY_CODES = new Set([51, 52]);

/** An error on the way to the server: the socket, TLS, a timeout. Worth another try except for TLS. */
const connectionProblem = (error: unknown): { reason: string; retry: boolean } | null => {
  if (error instanceof ResultCodeError)
    return BUSY_CODES.has(error.code)
      ? { reason: `the server is busy or unavailable (code ${error.code})`, retry: true }
      : null;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && /CERT|SELF_SIGNED|TLS|SSL/i.test(code))
    return {
      reason: `the TLS handshake failed (${code}): check ldap.caFile and the server's certificate`,
      retry: false,
    };
  if (typeof code === 'string') return { reason: `the connection failed (${code})`, retry: true };
  if (/timeout|timed out/i.test(message)) return { reason: 'the server did not answer in time', retry: true };
  if (/socket|connection closed|not established/i.test(message))
    return { reason: 'the connection was lost', retry: true };
  return null;
};

class LdapReadError extends Error {
  constructor(readonly problem: DirectoryProblem) {
    super(problem.reason);
  }
}

/** Checks a filter the way the client will parse it, so a typo is reported as a setting, not a lost connection. */
const checkFilter = (filter: string, name: string): DirectoryProblem | null => {
  try {
    FilterParser.parseString(filter);
    return null;
  } catch (error) {
    return { reason: `ldap.${name} '${filter}' is not a valid LDAP filter: ${(error as Error).message}` };
  }
};

export interface LdapConnectionHooks {
  /** Replaces how the TCP connection is made (a test's proxy). */
  readonly createConnection?: NonNullable<ConstructorParameters<typeof Client>[0]['createConnection']>;
}

/** Everything one read of the directory fetched, before it is mapped to a listing. */
export interface LdapEntries {
  readonly users: readonly LdapEntry[];
  readonly groups: readonly LdapEntry[];
}

/**
 * The LDAP or Active Directory source. Every read opens its own connection (StartTLS first when
 * asked), binds, fetches the users and then the groups in pages of `pageSize` (RFC 2696), and
 * closes it. Nothing is mapped until both searches are complete, so a connection lost half-way
 * leaves nothing half-read: the whole read is tried again on a new connection, `retries` times,
 * and then fails with the reason. Messages name the server's URL, never the bind password.
 */
export const ldapDirectory = (
  settings: LdapSettings,
  hooks: LdapConnectionHooks = {},
): UserDirectory & {
  /** Binds and searches, returning the raw entries (for `folio directory test`). */
  fetch(progress?: DirectoryProgress): Promise<Either<DirectoryProblem, LdapEntries>>;
} => {
  const where = `LDAP server ${settings.url}`;
  const tls: ConnectionOptions = settings.ca === undefined ? {} : { ca: settings.ca };

  const search = async (
    client: Client,
    base: string,
    filter: string,
    attributes: string[],
    what: string,
    progress: DirectoryProgress,
  ): Promise<LdapEntry[]> => {
    const entries: LdapEntry[] = [];
    let pages = 0;
    const pagesOf = client.searchPaginated(base, {
      scope: 'sub',
      filter,
      attributes,
      paged: { pageSize: settings.pageSize },
    });
    const line = (): string =>
      `${where}: ${entries.length} ${what} entries read (${pages} ${pages === 1 ? 'page' : 'pages'})`;
    for await (const page of pagesOf) {
      entries.push(...page.searchEntries);
      pages += 1;
      if (pages === 1 || pages % PAGES_PER_PROGRESS_LINE === 0) progress(line());
    }
    if (pages !== 1 && pages % PAGES_PER_PROGRESS_LINE !== 0) progress(line());
    return entries;
  };

  const fetchOnce = async (progress: DirectoryProgress): Promise<LdapEntries> => {
    const client = new Client({
      url: settings.url,
      timeout: settings.timeoutMs,
      connectTimeout: settings.connectTimeoutMs,
      // Given to an ldap:// client, TLS options make ldapts speak TLS at once: StartTLS gets them instead.
      ...(settings.url.toLowerCase().startsWith('ldaps:') ? { tlsOptions: tls } : {}),
      ...(hooks.createConnection === undefined ? {} : { createConnection: hooks.createConnection }),
    });
    try {
      if (settings.startTls) await client.startTLS(tls);
      if (settings.bindDn !== '') {
        try {
          await client.bind(settings.bindDn, settings.bindPassword);
        } catch (error) {
          const reason = error instanceof ResultCodeError ? AUTHENTICATION_CODES[error.code] : undefined;
          if (reason !== undefined)
            throw new LdapReadError({
              reason: `${where} refused the bind: ${reason}`,
              kind: 'authentication',
            });
          throw error;
        }
      }
      const { attributes } = settings;
      const users = await search(
        client,
        settings.userBaseDn,
        settings.userFilter,
        userAttributes(attributes),
        'user',
        progress,
      );
      const groups = await search(
        client,
        settings.groupBaseDn,
        settings.groupFilter,
        groupAttributes(attributes),
        'group',
        progress,
      );
      return { users, groups };
    } finally {
      await client.unbind().catch(() => undefined);
    }
  };

  const fetch = async (
    progress: DirectoryProgress = () => undefined,
  ): Promise<Either<DirectoryProblem, LdapEntries>> => {
    const badFilter =
      checkFilter(settings.userFilter, 'userFilter') ?? checkFilter(settings.groupFilter, 'groupFilter');
    if (badFilter !== null) return left(badFilter);
    for (let attempt = 0; ; attempt += 1) {
      try {
        return right(await fetchOnce(progress));
      } catch (error) {
        if (error instanceof LdapReadError) return left(error.problem);
        const lost = connectionProblem(error);
        if (lost === null) {
          const code = error instanceof ResultCodeError ? ` (code ${error.code})` : '';
          return left({ reason: `${where} refused the search${code}: ${(error as Error).message}` });
        }
        if (!lost.retry || attempt >= settings.retries)
          return left({
            reason: `${where}: ${lost.reason}${attempt > 0 ? ` (tried ${attempt + 1} times)` : ''}; nothing was read`,
            kind: 'connection',
          });
        progress(`${where}: ${lost.reason}; reading again from the start in ${settings.retryDelayMs} ms`);
        await sleep(settings.retryDelayMs);
      }
    }
  };

  return {
    fetch,
    read: async (
      progress: DirectoryProgress = () => undefined,
    ): Promise<Either<DirectoryProblem, DirectoryListing>> => {
      const entries = await fetch(progress);
      if (entries._tag === 'Left') return entries;
      return right(
        ldapListing(
          {
            source: where,
            users: entries.right.users,
            groups: entries.right.groups,
            mapping: settings.attributes,
            disabledAccounts: settings.disabledAccounts,
          },
          progress,
        ),
      );
    },
  };
};
