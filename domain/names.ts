import { Either, left, map, right } from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { DomainError, NamedKind } from './errors';

/** Upper bound on every name Folio stores, in UTF-16 code units. */
export const MAX_NAME_LENGTH = 255;

const CONTROL = /\p{Cc}/u;

/**
 * Usernames are case-insensitive: stored and compared in lower case, after Unicode NFC so that
 * visually identical names typed on different systems are one user.
 */
export const normalizeUsername = (name: string): string => name.normalize('NFC').toLowerCase();

/** Other names (groups, shared accounts, printers) keep their case but compare case-insensitively. */
export const nameKey = (name: string): string => name.normalize('NFC').toLowerCase();

export const validateName = (
  kind: NamedKind,
  name: string,
  forbidden: { readonly pattern: RegExp; readonly description: string } | null = null,
): Either<DomainError, string> => {
  const invalid = (reason: string) => left<DomainError, string>({ code: 'InvalidName', kind, name, reason });
  const normalized = name.normalize('NFC');
  if (normalized.length === 0) return invalid('it is empty');
  if (normalized.length > MAX_NAME_LENGTH) return invalid(`it is longer than ${MAX_NAME_LENGTH} characters`);
  if (normalized.trim() !== normalized) return invalid('it starts or ends with white space');
  if (CONTROL.test(normalized)) return invalid('it contains a control character');
  if (forbidden !== null && forbidden.pattern.test(normalized))
    return invalid(`it contains ${forbidden.description}`);
  return right(normalized);
};

/** Internal usernames are printable and contain no '/', '\\' or '@' (the product's rule). */
export const validateInternalUsername = (name: string): Either<DomainError, string> =>
  pipe(
    validateName('user', name, { pattern: /[/\\@]/, description: "'/', '\\' or '@'" }),
    map(normalizeUsername),
  );

/** Users from a directory may carry '@' or '\\' (UPNs, DOMAIN\\user); they only need to be printable. */
export const validateUsername = (name: string): Either<DomainError, string> =>
  pipe(validateName('user', name), map(normalizeUsername));

/**
 * Card/ID numbers compare case-insensitively (`AB12` and `ab12` are one card), the same rule as their
 * uniqueness claims; a number keeps the spelling it was given.
 */
export const cardKey = (cardNumber: string): string => nameKey(cardNumber.trim());

export const sameCard = (a: string, b: string): boolean => a.trim() !== '' && cardKey(a) === cardKey(b);
