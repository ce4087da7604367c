import { CONFIG_KEYS } from '../../application/policy';
import { DIRECTORY_FILE_CONFIG_KEY } from '../directory/configured';
import type { MethodArgs } from './method';

/**
 * Words that make a config key a credential when they stand as a whole word of its last segment
 * (`admin-password`, `api_token`, `userPin`), so that `pin` does not catch `shipping` or `mapping`.
 * A trailing `s` is allowed (`auth-tokens`).
 */
const SECRET_WORDS: readonly (readonly string[])[] = [
  ['password'],
  ['passwd'],
  ['secret'],
  ['token'],
  ['pin'],
  ['private', 'key'],
  ['privatekey'],
];

/** The words of a key segment: split at `-`, `_`, spaces and lower-to-upper case changes, lower-cased. */
const wordsOf = (segment: string): readonly string[] =>
  segment
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[-_\s]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());

const holdsSecretWord = (words: readonly string[]): boolean =>
  SECRET_WORDS.some((secret) =>
    words.some((_, start) =>
      secret.every((word, offset) => {
        const candidate = words[start + offset];
        const last = offset === secret.length - 1;
        return candidate === word || (last && candidate === `${word}s`);
      }),
    ),
  );

/** The spelling the config stream stores a name under (domain/names.ts validates names in NFC). */
const stored = (name: string): string => name.normalize('NFC');

/** A config key whose value is a credential: its last segment names a password, secret, token, PIN or private key. */
export const isSecretConfigKey = (name: string): boolean => {
  const key = stored(name);
  return key === CONFIG_KEYS.authTokens || holdsSecretWord(wordsOf(key.split('.').pop() ?? ''));
};

/**
 * Keys only an operator may change: who may call at all, and which file on the server the user
 * directory is read from (a token holder pointing it at /etc/passwd would read that file into users).
 */
const OPERATOR_KEYS: ReadonlySet<string> = new Set([
  CONFIG_KEYS.authTokens,
  CONFIG_KEYS.allowedAddresses,
  DIRECTORY_FILE_CONFIG_KEY,
]);

/**
 * What a call touches that only a privileged caller (the admin password or a start-up token) may
 * touch — reading a secret config value, changing who may call or which server file becomes the user
 * directory, or changing the admin password — described for the fault; null when the call is free to
 * any valid token.
 */
export const privilegedTarget = (method: string, args: MethodArgs): string | null => {
  if (method === 'api.changeInternalAdminPassword') return 'the admin password';
  const { name } = args;
  if (typeof name !== 'string') return null;
  if (method === 'api.getConfigValue') return isSecretConfigKey(name) ? `the config value '${name}'` : null;
  if (method === 'api.setConfigValue')
    return OPERATOR_KEYS.has(stored(name)) || isSecretConfigKey(name) ? `the config value '${name}'` : null;
  return null;
};
