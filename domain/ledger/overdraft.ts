import { Either, left, right } from 'fp-ts/Either';
import { DomainError } from '../errors';
import { Money, ZERO } from '../money';
import { AvailableCredit } from './conditions';
import { OverdraftSetting } from '../users/state';

/** The overdraft mode as the API names it. */
export const overdraftModeName = (setting: OverdraftSetting): 'individual' | 'default' =>
  setting.mode === 'individual' ? 'individual' : 'default';

/** The overdraft in force: the account's own amount, or the site default. */
export const overdraftAmount = (setting: OverdraftSetting, siteDefault: Money): Money =>
  setting.mode === 'individual' ? setting.amount : siteDefault;

/**
 * The setting `set…OverdraftMode(mode)` asks for. Switching to `individual` keeps the amount in force
 * (the current individual amount, or the site default), so the account's limit does not jump.
 */
export const overdraftSettingFor = (
  mode: string,
  current: OverdraftSetting,
  siteDefault: Money,
): Either<DomainError, OverdraftSetting> => {
  const wanted = mode.trim().toLowerCase();
  if (wanted === 'default') return right({ mode: 'default' });
  if (wanted !== 'individual')
    return left({ code: 'InvalidValue', field: 'mode', value: mode, expected: 'individual or default' });
  return right({ mode: 'individual', amount: overdraftAmount(current, siteDefault) });
};

/** An overdraft setting as the …OverdraftChanged events record it (the amount is zero in default mode). */
export const overdraftChange = (
  setting: OverdraftSetting,
): { mode: OverdraftSetting['mode']; amount: Money } => ({
  mode: setting.mode,
  amount: setting.mode === 'individual' ? setting.amount : ZERO,
});

/** The setting an …OverdraftChanged event puts in force. */
export const overdraftFromChange = (change: {
  readonly mode: OverdraftSetting['mode'];
  readonly amount: Money;
}): OverdraftSetting =>
  change.mode === 'default' ? { mode: 'default' } : { mode: 'individual', amount: change.amount };

/**
 * What a restricted account may spend: its balance plus its overdraft (its own amount, or the site
 * default). An unrestricted account may go negative without limit.
 */
export const availableCreditOf = (
  account: { readonly restricted: boolean; readonly overdraft: OverdraftSetting },
  balance: Money,
  siteDefault: Money,
): AvailableCredit =>
  account.restricted
    ? {
        unlimited: false,
        amount: balance + overdraftAmount(account.overdraft, siteDefault),
      }
    : { unlimited: true };
