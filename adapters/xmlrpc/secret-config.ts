import { CONFIG_KEYS } from '../application/policy';

/** A config key whose value is a credential: its last segment names a password, secret, token or PIN. */
const SECRET_SEGMENT = /(password|passwd|secret|token|pin|private-key)/i;

export const isSecretConfigKey = (name: string): boolean =>
  name === CONFIG_KEYS.authTokens || SECRET_SEGMENT.test(name.split('.').pop() ?? '');

/** Keys that decide who may call at all: changing them is an operator's act, not an integration's. */
const ACCESS_KEYS: ReadonlySet<string> = new Set([CONFIG_KEYS.authTokens, CONFIG_KEYS.allowedAddresses]);

/**
 * What a call touches that only a privileged caller (the admin password or a start-up token) may
 * touch — reading a secret config value, changing who may call, or changing the admin password —
 * described for the fault; null when the call is free to any valid token.
 */
export const privilegedTarget = (method: string, args: readonly unknown[]): string | null => {
  if (method === 'api.changeInternalAdminPassword') return 'the admin password';
  const [name] = args;
  if (typeof name !== 'string') return null;
  if (method === 'api.getConfigValue') return isSecretConfigKey(name) ? `the config value '${name}'` : null;
  if (method === 'api.setConfigValue')
    return ACCESS_KEYS.has(name) || isSecretConfigKey(name) ? `the config value '${name}'` : null;
  return null;
};
