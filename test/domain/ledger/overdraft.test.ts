import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { overdraftModeName, overdraftSettingFor } from '../../../domain/ledger/overdraft';
import { disabledUntil } from '../../../domain/properties';

describe('overdraft modes', () => {
  it('switching to individual keeps the limit in force: the current individual amount, else the site default', () => {
    assert.deepEqual(overdraftSettingFor('INDIVIDUAL', { mode: 'default' }, 5_000_000n), {
      _tag: 'Right',
      right: { mode: 'individual', amount: 5_000_000n },
    });
    assert.deepEqual(overdraftSettingFor('individual', { mode: 'individual', amount: 2n }, 5_000_000n), {
      _tag: 'Right',
      right: { mode: 'individual', amount: 2n },
    });
    assert.deepEqual(overdraftSettingFor(' default ', { mode: 'individual', amount: 2n }, 0n), {
      _tag: 'Right',
      right: { mode: 'default' },
    });
  });

  it('refuses another mode, naming what it accepts', () => {
    const refused = overdraftSettingFor('generous', { mode: 'default' }, 0n);
    assert.equal(
      refused._tag === 'Left' && refused.left.code === 'InvalidValue' && refused.left.expected,
      'individual or default',
    );
  });

  it('names the mode as the API does', () => {
    assert.equal(overdraftModeName({ mode: 'default' }), 'default');
    assert.equal(overdraftModeName({ mode: 'individual', amount: 0n }), 'individual');
  });
});

describe('disabling for a number of minutes', () => {
  const now = new Date('2026-11-27T10:00:00.000Z');

  it('-1 is until re-enabled, 0 enables again, otherwise minutes from now', () => {
    assert.deepEqual(disabledUntil(now, -1), { _tag: 'Right', right: '' });
    assert.deepEqual(disabledUntil(now, 0), { _tag: 'Right', right: null });
    assert.deepEqual(disabledUntil(now, 90), { _tag: 'Right', right: '2026-11-27T11:30:00.000Z' });
  });

  it('refuses anything below -1, beyond a hundred years or not a whole number', () => {
    for (const minutes of [-2, 1.5, Number.NaN, 999_999_999_999_999])
      assert.equal(disabledUntil(now, minutes)._tag, 'Left', String(minutes));
  });
});
