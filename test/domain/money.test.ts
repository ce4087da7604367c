import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalMoney, formatMoney, moneyToDouble, MoneyCodec, parseMoney } from '../../domain/money';
import { checkProperty } from '../support/property';

const parsed = (text: string): bigint => {
  const result = parseMoney(text);
  assert.equal(result._tag, 'Right', `${text} should parse`);
  return result._tag === 'Right' ? result.right : 0n;
};

describe('money', () => {
  it('parses the decimal texts real clients send, exactly', () => {
    assert.equal(parsed('0.1'), 100_000n);
    assert.equal(parsed('-1.5'), -1_500_000n);
    assert.equal(parsed('0.100000'), 100_000n); // PHP's %f
    assert.equal(parsed('1.0E10'), 10_000_000_000_000_000n); // Java's Double.toString
    assert.equal(parsed('.5'), 500_000n);
    assert.equal(parsed('+3'), 3_000_000n);
    assert.equal(parsed('007'), 7_000_000n);
  });

  it('rounds beyond six places half to even', () => {
    assert.equal(parsed('0.0000005'), 0n);
    assert.equal(parsed('0.0000015'), 2n);
    assert.equal(parsed('0.0000025'), 2n);
    assert.equal(parsed('-0.0000035'), -4n);
    assert.equal(parsed('0.00000051'), 1n);
  });

  it('refuses what is not a number or is out of range', () => {
    for (const text of ['', '.', 'abc', '1,5', '1.2.3', 'NaN', 'Infinity', '0x10'])
      assert.equal(parseMoney(text)._tag, 'Left', text);
    assert.deepEqual(parseMoney('1e13'), { _tag: 'Left', left: { reason: 'out-of-range', text: '1e13' } });
  });

  it('ten additions of 0.1 make exactly 1.0', () => {
    let total = 0n;
    for (let i = 0; i < 10; i += 1) total += parsed('0.1');
    assert.equal(total, parsed('1'));
    assert.equal(moneyToDouble(total), 1);
  });

  it('formats amounts as plain decimal strings with at least two places', () => {
    assert.equal(formatMoney(1_234_500_000n), '1234.50');
    assert.equal(formatMoney(15_000n), '0.015');
    assert.equal(formatMoney(-3_000_000n), '-3.00');
    assert.equal(formatMoney(0n), '0.00');
  });

  it('canonical text round-trips through the event codec', () => {
    checkProperty(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), (micros) => {
        const text = MoneyCodec.encode(micros);
        assert.equal(text, canonicalMoney(micros));
        const decoded = MoneyCodec.decode(text);
        assert.equal(decoded._tag === 'Right' ? decoded.right : null, micros);
      }),
    );
  });

  it('the codec refuses non-canonical text, so a stored amount has one spelling', () => {
    for (const text of ['1.50', '01', '-0', '1.', '.5', '1e3', 1.5])
      assert.equal(MoneyCodec.decode(text)._tag, 'Left', String(text));
  });

  it('the wire double is the nearest double to the exact amount', () => {
    checkProperty(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), (cents) => {
        const micros = BigInt(cents) * 10_000n;
        assert.equal(moneyToDouble(micros), Number((cents / 100).toFixed(2)));
      }),
    );
  });
});
