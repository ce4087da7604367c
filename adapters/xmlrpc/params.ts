import { Either, isLeft, left, right } from 'fp-ts/Either';
import { Money, parseMoney } from '../../domain/money';
import { INVALID_XML_CHARACTER } from './parse-call';
import { WireValue } from './wire-values';

/** The parameter type letters of methods.tsv. */
export type ParamType = 's' | 'i' | 'd' | 'b' | 'a[s]' | 'a[[s,s]]';

export interface ParamCodec<T> {
  readonly type: ParamType;
  readonly optional: boolean;
  /** Why a value does not fit; `left` makes the call a wrong-signature fault. */
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
        return left('base64 that is not UTF-8 text');
      }
      // The same rule as for text in the XML itself: what could never be sent back is not stored.
      return INVALID_XML_CHARACTER.test(text)
        ? left('base64 holding a character XML does not allow')
        : right(text);
    }
    default:
      return left(value.kind);
  }
};

const INTEGER_TEXT = /^[+-]?\d{1,15}$/;

const decodeInt = (value: WireValue): Either<string, number> => {
  const text = value.kind === 'int' ? value.text : value.kind === 'string' ? value.value.trim() : null;
  if (text === null || !INTEGER_TEXT.test(text)) return left(value.kind);
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
  if (text === null) return left(value.kind);
  const parsed = parseMoney(text);
  return isLeft(parsed)
    ? left(parsed.left.reason === 'out-of-range' ? 'an amount out of range' : `'${text}' (not a number)`)
    : parsed;
};

const decodeBoolean = (value: WireValue): Either<string, boolean> => {
  if (value.kind === 'boolean') return right(value.value);
  const text =
    value.kind === 'int' ? value.text : value.kind === 'string' ? value.value.trim().toLowerCase() : null;
  if (text === '1' || text === 'true') return right(true);
  if (text === '0' || text === 'false') return right(false);
  return left(value.kind);
};

const decodeArray =
  <T>(item: (value: WireValue) => Either<string, T>) =>
  (value: WireValue): Either<string, readonly T[]> => {
    if (value.kind !== 'array') return left(value.kind);
    const items: T[] = [];
    for (const each of value.items) {
      const decoded = item(each);
      if (isLeft(decoded)) return left(`an array holding ${decoded.left}`);
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
    : left('a pair that is not [name, value]');
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
