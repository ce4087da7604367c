import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as t from 'io-ts';
import { compileCodec, REFUSED } from '../../application/compiled-codec';
import { EventMetadataCodec } from '../../domain/envelope';
import { ALL_EVENT_DEFINITIONS } from '../../domain/events';
import { encodeSnapshot } from '../../projections/read-model';
import { checkProperty } from '../support/property';

interface Tagged {
  readonly _tag?: string;
  readonly props?: Record<string, t.Mixed>;
  readonly types?: readonly t.Mixed[];
  readonly type?: t.Mixed;
  readonly value?: unknown;
  readonly keys?: Record<string, unknown>;
}

/** Anything a stored payload might hold where it should not. */
const stray: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.boolean(),
  fc.constantFrom('', '1.5', '-0', '01', 'x'),
  fc.constant([]),
  fc.constant({}),
);

/**
 * Values shaped by a codec, mostly valid, sometimes wrong at one node: a missing or extra key, a
 * value of the wrong type, money text that is not canonical. Both decoders must agree on all of them.
 */
const near = (codec: t.Mixed, depth = 0): fc.Arbitrary<unknown> => {
  const node = codec as unknown as Tagged;
  const valid = ((): fc.Arbitrary<unknown> => {
    switch (node._tag) {
      case 'InterfaceType':
      case 'PartialType': {
        const props = node.props ?? {};
        const entries = Object.entries(props).map(([key, prop]) =>
          fc.tuple(fc.constant(key), near(prop, depth + 1), fc.nat(9)),
        );
        return fc
          .tuple(fc.tuple(...entries), fc.option(fc.tuple(fc.constantFrom('extra', 'ip'), stray)))
          .map(([values, extra]) => {
            const record: Record<string, unknown> = {};
            // A key is left out now and then (allowed for a partial, an error for a type).
            for (const [key, value, roll] of values) if (roll > 0) record[key] = value;
            if (extra !== null) record[extra[0]] = extra[1];
            return record;
          });
      }
      case 'IntersectionType':
        return fc
          .tuple(...(node.types ?? []).map((member) => near(member, depth + 1)))
          .map((parts) => Object.assign({}, ...parts.filter((part) => typeof part === 'object')) as unknown);
      case 'ExactType':
      case 'RefinementType':
      case 'ReadonlyType':
        return near(node.type as t.Mixed, depth + 1);
      case 'ArrayType':
        return depth > 6
          ? fc.constant([])
          : fc.array(near(node.type as t.Mixed, depth + 1), { maxLength: 3 });
      case 'UnionType':
        return fc.oneof(...(node.types ?? []).map((member) => near(member, depth + 1)));
      case 'LiteralType':
        return fc.constant(node.value);
      case 'KeyofType':
        return fc.constantFrom(...Object.keys(node.keys ?? {}), 'not-a-key');
      case 'StringType':
        return fc.oneof(
          fc.string({ maxLength: 8 }),
          fc.constantFrom('system:print-revenue:p-1', 'system:x y'),
        );
      case 'NumberType':
        return fc.oneof(fc.integer(), fc.double());
      case 'BooleanType':
        return fc.boolean();
      default:
        // Money and other custom types: canonical and non-canonical decimal text, and non-text.
        return fc.oneof(
          fc
            .bigInt({ min: -(10n ** 13n), max: 10n ** 13n })
            .map((micros) => (Number(micros) / 1e6).toString()),
          fc.constantFrom('0', '-1.5', '12.015', '1.50', '-0', '1e3', '.5', 'abc'),
          fc.integer(),
        );
    }
  })();
  return fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: stray });
};

const agree = (codec: t.Mixed, name: string): void => {
  const compiled = compileCodec(codec);
  checkProperty(
    fc.property(near(codec), (value) => {
      const expected = codec.decode(value);
      const actual = compiled(value);
      if (expected._tag === 'Left')
        assert.equal(actual, REFUSED, `${name}: io-ts refuses ${encodeSnapshot(value)}`);
      else {
        assert.notEqual(actual, REFUSED, `${name}: io-ts accepts ${encodeSnapshot(value)}`);
        // Byte-equal canonical JSON: the same values and the same key order, which snapshots keep.
        assert.equal(encodeSnapshot(actual), encodeSnapshot(expected.right), name);
      }
    }),
    40,
  );
};

describe('compiled codecs decode exactly as io-ts does', () => {
  it('every event payload codec accepts and refuses the same values, with the same result', () => {
    for (const definition of ALL_EVENT_DEFINITIONS)
      agree(definition.data, `${definition.type}.v${definition.version}`);
  });

  it('the metadata codec too', () => agree(EventMetadataCodec, 'metadata'));

  it('never changes the value it decodes (a store may hand out the same object twice)', () => {
    const definition = ALL_EVENT_DEFINITIONS.find((each) => each.type === 'UserBalanceAdjusted');
    assert.ok(definition !== undefined);
    const stored = {
      userId: 'u-1',
      account: '',
      transferId: 't-1',
      amount: '1.5',
      balanceAfter: '3',
      counterAccount: 'system:adjustments',
      cause: 'admin-adjustment',
      comment: '',
    };
    const before = JSON.stringify(stored);
    const decoded = compileCodec(definition.data)(stored) as Record<string, unknown>;
    assert.equal(decoded.amount, 1_500_000n);
    assert.equal(JSON.stringify(stored), before);
  });
});
