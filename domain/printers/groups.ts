import { Either, left, right } from 'fp-ts/Either';
import { DomainError } from '../errors';
import { MAX_NAME_LENGTH, nameKey } from '../names';

/** A printer carries at most this many printer groups. */
export const MAX_PRINTER_GROUPS = 1_000;

const CONTROL = /\p{Cc}/u;

const invalid = (value: string, expected: string): Either<DomainError, never> =>
  left({ code: 'InvalidValue', field: 'printer group', value, expected });

/** One printer-group label: trimmed, printable, no ',' (lists of them are comma-separated). */
export const validatePrinterGroup = (group: string): Either<DomainError, string> => {
  const trimmed = group.normalize('NFC').trim();
  if (trimmed === '') return invalid(group, 'a name that is not blank');
  if (trimmed.length > MAX_NAME_LENGTH)
    return invalid(group, `a name of at most ${MAX_NAME_LENGTH} characters`);
  if (trimmed.includes(',') || CONTROL.test(trimmed))
    return invalid(group, "a name without ',' or control characters");
  return right(trimmed);
};

/**
 * setPrinterGroups' argument: comma-separated, blanks dropped, duplicates (case-insensitive) kept once
 * in the order first given; "" is the empty list.
 */
export const parsePrinterGroups = (text: string): Either<DomainError, readonly string[]> => {
  const groups: string[] = [];
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const valid = validatePrinterGroup(part);
    if (valid._tag === 'Left') return valid;
    if (seen.has(nameKey(valid.right))) continue;
    seen.add(nameKey(valid.right));
    groups.push(valid.right);
  }
  return groups.length > MAX_PRINTER_GROUPS
    ? invalid(text, `at most ${MAX_PRINTER_GROUPS} printer groups`)
    : right(groups);
};

export const sameGroups = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((group, index) => group === b[index]);

export const hasGroup = (groups: readonly string[], group: string): boolean =>
  groups.some((existing) => nameKey(existing) === nameKey(group));
