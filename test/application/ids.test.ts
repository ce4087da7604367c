import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeOrderedIds } from '../../application/ids';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('time-ordered ids are UUID version 7, unique, and sort in the order they were made', () => {
  const ids = Array.from({ length: 20_000 }, () => timeOrderedIds());
  for (const id of ids) assert.match(id, UUID_V7);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual([...ids].sort(), ids);
});

test("a time-ordered id starts with the clock's milliseconds", () => {
  const before = Date.now();
  const id = timeOrderedIds();
  const millis = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
  // The counter may carry a burst of ids a few milliseconds ahead of the clock, never behind it.
  assert.ok(millis >= before && millis <= Date.now() + 1_000, `${millis} vs ${before}`);
});
