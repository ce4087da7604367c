import * as t from 'io-ts';
import { Either, left, right } from 'fp-ts/Either';

/**
 * Money is an exact count of micro-units (10^-6 of the currency unit) held in a bigint.
 * Print prices such as 0.015 per page need more than cents; six places cover every
 * price PaperCut sites use while keeping sums exact. No ledger arithmetic ever touches
 * binary floating point.
 */
export type Money = bigint;

export const MICROS_PER_UNIT = 1_000_000n;
const SCALE_DIGITS = 6;

/** The largest magnitude Folio accepts for one amount or balance: one trillion units. */
export const MAX_ABS_MONEY: Money = 1_000_000_000_000n * MICROS_PER_UNIT;

export const ZERO: Money = 0n;

export type MoneyParseError = { readonly reason: 'not-a-number' | 'out-of-range'; readonly text: string };

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;

/**
 * Parses a decimal text (as sent in an XML-RPC `<double>` or `<int>`, or a property value) to Money.
 * Rounding rule, the only one in Folio: digits beyond the sixth decimal place are rounded half to even
 * (banker's rounding), so that rounding errors do not drift in one direction over many entries.
 */
export const parseMoney = (text: string): Either<MoneyParseError, Money> => {
  const trimmed = text.trim();
  const match = DECIMAL.exec(trimmed);
  if (match === null) return left({ reason: 'not-a-number', text });
  const [, sign = '', whole = '', fraction = '', exponentText] = match;
  if (whole === '' && fraction === '') return left({ reason: 'not-a-number', text });
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const digits = (whole + fraction).replace(/^0+(?=\d)/, '');
  // value = digits × 10^(exponent − fraction.length); we want it × 10^6.
  const shift = exponent - fraction.length + SCALE_DIGITS;
  if (shift > 30 || digits.length + shift > 40) return left({ reason: 'out-of-range', text });
  const magnitude =
    shift >= 0 ? BigInt(digits) * 10n ** BigInt(shift) : divideHalfEven(BigInt(digits), -shift);
  if (magnitude > MAX_ABS_MONEY) return left({ reason: 'out-of-range', text });
  return right(sign === '-' ? -magnitude : magnitude);
};

const divideHalfEven = (numerator: bigint, droppedDigits: number): bigint => {
  if (droppedDigits > 60) return 0n;
  const divisor = 10n ** BigInt(droppedDigits);
  const quotient = numerator / divisor;
  const twiceRemainder = (numerator % divisor) * 2n;
  if (twiceRemainder > divisor) return quotient + 1n;
  if (twiceRemainder < divisor) return quotient;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
};

/** Whole numbers (e.g. an XML-RPC `<int>` amount) are exact. */
export const moneyFromUnits = (units: bigint | number): Money => BigInt(units) * MICROS_PER_UNIT;

/**
 * Plain decimal text with at least two decimal places and no trailing zeros beyond them:
 * 1234.5 → "1234.50", 0.015 → "0.015", -3 → "-3.00". This is how amount properties are shown.
 */
export const formatMoney = (amount: Money): string => {
  const negative = amount < 0n;
  const magnitude = negative ? -amount : amount;
  const whole = magnitude / MICROS_PER_UNIT;
  const fraction = (magnitude % MICROS_PER_UNIT)
    .toString()
    .padStart(SCALE_DIGITS, '0')
    .replace(/0{1,4}$/, '');
  return `${negative ? '-' : ''}${whole}.${fraction.padEnd(2, '0')}`;
};

/**
 * The nearest double to the exact amount, for the edge only (a client, a chart), never for arithmetic.
 * Every sum, comparison and balance stays in exact bigint micros: a double cannot hold 0.1 exactly,
 * so folding doubles would drift by fractions of a cent and two replays could disagree. Converting
 * once, at the edge, loses at most one rounding, which nothing reads back. Both operands are exactly
 * representable (|micros| < 2^53), so the division is correctly rounded.
 */
export const moneyToDouble = (amount: Money): number => Number(amount) / Number(MICROS_PER_UNIT);

export const sumMoney = (amounts: Iterable<Money>): Money => {
  let total = ZERO;
  for (const amount of amounts) total += amount;
  return total;
};

export const minMoney = (a: Money, b: Money): Money => (a < b ? a : b);
export const maxMoney = (a: Money, b: Money): Money => (a > b ? a : b);

/** Canonical decimal text of an amount, for event payloads: "-1.5", "0", "12.015". */
export const canonicalMoney = (amount: Money): string => {
  const negative = amount < 0n;
  const magnitude = negative ? -amount : amount;
  const whole = magnitude / MICROS_PER_UNIT;
  const fraction = (magnitude % MICROS_PER_UNIT).toString().padStart(SCALE_DIGITS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
};

const CANONICAL = /^-?(0|[1-9]\d*)(\.\d{0,5}[1-9])?$/;

/**
 * io-ts codec for Money inside events and files: the canonical decimal text. Decoding is strict
 * (only canonical text is accepted) so that the stored form of a value is unique, which the hash
 * chain relies on.
 */
export const MoneyCodec = new t.Type<Money, string, unknown>(
  'Money',
  (u): u is Money => typeof u === 'bigint',
  (u, context) => {
    if (typeof u !== 'string' || !CANONICAL.test(u) || u === '-0')
      return t.failure(u, context, 'not canonical money text');
    const parsed = parseMoney(u);
    return parsed._tag === 'Right' ? t.success(parsed.right) : t.failure(u, context, parsed.left.reason);
  },
  canonicalMoney,
);
