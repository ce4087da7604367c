import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Folio } from '../application/folio';
import { Logger } from '../log';
import { AllowList, DEFAULT_ALLOWED_ADDRESSES, parseAllowList } from './allow-list';
import { createAuthenticator } from './auth';
import { createDispatcher } from './dispatch';
import { createRpcHandler } from './http-handler';
import { ALL_METHODS, methodRegistry } from './methods';
import { CONFIG_KEYS } from '../application/policy';

export interface ServerOptions {
  readonly folio: Folio;
  readonly log: Logger;
  readonly port: number;
  readonly host?: string;
  readonly startupTokens?: readonly string[];
  /** Addresses always allowed besides the config value's (default: localhost only). */
  readonly allowedAddresses?: readonly string[];
  readonly maxBodyBytes?: number;
  readonly callTimeoutMs?: number;
}

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

/** The allow-list in force: the config value when set, else the server's own list; re-parsed when it changes. */
const allowListFrom = (folio: Folio, fallback: readonly string[]) => {
  let parsedFrom: string | null = null;
  let current: AllowList = parseAllowList(fallback);
  return (): AllowList => {
    const value = folio.models.config.get(CONFIG_KEYS.allowedAddresses);
    if (value !== parsedFrom) {
      current = parseAllowList(value.trim() === '' ? fallback : [...fallback, value]);
      parsedFrom = value;
    }
    return current;
  };
};

export const startXmlRpcServer = async (options: ServerOptions): Promise<RunningServer> => {
  const { folio, log } = options;
  const authenticate = createAuthenticator({
    configValue: () => folio.models.config.get(CONFIG_KEYS.authTokens),
    adminPasswordHash: () => folio.models.config.adminPasswordHash(),
    verifySecret: folio.kernel.verifySecret,
    startupTokens: options.startupTokens ?? [],
  });
  const dispatch = createDispatcher({
    folio,
    methods: methodRegistry(ALL_METHODS),
    authenticate,
    log,
    ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
  });
  const handler = createRpcHandler({
    dispatch,
    log,
    allowList: allowListFrom(folio, options.allowedAddresses ?? DEFAULT_ALLOWED_ADDRESSES),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    routes: {
      '/health': (_request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 3 });
        response.end('ok\n');
      },
    },
  });
  const server = createServer(
    { keepAliveTimeout: 5_000, headersTimeout: 15_000, requestTimeout: 60_000 },
    (request, response) => {
      handler(request, response).catch((error: unknown) => {
        log.error({ event: 'request-failed', err: error }, 'request failed');
        if (!response.headersSent) response.writeHead(500, { 'Content-Length': 0 }).end();
      });
    },
  );
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
};
