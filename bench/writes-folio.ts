import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createFolio } from '../application/folio';
import { silentLogger } from '../adapters/log';
import { EVENTS_FILE, SNAPSHOT_FILE } from '../adapters/store/open';
import { openSqliteEventStore } from '../adapters/store/sqlite';
import { startXmlRpcServer } from '../adapters/xmlrpc/server';
import { ChildReport, ParentRequest } from './writes-protocol';

/**
 * Folio for `npm run bench:writes`, in a child process of its own: the embedded store in DATA_DIR,
 * USERS internal users bench-0…, the XML-RPC server on a free loopback port. It answers the parent's
 * requests for the store's commit statistics over IPC (which `folio serve` has no way to report).
 *   node writes-folio.js DATA_DIR TOKEN USERS
 */
const [dataDir = '', token = '', usersText = '65'] = process.argv.slice(2);
const ADMIN = { actor: 'bench', method: 'bench', correlationId: 'bench' };

const report = (message: ChildReport): void => {
  process.send?.(message);
};

const main = async (): Promise<void> => {
  mkdirSync(dataDir, { recursive: true });
  const store = openSqliteEventStore(join(dataDir, EVENTS_FILE));
  const folio = createFolio({ store, snapshotPath: join(dataDir, SNAPSHOT_FILE) });
  await folio.start();
  for (let index = 0; index < Number(usersText); index += 1)
    await folio.services.users.addNewInternalUser(ADMIN, {
      username: `bench-${index}`,
      password: '',
      fullName: `Bench ${index}`,
      email: '',
      cardId: '',
      pin: '',
    });
  const server = await startXmlRpcServer({
    folio,
    log: silentLogger(),
    port: 0,
    host: '127.0.0.1',
    startupTokens: [token],
  });
  process.on('message', (message: ParentRequest) => {
    if (message.kind === 'statistics') report({ kind: 'statistics', ...store.commitStatistics() });
    else
      void (async () => {
        await server.close();
        await folio.stop();
        await store.close();
        process.exit(0);
      })();
  });
  report({ kind: 'ready', port: server.port ?? 0 });
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
