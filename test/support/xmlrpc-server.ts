import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFolio, Folio } from '../../adapters/application/folio';
import { silentLogger } from '../../adapters/log';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { EventStore } from '../../adapters/store/port';
import { openSqliteEventStore } from '../../adapters/store/sqlite';
import { startXmlRpcServer } from '../../adapters/xmlrpc/server';

/** The web-services token every test server accepts (given as a startup token, like `--auth-token`). */
export const TEST_TOKEN = 'folio-test-token';

export interface TestServerOptions {
  /** 'memory' (default) or 'sqlite' in a fresh temporary folder. */
  readonly store?: 'memory' | 'sqlite';
  /** The server's own allow-list; default localhost only, as in production. */
  readonly allowedAddresses?: readonly string[];
  readonly maxBodyBytes?: number;
  readonly callTimeoutMs?: number;
  /** The server's data folder (backups, reports, the user client's file); none by default. */
  readonly dataDir?: string;
}

export interface TestServer {
  readonly folio: Folio;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const openTestStore = (kind: 'memory' | 'sqlite'): { store: EventStore; cleanup: () => void } => {
  if (kind === 'memory') return { store: createMemoryEventStore(), cleanup: () => undefined };
  const folder = mkdtempSync(join(tmpdir(), 'folio-xmlrpc-test-'));
  return {
    store: openSqliteEventStore(join(folder, 'events.sqlite')),
    cleanup: () => rmSync(folder, { recursive: true, force: true }),
  };
};

/** A Folio with its XML-RPC server on loopback and an ephemeral port, as `folio serve` would start it. */
export const startTestServer = async (options: TestServerOptions = {}): Promise<TestServer> => {
  const { store, cleanup } = openTestStore(options.store ?? 'memory');
  // Import files are written under the system's temporary folder; a server's data folder is only set when asked.
  const folio = createFolio({
    store,
    snapshotPath: null,
    importDirectories: [tmpdir()],
    ...(options.dataDir === undefined
      ? {}
      : { dataDir: options.dataDir, reportDirectories: [join(options.dataDir, 'reports')] }),
  });
  await folio.start();
  const running = await startXmlRpcServer({
    folio,
    log: silentLogger(),
    port: 0,
    host: '127.0.0.1',
    startupTokens: [TEST_TOKEN],
    ...(options.allowedAddresses === undefined ? {} : { allowedAddresses: options.allowedAddresses }),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
  });
  return {
    folio,
    port: running.port,
    token: TEST_TOKEN,
    close: async () => {
      await running.close();
      await folio.stop();
      await store.close();
      cleanup();
    },
  };
};
