import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * scrypt with a random salt, stored as `scrypt$N$r$p$salt$hash`. The cost is modest on purpose:
 * PINs and passwords arrive in bulk imports, and a 4-digit PIN is not protected by any hash cost.
 */
const N = 4096;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

export const hashSecret = (secret: string): string => {
  const salt = randomBytes(16);
  const hash = scryptSync(secret.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
};

interface StoredSecret {
  readonly salt: Buffer;
  readonly expected: Buffer;
  readonly cost: { readonly N: number; readonly r: number; readonly p: number };
}

const parseStored = (stored: string): StoredSecret | null => {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (
    scheme !== 'scrypt' ||
    n === undefined ||
    r === undefined ||
    p === undefined ||
    salt === undefined ||
    hash === undefined
  )
    return null;
  return {
    salt: Buffer.from(salt, 'base64'),
    expected: Buffer.from(hash, 'base64'),
    cost: { N: Number(n), r: Number(r), p: Number(p) },
  };
};

const matches = (actual: Buffer, expected: Buffer): boolean =>
  actual.length === expected.length && timingSafeEqual(actual, expected);

export const verifySecret = (secret: string, stored: string): boolean => {
  const parsed = parseStored(stored);
  if (parsed === null) return false;
  const actual = scryptSync(secret.normalize('NFC'), parsed.salt, parsed.expected.length, parsed.cost);
  return matches(actual, parsed.expected);
};

/** A stored hash this module wrote (and so one `verifySecretOffThread` can check). */
export const isScryptHash = (stored: string): boolean => parseStored(stored) !== null;

/**
 * verifySecret on libuv's threadpool: a caller guessing the admin password costs the event loop
 * nothing, so honest calls are not slowed even with throttling off (each guess is ~17 ms of scrypt).
 */
export const verifySecretOffThread = (secret: string, stored: string): Promise<boolean> =>
  new Promise((resolve) => {
    const parsed = parseStored(stored);
    if (parsed === null) return resolve(false);
    scrypt(secret.normalize('NFC'), parsed.salt, parsed.expected.length, parsed.cost, (error, actual) =>
      resolve(error === null && matches(actual, parsed.expected)),
    );
  });
