import { chain, Either, left, map, right } from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { BRACKETED_SPELLINGS, RESERVED_GROUPS } from './built-in-groups';
import { DomainError, NamedKind } from './errors';

/** Upper bound on every name Folio stores, in UTF-16 code units. */
export const MAX_NAME_LENGTH = 255;

/** Control (Cc) and format (Cf) characters: invisible, or reorder the text (zero-width space, BOM, bidi overrides). */
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

/**
 * The one key every name is compared by — usernames, groups, shared accounts, printers, card numbers,
 * every claim and every lookup: Unicode NFKC (fullwidth `Ｂ` is `B`, the ligature `ﬁ` is `fi`, the Kelvin
 * sign is `K`), then full case folding (lower, upper, lower again: `ẞ` → `ß` → `SS` → `ss`, so `straße`
 * is `STRASSE`; every code point reaches its fixed point so), then NFKC again (case mapping can leave a sequence unnormalised). Names that look
 * alike are one name. PaperCut documents only that usernames are case-insensitive.
 */
export const nameKey = (name: string): string =>
  name.normalize('NFKC').toLowerCase().toUpperCase().toLowerCase().normalize('NFKC');

/**
 * Usernames are case-insensitive: stored in lower case after NFC, the spelling every log already
 * holds, and compared by `nameKey`.
 */
export const normalizeUsername = (name: string): string => name.normalize('NFC').toLowerCase();

const BUILT_IN_GROUP_KEYS: ReadonlySet<string> = new Set(
  [...RESERVED_GROUPS, ...Object.keys(BRACKETED_SPELLINGS)].map(nameKey),
);

/** A built-in group's name in either spelling (`!!All Users!!`, `[All Users]`) or any look-alike of it. */
export const isBuiltInGroupName = (name: string): boolean => BUILT_IN_GROUP_KEYS.has(nameKey(name.trim()));

/**
 * Users and shared accounts cannot take a built-in group's name either (by creation or rename): lists
 * and files that name users, groups and accounts side by side would read it as the group.
 */
export const refuseBuiltInGroupName =
  (kind: NamedKind) =>
  (name: string): Either<DomainError, string> =>
    isBuiltInGroupName(name)
      ? left({ code: 'InvalidName', kind, name, reason: 'it is the name of a built-in group' })
      : right(name);

/** Whether two names are one name (equal keys). */
export const sameName = (a: string, b: string): boolean => nameKey(a) === nameKey(b);

const codePoint = (character: string): string =>
  `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

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
  const invisible = INVISIBLE.exec(name);
  if (invisible !== null)
    return invalid(`it contains an invisible control or format character (${codePoint(invisible[0])})`);
  if (forbidden !== null && forbidden.pattern.test(normalized))
    return invalid(`it contains ${forbidden.description}`);
  return right(normalized);
};

/** Internal usernames are printable and contain no '/', '\\' or '@' (the product's rule). */
export const validateInternalUsername = (name: string): Either<DomainError, string> =>
  pipe(
    validateName('user', name, { pattern: /[/\\@]/, description: "'/', '\\' or '@'" }),
    chain(refuseBuiltInGroupName('user')),
    map(normalizeUsername),
  );

/** Users from a directory may carry '@' or '\\' (UPNs, DOMAIN\\user); they only need to be printable. */
export const validateUsername = (name: string): Either<DomainError, string> =>
  pipe(validateName('user', name), chain(refuseBuiltInGroupName('user')), map(normalizeUsername));

/**
 * Card/ID numbers compare case-insensitively (`AB12` and `ab12` are one card), the same rule as their
 * uniqueness claims; a number keeps the spelling it was given.
 */
export const cardKey = (cardNumber: string): string => nameKey(cardNumber.trim());

export const sameCard = (a: string, b: string): boolean => a.trim() !== '' && cardKey(a) === cardKey(b);
