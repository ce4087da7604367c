import { isRight } from 'fp-ts/Either';
import { Money, parseMoney, ZERO } from '../domain/money';
import { UserPolicy } from '../domain/users/commands';
import { ConfigReadModel } from '../projections/config';

/** Configuration keys Folio itself reads (besides the product's own `auth.webservices.*`). */
export const CONFIG_KEYS = {
  userDefaultOverdraft: 'user.default-overdraft-amount',
  userPersonalAccounts: 'user.personal-accounts',
  sharedDefaultOverdraft: 'shared-account.default-overdraft-amount',
  authTokens: 'auth.webservices.auth-token',
  allowedAddresses: 'auth.webservices.allowed-addresses',
} as const;

const amountOrZero = (text: string): Money => {
  const parsed = parseMoney(text);
  return text !== '' && isRight(parsed) && parsed.right >= ZERO ? parsed.right : ZERO;
};

export const userPolicy = (config: ConfigReadModel): UserPolicy => ({
  defaultOverdraft: amountOrZero(config.get(CONFIG_KEYS.userDefaultOverdraft)),
  personalAccounts: config
    .get(CONFIG_KEYS.userPersonalAccounts)
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== ''),
});

export const sharedAccountDefaultOverdraft = (config: ConfigReadModel): Money =>
  amountOrZero(config.get(CONFIG_KEYS.sharedDefaultOverdraft));
