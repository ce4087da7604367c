import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { adjustCost, priceJob } from '../../../domain/jobs/pricing';
import { parseMoney } from '../../../domain/money';
import { FREE, Printer } from '../../../domain/printers/state';
import { checkProperty } from '../../support/property';

const money = (text: string): bigint => {
  const parsed = parseMoney(text);
  if (parsed._tag === 'Left') throw new Error(text);
  return parsed.right;
};

const printer = (costPerPage: string, grayscaleDiscount = '0', duplexDiscount = '0'): Printer => ({
  printerId: 'p-1',
  server: 'srv',
  printer: 'Lab-1',
  source: 'job',
  deleted: false,
  customFields: {},
  costModel: 'SIMPLE',
  simple: {
    costPerPage: money(costPerPage),
    grayscaleDiscount: money(grayscaleDiscount),
    duplexDiscount: money(duplexDiscount),
  },
  groups: [],
  accessGroupIds: [],
  disabledUntil: '',
  virtual: false,
  advancedConfig: {},
});

const price = (p: Printer, totalPages: number, colorPages: number, copies: number, duplex: boolean) =>
  priceJob(p, { totalPages, colorPages, copies, duplex });

describe('SIMPLE pricing', () => {
  it('every page of every copy at the cost per page', () =>
    assert.deepEqual(price(printer('0.10'), 10, 10, 3, false), { _tag: 'Right', right: money('3.00') }));

  it('grayscale pages get the grayscale discount, colour pages do not', () =>
    // 4 colour × 0.20 + 6 grayscale × (0.20 − 0.15) = 0.80 + 0.30
    assert.deepEqual(price(printer('0.20', '0.15'), 10, 4, 1, false), {
      _tag: 'Right',
      right: money('1.10'),
    }));

  it('a duplex job gets the duplex discount on every page', () =>
    // 2 colour × (0.20 − 0.05) + 2 grayscale × (0.20 − 0.15 − 0.05) = 0.30 + 0
    assert.deepEqual(price(printer('0.20', '0.15', '0.05'), 4, 2, 1, true), {
      _tag: 'Right',
      right: money('0.30'),
    }));

  it('a page never costs less than zero', () =>
    assert.deepEqual(price(printer('0.10', '0.50', '0.50'), 10, 5, 2, true), { _tag: 'Right', right: 0n }));

  it('sub-cent prices stay exact', () =>
    assert.deepEqual(price(printer('0.015'), 333, 0, 3, false), { _tag: 'Right', right: money('14.985') }));

  it('other cost models are not priced', () =>
    assert.deepEqual(price({ ...printer('0.10'), costModel: 'AREA' }, 1, 0, 1, false), {
      _tag: 'Left',
      left: { code: 'JobNotPriceable', printer: 'srv\\Lab-1', model: 'AREA' },
    }));

  it('a free printer charges nothing', () =>
    assert.deepEqual(price({ ...printer('0'), simple: FREE }, 100, 50, 10, true), {
      _tag: 'Right',
      right: 0n,
    }));

  it('price is never negative and grows with copies (any parameters)', () =>
    checkProperty(
      fc.property(
        fc.bigInt({ min: 0n, max: 10_000_000n }),
        fc.bigInt({ min: 0n, max: 10_000_000n }),
        fc.bigInt({ min: 0n, max: 10_000_000n }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 100 }),
        fc.boolean(),
        (cost, gray, duplex, a, b, copies, isDuplex) => {
          const p = {
            ...printer('0'),
            simple: { costPerPage: cost, grayscaleDiscount: gray, duplexDiscount: duplex },
          };
          const total = Math.max(a, b);
          const colour = Math.min(a, b);
          const one = price(p, total, colour, 1, isDuplex);
          const many = price(p, total, colour, copies, isDuplex);
          assert.ok(one._tag === 'Right' && many._tag === 'Right');
          assert.ok(one.right >= 0n);
          assert.equal(many.right, one.right * BigInt(copies));
          assert.ok(one.right <= cost * BigInt(total));
        },
      ),
    ));
});

describe('cost adjustment', () => {
  it('100 percent leaves the price alone; 50 halves it; 0 makes it free; 150 adds half', () => {
    assert.equal(adjustCost(money('1.30'), '100'), money('1.30'));
    assert.equal(adjustCost(money('1.30'), '50'), money('0.65'));
    assert.equal(adjustCost(money('1.30'), '0'), 0n);
    assert.equal(adjustCost(money('1.30'), '150'), money('1.95'));
  });

  it('rounds half to even at the sixth decimal place', () => {
    assert.equal(adjustCost(1n, '50'), 0n); // 0.5 micro → 0
    assert.equal(adjustCost(3n, '50'), 2n); // 1.5 micros → 2
    assert.equal(adjustCost(5n, '50'), 2n); // 2.5 micros → 2
    assert.equal(adjustCost(1n, '75'), 1n); // 0.75 micro → 1
  });

  it('a fractional rate is exact', () => assert.equal(adjustCost(money('2.00'), '87.5'), money('1.75')));
});
