import { Either, isLeft, left, right } from 'fp-ts/Either';
import { canonicalMoney, Money, parseMoney } from '../money';

/**
 * Field parsers of the import files. A blank field means "leave as it is" (undefined); anything
 * else must parse, or the line is reported with a sentence that names the column and the value.
 */
export type FieldResult<T> = Either<string, T | undefined>;

const YES = new Set(['y', 'yes', 'true', '1']);
const NO = new Set(['n', 'no', 'false', '0']);

export const yesNoField = (column: string, text: string): FieldResult<boolean> => {
  if (text === '') return right(undefined);
  const lower = text.toLowerCase();
  if (YES.has(lower)) return right(true);
  if (NO.has(lower)) return right(false);
  return left(`${column} '${text}' is not Y or N`);
};

export const amountField = (column: string, text: string): FieldResult<Money> => {
  if (text === '') return right(undefined);
  const parsed = parseMoney(text);
  if (isLeft(parsed))
    return left(
      parsed.left.reason === 'out-of-range'
        ? `${column} '${text}' is out of range`
        : `${column} '${text}' is not an amount (write it like 12.50)`,
    );
  return right(parsed.right);
};

export const enumField = <T extends string>(
  column: string,
  text: string,
  allowed: readonly T[],
): FieldResult<T> => {
  if (text === '') return right(undefined);
  const match = allowed.find((candidate) => candidate === text.toUpperCase());
  return match === undefined ? left(`${column} '${text}' is not one of ${allowed.join(', ')}`) : right(match);
};

/**
 * A list of names in one field: separated by `|` (the product's files) or, when there is no `|`,
 * by commas.
 */
export const nameListField = (text: string): readonly string[] | undefined => {
  if (text === '') return undefined;
  const separator = text.includes('|') ? '|' : ',';
  return text
    .split(separator)
    .map((name) => name.trim())
    .filter((name) => name !== '');
};

/** How an amount reads in feedback: exact, as stored. */
export const amountText = (amount: Money): string => canonicalMoney(amount);
