import { Socket } from 'node:net';
import { Logger } from '../log';
import { AllowList, normalizeAddress } from './allow-list';

/** Open connections from one address at once; an integration needs a few, so more is a flood or a leak. */
export const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 64;
/** Refusals logged per address per minute at most: a flood must not turn into a flood of log lines. */
const REFUSAL_LOG_INTERVAL_MS = 60_000;
/** Addresses whose last refusal log time is remembered; a scan of many addresses cannot grow it past this. */
const MAX_LOGGED_ADDRESSES = 4_096;

export interface ConnectionGateOptions {
  readonly allowList: () => AllowList;
  readonly maxPerAddress: number;
  readonly log: Logger;
}

/**
 * The first thing a connection meets, on the TCP socket before any byte is read (before the TLS
 * handshake on the HTTPS port): a refused address, or one already holding `maxPerAddress`
 * connections, is destroyed at once, so it never holds one of the server's connection slots nor
 * a parser, a timer or a handshake. The HTTP handler checks the allow-list again per request,
 * because the list can narrow while a connection is open.
 */
export const createConnectionGate = (options: ConnectionGateOptions) => {
  const open = new Map<string, number>();
  const lastLogged = new Map<string, number>();

  const logRefusal = (ip: string, reason: 'address-refused' | 'too-many-connections'): void => {
    const now = Date.now();
    if (now - (lastLogged.get(ip) ?? Number.NEGATIVE_INFINITY) < REFUSAL_LOG_INTERVAL_MS) return;
    if (lastLogged.size >= MAX_LOGGED_ADDRESSES) lastLogged.clear();
    lastLogged.set(ip, now);
    options.log.warn(
      { event: reason, ip },
      reason === 'address-refused'
        ? 'connection from an address not allowed closed'
        : 'connection over the per-address cap closed',
    );
  };

  return (socket: Socket): void => {
    const ip = normalizeAddress(socket.remoteAddress ?? '');
    if (!options.allowList().allows(ip)) {
      logRefusal(ip, 'address-refused');
      socket.destroy();
      return;
    }
    const count = open.get(ip) ?? 0;
    if (count >= options.maxPerAddress) {
      logRefusal(ip, 'too-many-connections');
      socket.destroy();
      return;
    }
    open.set(ip, count + 1);
    socket.once('close', () => {
      const left = (open.get(ip) ?? 1) - 1;
      if (left === 0) open.delete(ip);
      else open.set(ip, left);
    });
  };
};
