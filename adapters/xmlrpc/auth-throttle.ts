import { createLru } from '../../application/lru';

/** How many failed authentications an address may make, in what window, and how long it is then refused. */
export interface AuthThrottleLimits {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly blockMs: number;
}

export const DEFAULT_AUTH_THROTTLE: AuthThrottleLimits = {
  maxFailures: 10,
  windowMs: 60_000,
  blockMs: 300_000,
};

/** Addresses remembered at once: an attacker spraying addresses cannot grow the table without bound. */
const MAX_TRACKED_ADDRESSES = 10_000;

interface AddressRecord {
  windowStartMs: number;
  failures: number;
  blockedUntilMs: number;
}

export type FailureVerdict = 'counted' | 'now-blocked';

export interface AuthThrottle {
  /** Milliseconds the address is still refused for; 0 when it may try. */
  readonly blockedForMs: (address: string) => number;
  readonly recordFailure: (address: string) => FailureVerdict;
}

/**
 * Counts failed authentications per address in a fixed window. Once an address reaches the limit,
 * its calls are refused without looking at the token until the block ends, so guessing tokens (or
 * making the server run scrypt on guesses of the admin password) costs the guesser time, not us.
 * A success does not reset the count: behind one NAT address, a legitimate client must not wipe
 * out the failures of a guessing one.
 */
export const createAuthThrottle = (
  limits: AuthThrottleLimits = DEFAULT_AUTH_THROTTLE,
  nowMs: () => number = () => performance.now(),
): AuthThrottle => {
  const records = createLru<string, AddressRecord>(MAX_TRACKED_ADDRESSES);
  return {
    blockedForMs: (address) => {
      const record = records.get(address);
      if (record === undefined) return 0;
      return Math.max(0, Math.ceil(record.blockedUntilMs - nowMs()));
    },
    recordFailure: (address) => {
      const now = nowMs();
      const record = records.get(address) ?? { windowStartMs: now, failures: 0, blockedUntilMs: 0 };
      if (now - record.windowStartMs > limits.windowMs) {
        record.windowStartMs = now;
        record.failures = 0;
      }
      record.failures += 1;
      records.set(address, record);
      if (limits.maxFailures > 0 && record.failures >= limits.maxFailures) {
        record.blockedUntilMs = now + limits.blockMs;
        record.failures = 0;
        record.windowStartMs = now;
        return 'now-blocked';
      }
      return 'counted';
    },
  };
};
