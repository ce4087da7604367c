import { isLeft } from 'fp-ts/Either';
import { startPeriodicCheckpoints } from '../../application/audit/periodic-checkpoints';
import { snapshotSealOf } from '../../application/audit/snapshot-file';
import { createFolio } from '../../application/folio';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_KEYS } from '../../application/policy';
import { resolveServeSettings, ServeFlags, ServeSettings, SettingsError } from '../config/settings';
import { createServerLogger } from '../log';
import { describeStore, REPORTS_FOLDER, SNAPSHOT_FILE } from '../store/open';
import { acquireServeLock } from '../store/serve-lock';
import { openServedStore } from './store-safety';
import { ensureWritableDataFolder } from './data-folder-writable';
import { IMPORTS_FOLDER } from '../../application/import-files';
import { DIRECTORY_FOLDER } from '../directory/configured';
import { ldapDirectory } from '../directory/ldap';
import { startXmlRpcServer } from '../xmlrpc/server';
import { domainFault } from '../xmlrpc/faults';
import { RPC_PATH } from '../xmlrpc/http-handler';
import { issueAdminPassword } from './admin-password';
import { startupBanner } from './startup-banner';

const readTls = (tls: NonNullable<ServeSettings['tls']>) => {
  const read = (path: string, what: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new SettingsError(`cannot read the TLS ${what} ${path}: ${(error as Error).message}`);
    }
  };
  return { port: tls.port, cert: read(tls.certFile, 'certificate'), key: read(tls.keyFile, 'key') };
};

/**
 * `folio serve`: the XML-RPC server on the embedded store, or on EventStoreDB with --store esdb://…
 * (the data folder then keeps only this server's read-model snapshot and admin password).
 */
export const serve = async (
  flags: ServeFlags & { readonly acceptStoreLoss?: boolean; readonly logFile?: string },
): Promise<void> => {
  const settings = resolveServeSettings(flags, process.env);
  const log = createServerLogger(flags.logFile);
  const tls = settings.tls === undefined ? undefined : readTls(settings.tls);
  if (!settings.http && tls === undefined)
    throw new SettingsError('plain HTTP is off and no TLS certificate is configured: nothing to listen on');
  // On EventStoreDB the data folder still holds this server's read-model snapshot and admin password.
  ensureWritableDataFolder(settings.dataDir);
  // One embedded store, one serving process (a second would serve stale read models); EventStoreDB
  // is built for several servers. Held until the process ends.
  if (settings.store === 'sqlite') acquireServeLock(settings.dataDir);
  const store = openServedStore(settings.store, settings.dataDir, flags.acceptStoreLoss === true, log);
  const { ldap } = settings;
  const folio = createFolio({
    store,
    snapshotPath: join(settings.dataDir, SNAPSHOT_FILE),
    snapshotSeal: snapshotSealOf(settings.dataDir),
    reportDirectories: [join(settings.dataDir, REPORTS_FOLDER), ...settings.reportDirectories],
    dataDir: settings.dataDir,
    importDirectories: [join(settings.dataDir, IMPORTS_FOLDER), ...settings.importDirectories],
    userDirectoryDirectories: [
      join(settings.dataDir, DIRECTORY_FOLDER),
      ...settings.userDirectoryDirectories,
    ],
    // An `ldap` object in the settings file makes the LDAP server the directory, instead of the file.
    ...(ldap === undefined ? {} : { directory: () => ldapDirectory(ldap) }),
    log,
  });
  await folio.start();
  const stopCheckpoints = startPeriodicCheckpoints({
    store,
    dataDir: settings.dataDir,
    seconds: settings.checkpointIntervalSeconds,
    log,
  });

  // A fresh site with no way in gets an admin password, written where only its owner can read it.
  let firstRunPassword = false;
  if (
    settings.authTokens.length === 0 &&
    folio.models.config.adminPasswordHash() === '' &&
    folio.models.config.get(CONFIG_KEYS.authTokens) === ''
  ) {
    const issued = await issueAdminPassword(
      folio,
      { actor: 'cli:first-run', method: 'serve', correlationId: 'first-run' },
      settings.dataDir,
    );
    if (isLeft(issued))
      throw new Error(
        `the first-run admin password could not be recorded: ${domainFault(issued.left).faultString}`,
      );
    firstRunPassword = true;
  }

  const { limits } = settings;
  const running = await startXmlRpcServer({
    folio,
    log,
    port: settings.http ? settings.port : null,
    ...(tls === undefined ? {} : { tls }),
    ...(settings.host === undefined ? {} : { host: settings.host }),
    startupTokens: settings.authTokens,
    ...(settings.allowedAddresses === undefined ? {} : { allowedAddresses: settings.allowedAddresses }),
    ...(settings.maxBodyBytes === undefined ? {} : { maxBodyBytes: settings.maxBodyBytes }),
    ...(limits.callTimeoutMs === undefined ? {} : { callTimeoutMs: limits.callTimeoutMs }),
    ...(limits.maxConnections === undefined ? {} : { maxConnections: limits.maxConnections }),
    ...(limits.maxConnectionsPerAddress === undefined
      ? {}
      : { maxConnectionsPerAddress: limits.maxConnectionsPerAddress }),
    ...(limits.authFailureLimit === undefined ? {} : { authThrottle: limits.authFailureLimit }),
    timeouts: {
      ...(limits.headersTimeoutMs === undefined ? {} : { headersMs: limits.headersTimeoutMs }),
      ...(limits.requestTimeoutMs === undefined ? {} : { requestMs: limits.requestTimeoutMs }),
      ...(limits.keepAliveTimeoutMs === undefined ? {} : { keepAliveMs: limits.keepAliveTimeoutMs }),
    },
  });
  // Graceful stop: refuse new connections, finish the calls in flight, write the read models'
  // snapshot, close the store (which commits anything pending), and only then exit 0. Installed
  // before the banner announces the server: a supervisor that sends SIGTERM as soon as it sees the
  // banner must get a graceful stop, not Node's default of dying on the spot.
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ event: 'stopping', signal }, 'stopping');
    try {
      await running.close(limits.shutdownGraceMs);
      await stopCheckpoints();
      await folio.stop();
      await store.close();
    } catch (error) {
      log.error({ event: 'stop-failed', err: error }, 'stopping failed');
      process.exit(1);
    }
    log.info({ event: 'stopped', signal }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  log.info(
    { event: 'listening', port: running.port, tlsPort: running.tlsPort, data: settings.dataDir },
    'listening',
  );
  const httpUrl = running.port === null ? null : `http://localhost:${running.port}${RPC_PATH}`;
  const tlsUrl = running.tlsPort === null ? null : `https://localhost:${running.tlsPort}${RPC_PATH}`;
  process.stdout.write(
    startupBanner({
      url: httpUrl ?? tlsUrl ?? '',
      tlsUrl: httpUrl === null ? null : tlsUrl,
      port: running.port ?? running.tlsPort ?? 0,
      dataDir: settings.dataDir,
      store: describeStore(settings.store, settings.dataDir),
      firstRunPassword,
      startupTokens: settings.authTokens.length,
      settingsFileTokens: settings.settingsFileTokens,
    }),
  );
};
