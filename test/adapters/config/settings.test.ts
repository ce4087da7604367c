import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  DEFAULT_DATA_DIR,
  DEFAULT_PORT,
  resolveServeSettings,
  SettingsError,
} from '../../../adapters/config/settings';
import { EXIT } from '../../../adapters/cli/exit-codes';

const root = mkdtempSync(join(tmpdir(), 'folio-settings-'));
after(() => rmSync(root, { recursive: true, force: true }));
let files = 0;

/** A settings file in its own folder (so relative paths in it are told apart from the working folder's). */
const settingsFile = (content: Record<string, unknown>): { path: string; folder: string } => {
  const folder = join(root, `site-${(files += 1)}`);
  mkdirSync(folder);
  const path = join(folder, 'folio.json');
  writeFileSync(path, JSON.stringify(content));
  return { path, folder };
};

describe('resolveServeSettings: flag, then environment, then settings file, then default', () => {
  const { path: config } = settingsFile({
    port: 7001,
    host: '10.0.0.1',
    data: 'from-file',
    store: 'esdb://file',
  });

  it('a flag wins over the environment and the file', () => {
    const settings = resolveServeSettings(
      { config, port: '7003', host: '10.0.0.3', data: 'from-flag', store: 'esdb://flag' },
      { FOLIO_PORT: '7002', FOLIO_HOST: '10.0.0.2', FOLIO_DATA: 'from-env', FOLIO_STORE: 'esdb://env' },
    );
    assert.equal(settings.port, 7003);
    assert.equal(settings.host, '10.0.0.3');
    assert.equal(settings.dataDir, resolve('from-flag'));
    assert.equal(settings.store, 'esdb://flag');
  });

  it('the environment wins over the file', () => {
    const settings = resolveServeSettings(
      {},
      {
        FOLIO_CONFIG: config,
        FOLIO_PORT: '7002',
        FOLIO_HOST: '10.0.0.2',
        FOLIO_DATA: 'from-env',
        FOLIO_STORE: 'esdb://env',
      },
    );
    assert.equal(settings.port, 7002);
    assert.equal(settings.host, '10.0.0.2');
    assert.equal(settings.dataDir, resolve('from-env'));
    assert.equal(settings.store, 'esdb://env');
  });

  it('the file wins over the defaults', () => {
    const settings = resolveServeSettings({ config }, {});
    assert.equal(settings.port, 7001);
    assert.equal(settings.host, '10.0.0.1');
    assert.equal(settings.store, 'esdb://file');
  });

  it('with nothing given, the defaults', () => {
    const settings = resolveServeSettings({}, {});
    assert.equal(settings.port, DEFAULT_PORT);
    assert.equal(settings.host, undefined);
    assert.equal(settings.dataDir, resolve(DEFAULT_DATA_DIR));
    assert.equal(settings.store, 'sqlite');
    assert.equal(settings.http, true);
    assert.equal(settings.tls, undefined);
    assert.deepEqual(settings.authTokens, []);
    assert.deepEqual(settings.importDirectories, []);
    assert.deepEqual(settings.userDirectoryDirectories, []);
  });

  it('--config wins over FOLIO_CONFIG', () => {
    const other = settingsFile({ port: 7009 });
    assert.equal(resolveServeSettings({ config: other.path }, { FOLIO_CONFIG: config }).port, 7009);
  });

  it('auth tokens add up from every source; FOLIO_AUTH_TOKEN may hold several, comma-separated', () => {
    const { path } = settingsFile({ authTokens: ['from-file'] });
    const settings = resolveServeSettings(
      { config: path, authToken: ['flag-1', 'flag-2'] },
      { FOLIO_AUTH_TOKEN: ' env-1 , env-2,,' },
    );
    assert.deepEqual(settings.authTokens, ['flag-1', 'flag-2', 'env-1', 'env-2', 'from-file']);
  });

  it('a port that is not a number is a settings error naming where it came from', () => {
    assert.throws(
      () => resolveServeSettings({ port: 'http' }, {}),
      (error: unknown) => error instanceof SettingsError && /--port: 'http'/.test(error.message),
    );
    assert.throws(() => resolveServeSettings({}, { FOLIO_PORT: '70000' }), /FOLIO_PORT: '70000'/);
  });
});

describe('relative paths in the settings file are taken from the file’s own folder', () => {
  it('data, the folders and the TLS files; flags and the environment from the working folder', () => {
    const { path, folder } = settingsFile({
      data: 'data',
      importDirectories: ['imports', '/srv/absolute-imports'],
      reportDirectories: ['../reports'],
      userDirectoryDirectories: ['people'],
      tlsCertFile: 'tls/cert.pem',
      tlsKeyFile: 'tls/key.pem',
    });
    const fromFile = resolveServeSettings({ config: path }, {});
    assert.equal(fromFile.dataDir, join(folder, 'data'));
    assert.deepEqual(fromFile.importDirectories, [join(folder, 'imports'), '/srv/absolute-imports']);
    assert.deepEqual(fromFile.reportDirectories, [join(root, 'reports')]);
    assert.deepEqual(fromFile.userDirectoryDirectories, [join(folder, 'people')]);
    assert.equal(fromFile.tls?.certFile, join(folder, 'tls', 'cert.pem'));
    assert.equal(fromFile.tls?.keyFile, join(folder, 'tls', 'key.pem'));

    const overridden = resolveServeSettings(
      { config: path, data: 'flag-data' },
      { FOLIO_IMPORT_DIRS: 'env-imports, ,other', FOLIO_USER_DIRECTORY_DIRS: 'env-people' },
    );
    assert.equal(overridden.dataDir, resolve('flag-data'));
    assert.deepEqual(overridden.importDirectories, [resolve('env-imports'), resolve('other')]);
    assert.deepEqual(overridden.userDirectoryDirectories, [resolve('env-people')]);
  });
});

describe('a settings file fails loudly and kindly', () => {
  const problemsOf = (content: unknown): string => {
    const folder = join(root, `bad-${(files += 1)}`);
    mkdirSync(folder);
    const path = join(folder, 'folio.json');
    writeFileSync(path, JSON.stringify(content));
    try {
      resolveServeSettings({ config: path }, {});
    } catch (error) {
      assert.ok(error instanceof SettingsError, String(error));
      return error.message.split(path).join('FILE');
    }
    assert.fail('the settings file was accepted');
  };

  it('an unknown key is refused with the key named', () => {
    assert.match(problemsOf({ prot: 9192 }), /^FILE: prot: unknown setting \(known here: port, /);
  });

  it('an unknown key inside a nested setting is refused with its dotted path', () => {
    assert.match(
      problemsOf({ authFailureLimit: { maxFailures: 3, windowMs: 1, blockMs: 1, blokMs: 2 } }),
      /^FILE: authFailureLimit\.blokMs: unknown setting/,
    );
  });

  it('an unknown key inside the ldap object is refused as ldap.KEY', () => {
    assert.match(
      problemsOf({ ldap: { schema: 'posix', url: 'ldap://localhost', baseDn: 'dc=x', bindDnn: 'cn=admin' } }),
      /^FILE: ldap\.bindDnn: unknown setting \(known here: schema, url, baseDn, startTls, bindDn, /,
    );
    assert.match(
      problemsOf({
        ldap: { schema: 'posix', url: 'ldap://localhost', baseDn: 'dc=x', attributes: { usrname: 'uid' } },
      }),
      /FILE: ldap\.attributes\.usrname: unknown setting/,
    );
  });

  it('a wrong type names the key, what was expected and what was found, one line per problem', () => {
    const lines = problemsOf({ port: '9191', authTokens: ['a', 7], http: 'no', prot: 1 }).split('\n');
    assert.deepEqual(lines, [
      'FILE: prot: unknown setting (known here: ' + lines[0]?.split('known here: ')[1],
      'FILE: port: expected number, got "9191"',
      'FILE: authTokens.1: expected string, got 7',
      'FILE: http: expected boolean, got "no"',
    ]);
    assert.doesNotMatch(lines.join('\n'), /Invalid value|PathReporter|\{ port/);
  });

  it('a bad settings file is a usage error', () => {
    const folder = join(root, `usage-${(files += 1)}`);
    mkdirSync(folder);
    writeFileSync(join(folder, 'folio.json'), '{"prot": 9192}');
    assert.throws(
      () => resolveServeSettings({ config: join(folder, 'folio.json') }, {}),
      (error: unknown) => error instanceof SettingsError && error.exitCode === EXIT.usage,
    );
  });
});
