import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFolio, Folio } from '../../application/folio';
import { silentLogger } from '../../adapters/log';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { EventStore } from '../../adapters/store/port';
import { openSqliteEventStore } from '../../adapters/store/sqlite';
import { AuthThrottleLimits } from '../../adapters/xmlrpc/auth-throttle';
import { HttpTimeouts, startXmlRpcServer, TlsListener } from '../../adapters/xmlrpc/server';
import { Logger } from '../../adapters/log';

/** The web-services token every test server accepts (given as a startup token, like `--auth-token`). */
export const TEST_TOKEN = 'folio-test-token';

export interface TestServerOptions {
  /** 'memory' (default) or 'sqlite' in a fresh temporary folder. */
  readonly store?: 'memory' | 'sqlite';
  /** The server's own allow-list; default localhost only, as in production. */
  readonly allowedAddresses?: readonly string[];
  readonly maxBodyBytes?: number;
  readonly callTimeoutMs?: number;
  readonly timeouts?: Partial<HttpTimeouts>;
  readonly authThrottle?: AuthThrottleLimits;
  readonly maxConnections?: number;
  readonly maxConnectionsPerAddress?: number;
  readonly tls?: TlsListener;
  /** Where the server logs (default: nowhere). */
  readonly log?: Logger;
  /** The server's data folder (backups, reports, the user client's file); none by default. */
  readonly dataDir?: string;
}

export interface TestServer {
  readonly folio: Folio;
  readonly port: number;
  readonly tlsPort: number | null;
  readonly token: string;
  /** The store the server writes, for tests that read the stored events themselves. */
  readonly store: EventStore;
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
    log: options.log ?? silentLogger(),
    ...(options.dataDir === undefined
      ? {}
      : { dataDir: options.dataDir, reportDirectories: [join(options.dataDir, 'reports')] }),
  });
  await folio.start();
  const running = await startXmlRpcServer({
    folio,
    log: options.log ?? silentLogger(),
    port: 0,
    host: '127.0.0.1',
    startupTokens: [TEST_TOKEN],
    ...(options.allowedAddresses === undefined ? {} : { allowedAddresses: options.allowedAddresses }),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
    ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
    ...(options.authThrottle === undefined ? {} : { authThrottle: options.authThrottle }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
    ...(options.maxConnectionsPerAddress === undefined
      ? {}
      : { maxConnectionsPerAddress: options.maxConnectionsPerAddress }),
  });
  return {
    folio,
    port: running.port ?? 0,
    tlsPort: running.tlsPort,
    token: TEST_TOKEN,
    store,
    close: async () => {
      await running.close();
      await folio.stop();
      await store.close();
      cleanup();
    },
  };
};
