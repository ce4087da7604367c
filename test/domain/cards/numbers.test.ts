import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cardKey, isCardExpired, parseCardExpiry } from '../../../domain/cards/numbers';

describe('card numbers and expiry', () => {
  it('compares numbers without surrounding space or case', () => {
    assert.equal(cardKey('  Top-123 '), cardKey('TOP-123'));
  });

  it('reads a date as valid through that whole day (UTC)', () => {
    assert.deepEqual(parseCardExpiry('2026-06-30'), { _tag: 'Right', right: '2026-07-01T00:00:00.000Z' });
    assert.deepEqual(parseCardExpiry('2028-02-29'), { _tag: 'Right', right: '2028-03-01T00:00:00.000Z' });
  });

  it('takes an ISO time with a zone as the instant of expiry', () => {
    assert.deepEqual(parseCardExpiry('2026-06-30T18:00:00+02:00'), {
      _tag: 'Right',
      right: '2026-06-30T16:00:00.000Z',
    });
  });

  it('refuses impossible dates and times without a zone', () => {
    for (const text of ['2026-02-30', '2027-02-29', '30/06/2026', '2026-06-30T18:00:00', 'tomorrow'])
      assert.equal(parseCardExpiry(text)._tag, 'Left', text);
  });

  it('never expires without an expiry', () => {
    assert.deepEqual(parseCardExpiry(' '), { _tag: 'Right', right: '' });
    assert.equal(isCardExpired('', new Date('2999-01-01T00:00:00Z')), false);
    assert.equal(isCardExpired('2026-07-01T00:00:00.000Z', new Date('2026-07-01T00:00:00.000Z')), true);
  });
});
