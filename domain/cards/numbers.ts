import { Either, left, right } from 'fp-ts/Either';
import { DomainError } from '../errors';

/** Card numbers compare without surrounding space and case: people type them from printed cards. */
export const cardKey = (cardNumber: string): string => cardNumber.trim().normalize('NFC').toLowerCase();

export const MAX_PREFIX_LENGTH = 32;
/** Random digits after the prefix: enough that a guessed number almost never exists. */
export const MIN_RANDOM_DIGITS = 8;
export const MAX_RANDOM_DIGITS = 30;
export const DEFAULT_RANDOM_DIGITS = 12;
/** Cards one batch may hold; a batch is one event, and events stay small enough to read at once. */
export const MAX_CARDS_PER_BATCH = 10_000;

const PREFIX = /^[A-Za-z0-9_-]*$/;

export const validateCardPrefix = (prefix: string): Either<DomainError, string> =>
  prefix.length <= MAX_PREFIX_LENGTH && PREFIX.test(prefix)
    ? right(prefix)
    : left({
        code: 'InvalidValue',
        field: 'prefix',
        value: prefix,
        expected: `at most ${MAX_PREFIX_LENGTH} letters, digits, '-' or '_'`,
      });

export const validateCardCount = (count: number): Either<DomainError, number> =>
  Number.isInteger(count) && count >= 1 && count <= MAX_CARDS_PER_BATCH
    ? right(count)
    : left({
        code: 'InvalidValue',
        field: 'count',
        value: String(count),
        expected: `a whole number from 1 to ${MAX_CARDS_PER_BATCH}`,
      });

export const validateRandomDigits = (digits: number): Either<DomainError, number> =>
  Number.isInteger(digits) && digits >= MIN_RANDOM_DIGITS && digits <= MAX_RANDOM_DIGITS
    ? right(digits)
    : left({
        code: 'InvalidValue',
        field: 'digits',
        value: String(digits),
        expected: `a whole number from ${MIN_RANDOM_DIGITS} to ${MAX_RANDOM_DIGITS}`,
      });

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An expiry as the administrator writes it: `YYYY-MM-DD` means the cards are good through that whole
 * day (UTC), so they expire at the start of the next day; a full ISO time with a zone is taken as is.
 * Returns the ISO instant at which the cards stop being accepted; '' stays '' (never expires).
 */
export const parseCardExpiry = (text: string): Either<DomainError, string> => {
  const trimmed = text.trim();
  if (trimmed === '') return right('');
  const invalid = left<DomainError, string>({
    code: 'InvalidValue',
    field: 'expires',
    value: text,
    expected: 'a date YYYY-MM-DD or an ISO time with a zone, e.g. 2026-06-30T18:00:00Z',
  });
  const date = DATE_ONLY.exec(trimmed);
  if (date !== null) {
    const [, year, month, day] = date.map(Number) as [number, number, number, number];
    const start = Date.UTC(year, month - 1, day);
    const check = new Date(start);
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
      return invalid;
    return right(new Date(start + 86_400_000).toISOString());
  }
  if (!INSTANT.test(trimmed)) return invalid;
  const parsed = Date.parse(trimmed);
  return Number.isNaN(parsed) ? invalid : right(new Date(parsed).toISOString());
};

/** Whether a card with this expiry marker is past it at `now`. */
export const isCardExpired = (expiresAt: string, now: Date): boolean =>
  expiresAt !== '' && now.getTime() >= Date.parse(expiresAt);
