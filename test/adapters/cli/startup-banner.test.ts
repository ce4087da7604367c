import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { adminPasswordPath, writeAdminPassword } from '../../../adapters/cli/admin-password';
import { BannerFacts, startupBanner } from '../../../adapters/cli/startup-banner';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'folio-banner-')));
after(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;

/** A fresh data folder, with the first-run admin password in it when asked. */
const dataFolder = (withPassword: boolean): string => {
  const folder = join(root, `data-${(folders += 1)}`);
  mkdirSync(folder);
  if (withPassword) writeAdminPassword(folder, 'generated-password');
  return folder;
};

const facts = (overrides: Partial<BannerFacts>): BannerFacts => ({
  url: 'http://localhost:9191/rpc/api/xmlrpc',
  port: 9191,
  dataDir: dataFolder(false),
  store: 'embedded SQLite',
  firstRunPassword: false,
  startupTokens: 0,
  ...overrides,
});

/** The banner's lines by their label (`store`, `auth`, `try`). */
const line = (banner: string, label: string): string =>
  banner.split('\n').find((each) => each.startsWith(`  ${label}:`)) ??
  assert.fail(`no ${label} line in\n${banner}`);

describe('the banner folio serve prints', () => {
  it('on a first run: where it listens, the store, the new password file, and calls that use it', () => {
    const dataDir = dataFolder(true);
    const banner = startupBanner(facts({ dataDir, firstRunPassword: true }));
    assert.equal(
      banner.split('\n')[0],
      'Folio is serving the PaperCut web-services API at http://localhost:9191/rpc/api/xmlrpc',
    );
    assert.equal(line(banner, 'store'), '  store:  embedded SQLite');
    assert.equal(
      line(banner, 'auth'),
      `  auth:   a new admin password (also a valid auth token) is in ${adminPasswordPath(dataDir)}`,
    );
    // The default port needs no flag; a data folder other than ./data does.
    assert.equal(line(banner, 'try'), `  try:    npx folio call api.getTotalUsers --data ${dataDir}`);
    assert.ok(
      banner.includes(
        `print(x.ServerProxy('http://localhost:9191/rpc/api/xmlrpc').api.getTotalUsers(open('${adminPasswordPath(dataDir)}').read().strip()))`,
      ),
      banner,
    );
    assert.ok(!banner.includes('tls:'), 'no TLS line without TLS');
    assert.ok(banner.endsWith('\n'));
  });

  it('with start-up tokens and no password file: names the tokens and asks for one in the examples', () => {
    const banner = startupBanner(
      facts({ port: 7000, startupTokens: 2, url: 'http://localhost:7000/rpc/api/xmlrpc' }),
    );
    assert.equal(line(banner, 'auth'), '  auth:   the token(s) given with --auth-token / FOLIO_AUTH_TOKEN');
    assert.equal(
      line(banner, 'try'),
      '  try:    npx folio call api.getTotalUsers --port 7000 --auth-token YOUR-TOKEN',
    );
    assert.ok(banner.includes(".getTotalUsers('YOUR-TOKEN'))"), banner);
  });

  it('with start-up tokens and a password file from an earlier run: names both', () => {
    const dataDir = dataFolder(true);
    const banner = startupBanner(facts({ dataDir, startupTokens: 1 }));
    assert.equal(
      line(banner, 'auth'),
      `  auth:   the token(s) given with --auth-token / FOLIO_AUTH_TOKEN, or the admin password in ${adminPasswordPath(dataDir)}`,
    );
  });

  it('with neither: the admin password or a token from the config', () => {
    const banner = startupBanner(facts({}));
    assert.equal(
      line(banner, 'auth'),
      '  auth:   the admin password or a token from auth.webservices.auth-token',
    );
    const withFile = dataFolder(true);
    assert.equal(
      line(startupBanner(facts({ dataDir: withFile })), 'auth'),
      `  auth:   the admin password (${adminPasswordPath(withFile)}) or a token from auth.webservices.auth-token`,
    );
  });

  it('shows the TLS address when HTTPS listens too', () => {
    const banner = startupBanner(facts({ tlsUrl: 'https://localhost:9192/rpc/api/xmlrpc' }));
    assert.equal(banner.split('\n')[1], '  tls:    https://localhost:9192/rpc/api/xmlrpc');
  });

  it('leaves --data out when the data folder is ./data, where folio call looks by default', () => {
    const workingFolder = join(root, 'working');
    mkdirSync(join(workingFolder, 'data'), { recursive: true });
    const previous = process.cwd();
    process.chdir(workingFolder);
    try {
      writeAdminPassword(join(workingFolder, 'data'), 'pw');
      const banner = startupBanner(facts({ dataDir: join(workingFolder, 'data') }));
      assert.equal(line(banner, 'try'), '  try:    npx folio call api.getTotalUsers');
      // However the same folder is written: relative, or with a trailing separator.
      for (const sameFolder of ['data', './data/', `${join(workingFolder, 'data')}/`])
        assert.equal(
          line(startupBanner(facts({ dataDir: sameFolder })), 'try'),
          '  try:    npx folio call api.getTotalUsers',
        );
    } finally {
      process.chdir(previous);
    }
  });
  it('names the settings file for tokens that came from it, and the flags for the others', () => {
    const fromFile = line(startupBanner(facts({ startupTokens: 1, settingsFileTokens: 1 })), 'auth');
    assert.match(fromFile, /the settings file/);
    assert.doesNotMatch(fromFile, /--auth-token/);
    const both = line(startupBanner(facts({ startupTokens: 2, settingsFileTokens: 1 })), 'auth');
    assert.match(both, /--auth-token \/ FOLIO_AUTH_TOKEN and the settings file/);
    const fromFlags = line(startupBanner(facts({ startupTokens: 1 })), 'auth');
    assert.doesNotMatch(fromFlags, /settings file/);
  });
});
