import { Either, isLeft, left, right } from 'fp-ts/Either';
import { Money, parseMoney } from '../../domain/money';
import { INVALID_XML_CHARACTER } from './parse-call';
import { WireValue } from './wire-values';

/** The parameter type letters of methods.tsv. */
export type ParamType = 's' | 'i' | 'd' | 'b' | 'a[s]' | 'a[[s,s]]';

export interface ParamCodec<T> {
  readonly type: ParamType;
  readonly optional: boolean;
  /**
   * Why a value does not fit, as a clause about the value (`'abc' is not a number`); `left` makes the
   * call a wrong-signature fault that names the parameter and this reason.
   */
  readonly decode: (value: WireValue) => Either<string, T>;
}

const TYPE_WORDS: Readonly<Record<ParamType, string>> = {
  s: 'string',
  i: 'int',
  d: 'double',
  b: 'boolean',
  'a[s]': 'array of strings',
  'a[[s,s]]': 'array of [name, value] pairs',
};

export const typeWord = (type: ParamType): string => TYPE_WORDS[type];

const utf8 = new TextDecoder('utf-8', { fatal: true });

const KIND_WORDS: Readonly<Record<WireValue['kind'], string>> = {
  string: 'a string',
  int: 'an int',
  double: 'a double',
  boolean: 'a boolean',
  base64: 'base64',
  datetime: 'a dateTime',
  nil: 'nil',
  array: 'an array',
  struct: 'a struct',
};

/** `a struct is not a string`: what was sent, against what the parameter takes. */
const notA = (value: WireValue, expected: string): string => `${KIND_WORDS[value.kind]} is not ${expected}`;

/**
 * The text a client sent, quoted in a fault only when it is short and plain: a fault must not carry
 * markup, paths or anything that looks like a source location back, even the caller's own.
 */
const quoted = (text: string): string => (/^[\w.,+\- ]{1,32}$/.test(text) ? `'${text}'` : 'the text sent');

/**
 * Where a string is expected, accept what real clients send for one: a string or untyped value, the
 * text of an `<int>` as sent (Perl guesses digit strings are ints: "007123" keeps its zeros), and
 * `<base64>` of UTF-8 (Perl sends any non-ASCII text so).
 */
const decodeString = (value: WireValue): Either<string, string> => {
  switch (value.kind) {
    case 'string':
      return right(value.value);
    case 'int':
    case 'double':
      return right(value.text);
    case 'base64': {
      let text: string;
      try {
        text = utf8.decode(value.bytes);
      } catch {
        return left('the base64 is not UTF-8 text');
      }
      // The same rule as for text in the XML itself: what could never be sent back is not stored.
      return INVALID_XML_CHARACTER.test(text)
        ? left('the base64 holds a character XML does not allow')
        : right(text);
    }
    default:
      return left(notA(value, 'a string'));
  }
};

const INTEGER_TEXT = /^[+-]?\d{1,15}$/;

const decodeInt = (value: WireValue): Either<string, number> => {
  const text = value.kind === 'int' ? value.text : value.kind === 'string' ? value.value.trim() : null;
  if (text === null) return left(notA(value, 'an int'));
  if (!INTEGER_TEXT.test(text))
    return left(
      /^[+-]?\d+$/.test(text)
        ? `${quoted(text)} is out of range (at most 15 digits)`
        : `${quoted(text)} is not a whole number`,
    );
  return right(Number(text));
};

/** Amounts: `<double>`, `<int>`/`<i4>` (Ruby, Perl), or numeric text, parsed exactly from the text sent. */
const decodeMoney = (value: WireValue): Either<string, Money> => {
  const text =
    value.kind === 'double' || value.kind === 'int'
      ? value.text
      : value.kind === 'string'
        ? value.value
        : null;
  if (text === null) return left(notA(value, 'a number'));
  const parsed = parseMoney(text);
  return isLeft(parsed)
    ? left(
        parsed.left.reason === 'out-of-range'
          ? `${quoted(text)} is out of range (amounts are at most ±1,000,000,000,000)`
          : `${quoted(text)} is not a number`,
      )
    : parsed;
};

const decodeBoolean = (value: WireValue): Either<string, boolean> => {
  if (value.kind === 'boolean') return right(value.value);
  const text =
    value.kind === 'int' ? value.text : value.kind === 'string' ? value.value.trim().toLowerCase() : null;
  if (text === '1' || text === 'true') return right(true);
  if (text === '0' || text === 'false') return right(false);
  return left(
    text === null ? notA(value, 'a boolean') : `${quoted(text)} is not a boolean (true, false, 1 or 0)`,
  );
};

const decodeArray =
  <T>(item: (value: WireValue) => Either<string, T>) =>
  (value: WireValue): Either<string, readonly T[]> => {
    if (value.kind !== 'array') return left(notA(value, 'an array'));
    const items: T[] = [];
    for (const [index, each] of value.items.entries()) {
      const decoded = item(each);
      if (isLeft(decoded)) return left(`item ${index + 1}: ${decoded.left}`);
      items.push(decoded.right);
    }
    return right(items);
  };

const decodePair = (value: WireValue): Either<string, readonly [string, string]> => {
  const pair = decodeArray(decodeString)(value);
  if (isLeft(pair)) return pair;
  const [name, text] = pair.right;
  return pair.right.length === 2 && name !== undefined && text !== undefined
    ? right([name, text] as const)
    : left(`a [name, value] pair holds two strings, not ${pair.right.length}`);
};

const codec = <T>(type: ParamType, decode: (value: WireValue) => Either<string, T>) => ({
  required: { type, optional: false, decode } as ParamCodec<T>,
  optional: { type, optional: true, decode } as ParamCodec<T | undefined>,
});

export const str = codec('s', decodeString);
export const int = codec('i', decodeInt);
export const money = codec('d', decodeMoney);
export const bool = codec('b', decodeBoolean);
export const strings = codec('a[s]', decodeArray(decodeString));
export const pairs = codec('a[[s,s]]', decodeArray(decodePair));
