import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { openSqliteEventStore } from '../../../adapters/store/sqlite';
import { checkAsyncProperty } from '../../support/property';
import { proposedMany } from './fixtures';
import { openTemporarySqliteStore } from './sqlite-fixture';

type Step =
  | { readonly kind: 'ours'; readonly streams: readonly number[] }
  | { readonly kind: 'theirs'; readonly count: number }
  | { readonly kind: 'read'; readonly back: number; readonly maxCount: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  // Several appends issued together, so they may share a batch.
  fc.record({
    kind: fc.constant('ours' as const),
    streams: fc.array(fc.nat(2), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('theirs' as const), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({
    kind: fc.constant('read' as const),
    back: fc.integer({ min: 0, max: 12 }),
    maxCount: fc.integer({ min: 1, max: 8 }),
  }),
);

describe('embedded SQLite tail of recent events', () => {
  it('a page of the log reads the same from recent events as from the rows, whoever wrote them', () =>
    checkAsyncProperty(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const subject = await openTemporarySqliteStore();
        const other = openSqliteEventStore(subject.path);
        // A read-only store has no writer thread and so no tail: every page it serves is read from the rows.
        const rows = openSqliteEventStore(subject.path, { readonly: true });
        try {
          for (const current of steps) {
            if (current.kind === 'ours')
              await Promise.all(
                current.streams.map((stream) =>
                  subject.store.append(`ours-${stream}`, 'any', proposedMany(1 + stream)),
                ),
              );
            else if (current.kind === 'theirs')
              await other.append('theirs', 'any', proposedMany(current.count));
            else {
              const after = Math.max(0, (await rows.headPosition()) - current.back);
              assert.deepEqual(
                await subject.store.readAll(after, current.maxCount),
                await rows.readAll(after, current.maxCount),
                `readAll(${after}, ${current.maxCount})`,
              );
            }
          }
          assert.deepEqual(await subject.store.readAll(0, 1_000), await rows.readAll(0, 1_000));
        } finally {
          await rows.close();
          await other.close();
          await subject.cleanup();
        }
      }),
      25,
    ));
});
