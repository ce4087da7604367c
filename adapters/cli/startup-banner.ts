import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { adminPasswordPath } from './admin-password';

export interface BannerFacts {
  readonly url: string;
  /** The TLS address when it listens besides plain HTTP. */
  readonly tlsUrl?: string | null;
  readonly port: number;
  readonly dataDir: string;
  /** Where the events live, as `describeStore` words it. */
  readonly store: string;
  readonly firstRunPassword: boolean;
  readonly startupTokens: number;
  /** How many of the start-up tokens came from the settings file. */
  readonly settingsFileTokens?: number;
}

const tokenOrigin = (facts: BannerFacts): string => {
  const fromFile = facts.settingsFileTokens ?? 0;
  const fromFlags = facts.startupTokens - fromFile;
  return [
    ...(fromFlags > 0 ? ['--auth-token / FOLIO_AUTH_TOKEN'] : []),
    ...(fromFile > 0 ? ['the settings file (authTokens)'] : []),
  ].join(' and ');
};

/** What `folio serve` prints: where it listens and how to make a first call with the credentials that exist. */
export const startupBanner = (facts: BannerFacts): string => {
  const passwordFile = adminPasswordPath(facts.dataDir);
  const hasPasswordFile = existsSync(passwordFile);
  const portFlag = facts.port === 9191 ? '' : ` --port ${facts.port}`;
  const auth = facts.firstRunPassword
    ? `a new admin password (also a valid auth token) is in ${passwordFile}`
    : facts.startupTokens > 0
      ? `the token(s) given with ${tokenOrigin(facts)}${hasPasswordFile ? `, or the admin password in ${passwordFile}` : ''}`
      : `the admin password${hasPasswordFile ? ` (${passwordFile})` : ''} or a token from auth.webservices.auth-token`;
  const tokenSource = hasPasswordFile ? `open('${passwordFile}').read().strip()` : "'YOUR-TOKEN'";
  const tokenFlag = hasPasswordFile
    ? resolve(facts.dataDir) === resolve('data')
      ? ''
      : ` --data ${facts.dataDir}`
    : ' --auth-token YOUR-TOKEN';
  return [
    `Folio is serving the PaperCut web-services API at ${facts.url}`,
    ...(facts.tlsUrl ? [`  tls:    ${facts.tlsUrl}`] : []),
    `  store:  ${facts.store}`,
    `  auth:   ${auth}`,
    `  try:    npx folio call api.getTotalUsers${portFlag}${tokenFlag}`,
    `          python3 -c "import xmlrpc.client as x; print(x.ServerProxy('${facts.url}').api.getTotalUsers(${tokenSource}))"`,
    '',
  ].join('\n');
};
