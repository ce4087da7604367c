import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPeriod, createBoundTracker, parseBound } from '../../../projections/ledger/bounds';

describe('log bounds', () => {
  it('reads positions, months, days and date-times (UTC unless an offset is given)', () => {
    assert.deepEqual(parseBound('42'), { _tag: 'Right', right: { kind: 'position', position: 42 } });
    assert.deepEqual(parseBound('0'), { _tag: 'Right', right: { kind: 'start' } });
    assert.deepEqual(parseBound('2024-03'), {
      _tag: 'Right',
      right: { kind: 'time', epochMs: Date.UTC(2024, 2, 1) },
    });
    assert.deepEqual(parseBound('2024-02-29'), {
      _tag: 'Right',
      right: { kind: 'time', epochMs: Date.UTC(2024, 1, 29) },
    });
    assert.deepEqual(parseBound('2024-03-01T12:30'), {
      _tag: 'Right',
      right: { kind: 'time', epochMs: Date.UTC(2024, 2, 1, 12, 30) },
    });
    assert.deepEqual(parseBound('2024-03-01T12:30:00+02:00'), {
      _tag: 'Right',
      right: { kind: 'time', epochMs: Date.UTC(2024, 2, 1, 10, 30) },
    });
    for (const bad of ['2023-02-29', 'yesterday', '2024-13', '-1', '1.5', ''])
      assert.equal(parseBound(bad)._tag, 'Left', bad);
  });

  it('cuts the log as a prefix: once an event is at or past the cut, every later one is too', () => {
    const before = createBoundTracker({ kind: 'time', epochMs: Date.UTC(2024, 0, 2) });
    const at = (position: number, recordedAt: string) => before({ position, recordedAt });
    assert.equal(at(1, '2024-01-01T23:59:59.999Z'), true);
    assert.equal(at(2, '2024-01-02T00:00:00.000Z'), false);
    // A clock that stepped back does not pull an event back before the cut.
    assert.equal(at(3, '2024-01-01T12:00:00.000Z'), false);
    const byPosition = createBoundTracker({ kind: 'position', position: 2 });
    assert.deepEqual(
      [1, 2, 3].map((position) => byPosition({ position, recordedAt: '' })),
      [true, true, false],
    );
  });

  it('refuses a period that ends before it starts', () => {
    assert.equal(
      checkPeriod({ kind: 'position', position: 9 }, { kind: 'position', position: 3 })._tag,
      'Left',
    );
    assert.equal(checkPeriod({ kind: 'time', epochMs: 1 }, { kind: 'time', epochMs: 1 })._tag, 'Right');
  });
});
