import {
  createServer,
  IncomingMessage,
  Server,
  ServerOptions as HttpServerOptions,
  ServerResponse,
} from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { Folio } from '../../application/folio';
import { CONFIG_KEYS } from '../../application/policy';
import { isScryptHash, verifySecretOffThread } from '../../application/secrets';
import { Logger } from '../log';
import { AllowList, DEFAULT_ALLOWED_ADDRESSES, parseAllowList } from './allow-list';
import { createAuthenticator } from './auth';
import { createConnectionGate, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS } from './connection-gate';
import { AuthThrottleLimits, createAuthThrottle, DEFAULT_AUTH_THROTTLE } from './auth-throttle';
import { createDispatcher } from './dispatch';
import { checkReadiness, healthRoute } from './health';
import { createRpcHandler } from './http-handler';
import { ALL_METHODS, methodRegistry } from './methods';

/**
 * Limits on how long a client may take. Slow clients (slowloris) are cut off by the header and
 * request timeouts; Node checks them every `checkIntervalMs`, so that bounds the overshoot.
 */
export interface HttpTimeouts {
  /** From the first byte of a request (or the TLS handshake) to the end of its headers. */
  readonly headersMs: number;
  /** From the first byte of a request to the end of its body. */
  readonly requestMs: number;
  /** How long an idle keep-alive connection is kept open. */
  readonly keepAliveMs: number;
  readonly checkIntervalMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: 15_000,
  requestMs: 60_000,
  // PaperCut's Jetty keeps an idle connection 30 s (Jetty's default idle timeout); Node's 5 s made
  // Python's xmlrpc.client fail its next HTTPS call after a pause (it retries over plain HTTP only).
  keepAliveMs: 30_000,
  checkIntervalMs: 1_000,
};

/** Open connections at once; integrations are few, so more is an attack or a leak. */
export const DEFAULT_MAX_CONNECTIONS = 1_024;
/** How long a graceful stop waits for calls in flight before cutting connections. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 30_000;

export interface TlsListener {
  /** 9192 in production; 0 picks a free port. */
  readonly port: number;
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
}

export interface ServerOptions {
  readonly folio: Folio;
  readonly log: Logger;
  /** The plain-HTTP port (9191 in production; 0 picks one); null switches plain HTTP off. */
  readonly port: number | null;
  readonly host?: string;
  readonly tls?: TlsListener;
  readonly startupTokens?: readonly string[];
  /** Addresses always allowed besides the config value's (default: localhost only). */
  readonly allowedAddresses?: readonly string[];
  readonly maxBodyBytes?: number;
  readonly callTimeoutMs?: number;
  readonly timeouts?: Partial<HttpTimeouts>;
  readonly maxConnections?: number;
  /** Open connections from one address at once (DEFAULT_MAX_CONNECTIONS_PER_ADDRESS). */
  readonly maxConnectionsPerAddress?: number;
  readonly authThrottle?: AuthThrottleLimits;
}

export interface RunningServer {
  /** The plain-HTTP port, or null when plain HTTP is off. */
  readonly port: number | null;
  /** The TLS port, or null when no certificate is configured. */
  readonly tlsPort: number | null;
  /**
   * Graceful stop: no new connections, /health answers 503, calls in flight are finished (each
   * reply closes its connection), idle connections are closed; after `graceMs` the rest are cut.
   */
  close(graceMs?: number): Promise<void>;
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

const listen = (server: Server, port: number, host: string | undefined): Promise<number> =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

export const startXmlRpcServer = async (options: ServerOptions): Promise<RunningServer> => {
  const { folio, log } = options;
  if (options.port === null && options.tls === undefined)
    throw new Error('neither plain HTTP nor TLS is enabled: the server would listen nowhere');
  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...options.timeouts };
  let stopping = false;

  const authenticate = createAuthenticator({
    configValue: () => folio.models.config.get(CONFIG_KEYS.authTokens),
    adminPasswordHash: () => folio.models.config.adminPasswordHash(),
    // Scrypt hashes are checked off the event loop; any other verifier (tests inject cheap ones) as given.
    verifySecret: (secret, hash) =>
      isScryptHash(hash) ? verifySecretOffThread(secret, hash) : folio.verifySecret(secret, hash),
    startupTokens: options.startupTokens ?? [],
  });
  const dispatch = createDispatcher({
    folio,
    methods: methodRegistry(ALL_METHODS),
    authenticate,
    log,
    throttle: createAuthThrottle(options.authThrottle ?? DEFAULT_AUTH_THROTTLE),
    ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
  });
  const allowList = allowListFrom(folio, options.allowedAddresses ?? DEFAULT_ALLOWED_ADDRESSES);
  const gate = createConnectionGate({
    allowList,
    maxPerAddress: options.maxConnectionsPerAddress ?? DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
    log,
  });
  const handler = createRpcHandler({
    dispatch,
    log,
    allowList,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    routes: { '/health': healthRoute(() => checkReadiness(folio, () => stopping)) },
  });

  const inFlight = new Set<ServerResponse>();
  let drained: (() => void) | null = null;
  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    inFlight.add(response);
    // While stopping, every reply ends its connection, so each client makes at most one more call.
    if (stopping) response.setHeader('Connection', 'close');
    response.once('close', () => {
      inFlight.delete(response);
      if (inFlight.size === 0) drained?.();
    });
    handler(request, response).catch((error: unknown) => {
      log.error({ event: 'request-failed', err: error }, 'request failed');
      if (!response.headersSent) response.writeHead(500, { 'Content-Length': 0 }).end();
    });
  };

  const httpOptions: HttpServerOptions = {
    keepAliveTimeout: timeouts.keepAliveMs,
    headersTimeout: Math.min(timeouts.headersMs, timeouts.requestMs),
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: timeouts.checkIntervalMs,
  };
  const servers: Server[] = [];
  const configure = (server: Server): Server => {
    server.keepAliveTimeout = timeouts.keepAliveMs;
    server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    // 'connection' is the TCP socket, before the TLS handshake on the HTTPS port and before any header.
    server.on('connection', gate);
    servers.push(server);
    return server;
  };

  let port: number | null = null;
  let tlsPort: number | null = null;
  try {
    if (options.port !== null)
      port = await listen(configure(createServer(httpOptions, listener)), options.port, options.host);
    if (options.tls !== undefined) {
      const tlsServer = createTlsServer(
        {
          ...httpOptions,
          cert: options.tls.cert,
          key: options.tls.key,
          minVersion: 'TLSv1.2',
          handshakeTimeout: timeouts.headersMs,
        },
        listener,
      );
      // A client that fails the handshake is that client's problem; log it, never crash on it.
      tlsServer.on('tlsClientError', (error, socket) => {
        log.debug(
          { event: 'tls-client-error', ip: socket.remoteAddress, reason: error.message },
          'TLS handshake failed',
        );
      });
      tlsPort = await listen(configure(tlsServer), options.tls.port, options.host);
    }
  } catch (error) {
    for (const server of servers) server.close();
    throw error;
  }

  return {
    port,
    tlsPort,
    close: async (graceMs = DEFAULT_SHUTDOWN_GRACE_MS) => {
      stopping = true;
      const closed = servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
      for (const response of inFlight) if (!response.headersSent) response.setHeader('Connection', 'close');
      for (const server of servers) server.closeIdleConnections();
      if (inFlight.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => (drained = resolve)),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
        ]);
        clearTimeout(timer);
        if (inFlight.size > 0)
          log.warn(
            { event: 'shutdown-cut', calls: inFlight.size },
            'calls still running at the end of the grace period were cut',
          );
      }
      for (const server of servers) server.closeAllConnections();
      await Promise.all(closed);
    },
  };
};
