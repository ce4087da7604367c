import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError, NamedKind } from './errors';
import { canonicalMoney, Money, parseMoney, ZERO } from './money';

/**
 * Value parsing shared by every property setter: booleans in any case of true/false, amounts as
 * plain decimals. Errors name the property and what it accepts.
 */
export const parseBooleanValue = (property: string, value: string): Either<DomainError, boolean> => {
  const lower = value.trim().toLowerCase();
  if (lower === 'true') return right(true);
  if (lower === 'false') return right(false);
  return left({ code: 'InvalidValue', field: property, value, expected: 'true or false' });
};

export const parseAmountValue = (
  property: string,
  value: string,
  options: { readonly nonNegative?: boolean } = {},
): Either<DomainError, Money> => {
  const parsed = parseMoney(value);
  if (isLeft(parsed)) {
    return parsed.left.reason === 'out-of-range'
      ? left({ code: 'AmountOutOfRange', field: property, value })
      : left({ code: 'InvalidValue', field: property, value, expected: 'a decimal amount such as 12.50' });
  }
  if (options.nonNegative === true && parsed.right < ZERO)
    return left({ code: 'InvalidValue', field: property, value, expected: 'an amount of zero or more' });
  return parsed;
};

export const parseEnumValue = <T extends string>(
  property: string,
  value: string,
  allowed: readonly T[],
): Either<DomainError, T> => {
  const upper = value.trim().toUpperCase();
  const match = allowed.find((candidate) => candidate === upper);
  return match === undefined
    ? left({ code: 'InvalidValue', field: property, value, expected: `one of ${allowed.join(', ')}` })
    : right(match);
};

/** A percentage such as 100 or 87.5, kept as canonical decimal text. */
export const parsePercentValue = (property: string, value: string): Either<DomainError, string> => {
  const parsed = parseMoney(value);
  if (isLeft(parsed) || parsed.right < ZERO || parsed.right > 100_000n * 1_000_000n)
    return left({
      code: 'InvalidValue',
      field: property,
      value,
      expected: 'a percentage between 0 and 100000',
    });
  return right(canonicalMoney(parsed.right));
};

export const booleanText = (value: boolean): string => (value ? 'true' : 'false');

export const unknownProperty = (entity: NamedKind, property: string): DomainError => ({
  code: 'UnknownProperty',
  entity,
  property,
});
export const readOnlyProperty = (entity: NamedKind, property: string): DomainError => ({
  code: 'ReadOnlyProperty',
  entity,
  property,
});
export const writeOnlyProperty = (entity: NamedKind, property: string): DomainError => ({
  code: 'WriteOnlyProperty',
  entity,
  property,
});

/** Whether a disabled-until marker ('' enabled, 'forever', or an ISO time) is in force at `now`. */
export const isDisabledAt = (disabledUntil: string, now: Date): boolean =>
  disabledUntil !== '' && (disabledUntil === 'forever' || Date.parse(disabledUntil) > now.getTime());

/** The longest timed disable: a hundred years, far inside what a date can hold. */
export const MAX_DISABLE_MINUTES = 100 * 366 * 24 * 60;

/**
 * The end of a disable asked for in minutes from `now` (disablePrintingForUser, disablePrinter,
 * disableSharedAccount): -1 = until re-enabled (''), 0 = enable again (null), else an ISO time.
 */
export const disabledUntil = (now: Date, minutes: number): Either<DomainError, string | null> => {
  if (!Number.isInteger(minutes) || minutes < -1 || minutes > MAX_DISABLE_MINUTES)
    return left({
      code: 'InvalidValue',
      field: 'minutes',
      value: String(minutes),
      expected: `-1 (until re-enabled), 0 (enable) or up to ${MAX_DISABLE_MINUTES} (a hundred years)`,
    });
  if (minutes === 0) return right(null);
  return right(minutes === -1 ? '' : new Date(now.getTime() + minutes * 60_000).toISOString());
};
