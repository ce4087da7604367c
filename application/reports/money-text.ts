import { MICROS_PER_UNIT, Money } from '../../domain/money';

/**
 * Money as a finance reader sees it: thousands separators and a fixed number of decimals across
 * one report. Folio holds micro-units (6 decimals); a report shows the currency's 2 decimals when
 * every amount in it is a whole cent, and all 6 otherwise, so a sub-cent residue is never rounded
 * out of sight and every column of the report stays aligned on one scale.
 */
export type Decimals = 2 | 6;

const MICROS_PER_CENT = MICROS_PER_UNIT / 100n;

export const decimalsFor = (amounts: Iterable<Money>): Decimals => {
  for (const amount of amounts) if (amount % MICROS_PER_CENT !== 0n) return 6;
  return 2;
};

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Exact: with 2 decimals it is only called on whole cents (decimalsFor), so nothing is rounded. */
export const moneyText = (amount: Money, decimals: Decimals): string => {
  const negative = amount < 0n;
  const magnitude = negative ? -amount : amount;
  const whole = groupThousands((magnitude / MICROS_PER_UNIT).toString());
  const fraction = (magnitude % MICROS_PER_UNIT).toString().padStart(6, '0').slice(0, decimals);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
};

/** A chart tick or a bar's length: a double, formatted the same way. */
export const unitsText = (value: number, decimals: number): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
