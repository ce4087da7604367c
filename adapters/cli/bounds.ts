import { isLeft } from 'fp-ts/Either';
import { checkPeriod, END, LogBound, parseBound, START } from '../../projections/ledger/bounds';
import { Period } from '../../projections/ledger/period-fold';

export const boundFrom = (text: string | undefined, option: string, otherwise: LogBound): LogBound => {
  if (text === undefined) return otherwise;
  const parsed = parseBound(text);
  if (isLeft(parsed)) throw new Error(`${option}: ${parsed.left}`);
  return parsed.right;
};

export const periodFrom = (flags: { readonly from?: string; readonly to?: string }): Period => {
  const period = { from: boundFrom(flags.from, '--from', START), to: boundFrom(flags.to, '--to', END) };
  const valid = checkPeriod(period.from, period.to);
  if (isLeft(valid)) throw new Error(valid.left);
  return period;
};
