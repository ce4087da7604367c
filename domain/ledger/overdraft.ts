import { Either, left, right } from 'fp-ts/Either';
import { DomainError } from '../errors';
import { Money } from '../money';
import { OverdraftSetting } from '../users/state';

/** The overdraft mode as the API names it. */
export const overdraftModeName = (setting: OverdraftSetting): 'individual' | 'default' =>
  setting.mode === 'individual' ? 'individual' : 'default';

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
  return right({ mode: 'individual', amount: current.mode === 'individual' ? current.amount : siteDefault });
};
