import { parseMoney, Money } from '../../domain/money';

/** Money from decimal text, for readable tests: money('12.50'). Throws on text a test should never hold. */
export const money = (text: string): Money => {
  const parsed = parseMoney(text);
  if (parsed._tag === 'Left') throw new Error(`not an amount: ${text}`);
  return parsed.right;
};
