import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  Reply,
  ReplyDouble,
  ReplyText,
  UnwritableReply,
  writeFault,
  writeResponse,
} from '../../../../adapters/xmlrpc/codec/write-reply';
import { xmlSafe } from '../../../../adapters/xmlrpc/replies';
import { checkAsyncProperty, SEED } from '../../../support/property';
import { decodeReply } from '../../../support/xmlrpc-wire';

/** A reply and what the stock xmlrpc client must make of it. */
type Case = { readonly reply: Reply; readonly expected: unknown };

const anyText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.constantFrom('', ' ', 'a&b<c>d', 'line\r\nnext', ']]>', '\u0001', '\uD800', '\uFFFE'),
);

const scalar: fc.Arbitrary<Case> = fc.oneof(
  anyText.map((text) => ({ reply: new ReplyText(text), expected: xmlSafe(text) })),
  fc
    .tuple(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.integer({ min: 0, max: 6 }))
    .map(([units, places]) => {
      const text = places === 0 ? `${units}.0` : (units / 10 ** places).toFixed(places);
      return { reply: new ReplyDouble(text), expected: Number(text) };
    }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((value) => ({ reply: value, expected: value })),
  fc.boolean().map((value) => ({ reply: value, expected: value })),
);

/** Member names as replies use them; __proto__ is left out only because the stock client cannot hold it. */
const memberName = anyText.filter((name) => name !== '__proto__');

const anyCase: fc.Arbitrary<Case> = fc.letrec<{ value: Case }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }).map((items) => ({
      reply: items.map((item) => item.reply),
      expected: items.map((item) => item.expected),
    })),
    fc
      .uniqueArray(fc.tuple(memberName, tie('value')), { maxLength: 4, selector: ([name]) => xmlSafe(name) })
      .map((members) => ({
        reply: Object.fromEntries(members.map(([name, item]) => [name, item.reply])),
        expected: Object.fromEntries(members.map(([name, item]) => [xmlSafe(name), item.expected])),
      })),
  ),
})).value;

describe("Folio's reply writer against the xmlrpc package's client deserializer (the reference)", () => {
  it('every reply it writes parses to the same value with the stock client', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(anyCase, async ({ reply, expected }) => {
        const xml = writeResponse(reply);
        const decoded = await decodeReply(xml);
        assert.deepStrictEqual(decoded, { kind: 'value', value: expected }, `seed ${SEED}: ${xml}`);
      }),
      300,
    );
  });

  it('every fault it writes parses to the same code and text, faultString first as Apache XML-RPC sends it', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), anyText, async (code, text) => {
        const xml = writeFault(code, text);
        assert.deepStrictEqual(
          await decodeReply(xml),
          { kind: 'fault', faultCode: code, faultString: xmlSafe(text) },
          `seed ${SEED}: ${xml}`,
        );
        assert.ok(xml.indexOf('<name>faultString</name>') < xml.indexOf('<name>faultCode</name>'));
      }),
      200,
    );
  });

  it('writes strings untyped, doubles from their text and ints as <int>', () => {
    assert.equal(
      writeResponse([new ReplyText('a'), new ReplyDouble('5.0'), 7, true]),
      '<?xml version="1.0"?><methodResponse><params><param><value><array><data><value>a</value>' +
        '<value><double>5.0</double></value><value><int>7</int></value><value><boolean>1</boolean></value>' +
        '</data></array></value></param></params></methodResponse>',
    );
  });

  it('refuses what no client can read: nil, undefined, bigint, ints beyond 32 bits, NaN, non-decimal doubles', () => {
    const unwritable: unknown[] = [
      null,
      undefined,
      10n,
      2 ** 31,
      -(2 ** 31) - 1,
      Number.NaN,
      Infinity,
      1e-7,
      new ReplyDouble('1e5'),
      new ReplyDouble(''),
      new Date(0),
      [[[null]]],
    ];
    for (const value of unwritable)
      assert.throws(() => writeResponse(value as Reply), UnwritableReply, String(value));
    let deep: Reply = true;
    for (let level = 0; level < 40; level += 1) deep = [deep];
    assert.throws(() => writeResponse(deep), UnwritableReply, 'too deep');
  });
});
