import { createFolio } from '../application/folio';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_KEYS } from '../application/policy';
import { resolveServeSettings, ServeFlags } from '../config/settings';
import { createLogger } from '../log';
import { describeStore, openStore, REPORTS_FOLDER, SNAPSHOT_FILE } from '../store/open';
import { IMPORTS_FOLDER } from '../application/import-files';
import { startXmlRpcServer } from '../xmlrpc/server';
import { RPC_PATH } from '../xmlrpc/http-handler';
import { generateAdminPassword, writeAdminPassword } from './admin-password';
import { startupBanner } from './startup-banner';

/**
 * `folio serve`: the XML-RPC server on the embedded store, or on EventStoreDB with --store esdb://…
 * (the data folder then keeps only this server's read-model snapshot and admin password).
 */
export const serve = async (flags: ServeFlags): Promise<void> => {
  const settings = resolveServeSettings(flags, process.env);
  const log = createLogger();
  // On EventStoreDB the data folder still holds this server's read-model snapshot and admin password.
  mkdirSync(settings.dataDir, { recursive: true, mode: 0o750 });
  const store = openStore(settings.store, settings.dataDir);
  const folio = createFolio({
    store,
    snapshotPath: join(settings.dataDir, SNAPSHOT_FILE),
    reportDirectories: [join(settings.dataDir, REPORTS_FOLDER), ...settings.reportDirectories],
    dataDir: settings.dataDir,
    importDirectories: [join(settings.dataDir, IMPORTS_FOLDER), ...settings.importDirectories],
  });
  await folio.start();

  // A fresh site with no way in gets an admin password, written where only its owner can read it.
  let firstRunPassword = false;
  if (
    settings.authTokens.length === 0 &&
    folio.models.config.adminPasswordHash() === '' &&
    folio.models.config.get(CONFIG_KEYS.authTokens) === ''
  ) {
    const password = generateAdminPassword();
    await folio.services.config.changeInternalAdminPassword(
      { actor: 'cli:first-run', method: 'serve', correlationId: 'first-run' },
      password,
    );
    writeAdminPassword(settings.dataDir, password);
    firstRunPassword = true;
  }

  const running = await startXmlRpcServer({
    folio,
    log,
    port: settings.port,
    ...(settings.host === undefined ? {} : { host: settings.host }),
    startupTokens: settings.authTokens,
    ...(settings.allowedAddresses === undefined ? {} : { allowedAddresses: settings.allowedAddresses }),
    ...(settings.maxBodyBytes === undefined ? {} : { maxBodyBytes: settings.maxBodyBytes }),
  });
  log.info({ event: 'listening', port: running.port, data: settings.dataDir }, 'listening');
  const url = `http://localhost:${running.port}${RPC_PATH}`;
  process.stdout.write(
    startupBanner({
      url,
      port: running.port,
      dataDir: settings.dataDir,
      store: describeStore(settings.store, settings.dataDir),
      firstRunPassword,
      startupTokens: settings.authTokens.length,
    }),
  );

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ event: 'stopping', signal }, 'stopping');
    await running.close();
    await folio.stop();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
};
