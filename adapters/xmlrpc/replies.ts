import { canonicalMoney, Money } from '../../domain/money';
import { Reply, ReplyDouble, ReplyText } from './codec/write-reply';

export type { Reply } from './codec/write-reply';
export { xmlSafe } from './codec/xml-characters';

/**
 * A string sent untyped (`<value>text</value>`), as the product sends strings: valid XML-RPC for every
 * library, and what hand-written shell clients extracting //value/text() rely on. The writer replaces
 * characters XML forbids, so any text can be given.
 */
export const replyString = (text: string): Reply => new ReplyText(text);

/** An amount as exact decimal text, so 5 goes out as `<double>5.0</double>`, never `<int>`. */
export const replyMoney = (amount: Money): Reply => {
  const text = canonicalMoney(amount);
  return new ReplyDouble(text.includes('.') ? text : `${text}.0`);
};

const INT32_MAX = 2 ** 31 - 1;

/** Only 32-bit ints go out as `<int>`: Java and .NET clients fail on anything wider. */
export const replyInt = (value: number): Reply => {
  if (!Number.isInteger(value) || value > INT32_MAX || value < -INT32_MAX - 1)
    throw new RangeError(`${value} does not fit a 32-bit int`);
  return value;
};

/** Return types of methods.tsv and how each is put on the wire. */
export const replies = {
  ok: (_value: true): Reply => true,
  b: (value: boolean): Reply => value,
  s: (value: string): Reply => replyString(value),
  d: (value: Money): Reply => replyMoney(value),
  i: (value: number): Reply => replyInt(value),
  'a[s]': (values: readonly string[]): Reply => values.map(replyString),
} as const;
