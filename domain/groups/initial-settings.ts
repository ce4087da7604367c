import * as t from 'io-ts';
import { Either, left, right } from 'fp-ts/Either';
import { DomainError } from '../errors';
import { canonicalMoney, MAX_ABS_MONEY, Money, MoneyCodec, ZERO } from '../money';

/**
 * What a group gives a user who is created in it (from the user directory), and what
 * reapplyInitialUserSettings gives again. A field that is absent is not part of the group's settings.
 */
export const InitialUserSettingsCodec = t.exact(
  t.partial({
    /** The opening balance of the default personal account. */
    balance: MoneyCodec,
    restricted: t.boolean,
    /** An individual overdraft (for restricted users). */
    overdraft: MoneyCodec,
  }),
);
export type InitialUserSettings = t.TypeOf<typeof InitialUserSettingsCodec>;

export const NO_INITIAL_SETTINGS: InitialUserSettings = {};

export const sameInitialSettings = (a: InitialUserSettings, b: InitialUserSettings): boolean =>
  a.balance === b.balance && a.restricted === b.restricted && a.overdraft === b.overdraft;

export const validateInitialSettings = (
  settings: InitialUserSettings,
): Either<DomainError, InitialUserSettings> => {
  if (
    settings.balance !== undefined &&
    (settings.balance > MAX_ABS_MONEY || settings.balance < -MAX_ABS_MONEY)
  )
    return left({ code: 'AmountOutOfRange', field: 'balance', value: canonicalMoney(settings.balance) });
  if (settings.overdraft !== undefined && settings.overdraft < ZERO)
    return left({
      code: 'InvalidValue',
      field: 'overdraft',
      value: canonicalMoney(settings.overdraft),
      expected: 'an amount of zero or more',
    });
  return right(settings);
};

/**
 * The settings a user in several groups receives: the groups' opening balances add up (each group
 * grants its own allowance), the user is restricted if any group restricts it (the cautious choice)
 * and unrestricted only if some group says so and none restricts, and the largest overdraft wins.
 */
export const combineInitialSettings = (all: readonly InitialUserSettings[]): InitialUserSettings => {
  const balances = all.flatMap((settings) => (settings.balance === undefined ? [] : [settings.balance]));
  const restrictions = all.flatMap((settings) =>
    settings.restricted === undefined ? [] : [settings.restricted],
  );
  const overdrafts = all.flatMap((settings) =>
    settings.overdraft === undefined ? [] : [settings.overdraft],
  );
  const combined: { balance?: Money; restricted?: boolean; overdraft?: Money } = {};
  if (balances.length > 0) combined.balance = balances.reduce((sum, amount) => sum + amount, ZERO);
  if (restrictions.length > 0) combined.restricted = restrictions.includes(true);
  if (overdrafts.length > 0)
    combined.overdraft = overdrafts.reduce((max, amount) => (amount > max ? amount : max));
  return combined;
};
