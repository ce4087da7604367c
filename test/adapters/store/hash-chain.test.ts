import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalJson, hashEvent } from '../../../adapters/store/hash-chain';
import { checkProperty } from '../../support/property';

/**
 * The first canonicalJson, kept here as the reference: every stored hash was computed through it,
 * so the faster one must write the very same bytes for every value, quirks included.
 */
const referenceCanonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error('non-finite number in an event');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonicalJson(v)}`).join(',')}}`;
};

/** JSON values, with undefined members and elements (which JSON leaves out) and odd keys mixed in. */
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
  ),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 5 }),
    fc.dictionary(
      fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('a', 'B', 'é', '10', '2')),
      tie('node'),
      {
        maxKeys: 6,
      },
    ),
  ),
})).node;

describe('canonicalJson', () => {
  it('writes what the first version wrote, byte for byte', () => {
    checkProperty(
      fc.property(value, (input) => assert.equal(canonicalJson(input), referenceCanonicalJson(input))),
      500,
    );
  });

  it('sorts keys by UTF-16 code units at every level, and leaves undefined members out', () => {
    assert.equal(
      canonicalJson({ b: 1, a: [{ d: undefined, c: 'x' }, undefined], é: null, Z: true }),
      '{"Z":true,"a":[{"c":"x"},],"b":1,"é":null}',
    );
  });

  it('refuses a non-finite number', () => {
    assert.throws(() => canonicalJson({ a: [Number.POSITIVE_INFINITY] }), /non-finite/);
  });

  it('hashes an event as it always did', () => {
    const event = {
      eventId: '0190c5e0-0000-7000-8000-000000000001',
      type: 'UserAccountAdjusted',
      version: 1,
      recordedAt: '2026-12-02T17:00:00.000Z',
      data: { userId: 'u-1', amount: '0.010000', comment: 'bench' },
      metadata: { actor: 'admin', method: 'api.adjustUserAccountBalance', correlationId: 'c-1' },
      stream: 'user-u-1',
      revision: 3,
      previousHash: 'a'.repeat(64),
    };
    const reference = referenceCanonicalJson({
      previousHash: event.previousHash,
      eventId: event.eventId,
      stream: event.stream,
      revision: event.revision,
      type: event.type,
      version: event.version,
      recordedAt: event.recordedAt,
      data: event.data,
      metadata: event.metadata,
    });
    assert.equal(hashEvent(event), createHash('sha256').update(reference).digest('hex'));
  });
});
