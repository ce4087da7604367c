import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Either } from 'fp-ts/Either';
import { decodeRequestText, parseMethodCall, ParseError } from '../../../../adapters/xmlrpc/parse-call';
import { MethodCall } from '../../../../adapters/xmlrpc/wire-values';
import { checkProperty, SEED } from '../../../support/property';
import { repoRoot } from '../../../support/paths';
import { anyWireValue, applyMutation, arbitraryCall, mutation } from '../../../support/xmlrpc-arbitraries';
import { methodCall, WireParam } from '../../../support/xmlrpc-wire';
import { referenceParseCall } from './reference-parse-call';

/** The reference's reading of the same bytes: the same decoding and DTD check, then the old deserializer. */
const reference = (body: Buffer): Either<ParseError, MethodCall> => {
  const decoded = decodeRequestText(body);
  if (decoded._tag === 'Left') return decoded;
  if (/<!DOCTYPE|<!ENTITY/i.test(decoded.right.text))
    return { _tag: 'Left', left: { reason: 'document type declarations and entities are not accepted' } };
  return referenceParseCall(decoded.right.text, decoded.right.latin1);
};

/** Both refuse (for reasons that may be worded apart) or both read the very same call. */
const assertSameReading = (body: Buffer): void => {
  const ours = parseMethodCall(body);
  const theirs = reference(body);
  const label = `seed ${SEED}; body ${JSON.stringify(body.toString('latin1').slice(0, 400))}`;
  assert.equal(
    ours._tag,
    theirs._tag,
    `${label}: ours ${JSON.stringify(ours)}, reference ${JSON.stringify(theirs)}`,
  );
  if (ours._tag === 'Right' && theirs._tag === 'Right')
    assert.deepStrictEqual(ours.right, theirs.right, label);
};

/** Layout real clients add between elements: indentation, comments, processing instructions, CDATA-free. */
const layout = fc.constantFrom('', '\n  ', '\t', '<!-- note -->', '<?pi data?>', ' \r\n');

const spaced = (xml: string, gaps: readonly string[]): string => {
  let index = 0;
  return xml.replace(/></g, () => `>${gaps[index++ % gaps.length] ?? ''}<`);
};

const callText = fc
  .tuple(
    fc.constantFrom('api.getUserAccountBalance', 'system.multicall', 'api.x'),
    fc.array(anyWireValue, { maxLength: 4 }),
    fc.array(layout, { minLength: 1, maxLength: 4 }),
    fc.constantFrom('', '<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>'),
  )
  .map(
    ([name, values, gaps, declaration]: [string, WireParam[], string[], string]) =>
      declaration + spaced(methodCall(name, ...values).replace(/^<\?xml version="1.0"\?>/, ''), gaps),
  );

describe("Folio's methodCall reader against the xmlrpc package's deserializer (the reference)", () => {
  it('every generated request reads the same through both', () => {
    checkProperty(
      fc.property(callText, (text) => assertSameReading(Buffer.from(text, 'utf8'))),
      400,
    );
  });

  it('every generated request declared Latin-1 reads the same through both (mojibake repair included)', () => {
    checkProperty(
      fc.property(callText, (text) =>
        assertSameReading(
          Buffer.from(
            `<?xml version="1.0" encoding="ISO-8859-1"?>${text.replace(/^<\?xml[^>]*\?>/, '')}`,
            'latin1',
          ),
        ),
      ),
      200,
    );
  });

  it('a mutated request that Folio accepts, the reference reads the same way: Folio is never the more lenient', () => {
    checkProperty(
      fc.property(arbitraryCall, mutation, (text, change) => {
        const body = applyMutation(text, change);
        const ours = parseMethodCall(body);
        if (ours._tag === 'Left') return;
        const theirs = reference(body);
        assert.equal(
          theirs._tag,
          'Right',
          `seed ${SEED}: the reference refused what Folio read: ${body.toString('latin1')}`,
        );
        if (theirs._tag === 'Right') assert.deepStrictEqual(ours.right, theirs.right, `seed ${SEED}`);
      }),
      400,
    );
  });

  it('every recorded real-client body in test/fixtures/wire reads as a call, the same through both', () => {
    const folder = join(repoRoot(), 'test', 'fixtures', 'wire');
    const files = readdirSync(folder).filter((name) => name.endsWith('.xml'));
    assert.ok(files.length >= 8, 'the fixtures are there');
    for (const name of files) {
      const body = Buffer.from(
        readFileSync(join(folder, name), 'latin1').replace(/TOKEN/g, 'secret'),
        'latin1',
      );
      const ours = parseMethodCall(body);
      assert.equal(ours._tag, 'Right', `${name}: ${JSON.stringify(ours)}`);
      assertSameReading(body);
    }
  });
});

describe("Folio's methodCall reader: the guards", () => {
  const reason = (text: string): string => {
    const result = parseMethodCall(Buffer.from(text, 'utf8'));
    assert.equal(result._tag, 'Left', `refused: ${text}`);
    return result._tag === 'Left' ? result.left.reason : '';
  };
  const call = (value: string): string =>
    `<?xml version="1.0"?><methodCall><methodName>m</methodName><params><param>${value}</param></params></methodCall>`;

  it('refuses nesting deeper than 64 elements and reads 64', () => {
    const nested = (depth: number): string =>
      `<methodCall><methodName>m</methodName>${'<x>'.repeat(depth - 1)}${'</x>'.repeat(depth - 1)}</methodCall>`;
    assert.match(reason(nested(65)), /nests deeper than 64/);
    assert.match(reason(nested(64)), /unknown XML-RPC element <x>/);
  });

  it('refuses DTDs, unknown entities and characters XML forbids, as text or as references', () => {
    assert.match(reason(`<!DOCTYPE x>${call('<value>a</value>')}`), /document type/);
    assert.match(reason(call('<value>&eacute;</value>')), /entities are not accepted/);
    assert.match(reason(call('<value>a\u0001</value>')), /character that XML does not allow/);
    assert.match(reason(call('<value>&#1;</value>')), /character that XML does not allow/);
    assert.match(reason(call('<value>&#xD800;</value>')), /character that XML does not allow/);
    assert.match(reason(call('<value>&#x110000;</value>')), /character that XML does not allow/);
    assert.match(reason(call('<value><![CDATA[\u0000]]></value>')), /character that XML does not allow/);
  });

  it('refuses malformed XML instead of guessing: unmatched, unclosed, bare &', () => {
    assert.match(reason(call('<value><string>a</value>')), /unmatched closing tag/);
    assert.match(reason(call('<value>a').replace('</methodCall>', '')), /malformed|incomplete/);
    assert.match(reason(call('<value>AT&T</value>')), /bare &/);
  });

  it('refuses text after the root element and a second root; blanks and comments around the root are fine', () => {
    assert.match(reason(`${call('<value>a</value>')}garbage`), /text outside the root element/);
    assert.match(reason(`junk${call('<value>a</value>')}`), /text outside the root element/);
    assert.match(reason(`${call('<value>a</value>')}<methodCall/>`), /a second root element/);
    assert.match(reason(`${call('<value>a</value>')}${call('<value>b</value>')}`), /a second root element/);
    assert.equal(
      parseMethodCall(Buffer.from(`\n${call('<value>a</value>')}\n<!-- end -->\r\n`))._tag,
      'Right',
    );
  });

  it('refuses <int> and <i4> beyond 32 bits and reads both ends of the range; <i8> carries 64 bits', () => {
    for (const tag of ['int', 'i4']) {
      assert.match(reason(call(`<value><${tag}>2147483648</${tag}></value>`)), /beyond the 32 bits/);
      assert.match(reason(call(`<value><${tag}>-2147483649</${tag}></value>`)), /beyond the 32 bits/);
      assert.match(
        reason(call(`<value><${tag}>99999999999999999999</${tag}></value>`)),
        /beyond the 32 bits/,
      );
      for (const edge of ['2147483647', '-2147483648', '+0002147483647'])
        assert.equal(
          parseMethodCall(Buffer.from(call(`<value><${tag}>${edge}</${tag}></value>`)))._tag,
          'Right',
        );
    }
    assert.equal(
      parseMethodCall(Buffer.from(call('<value><i8>9007199254740993</i8></value>')))._tag,
      'Right',
    );
  });

  it('reads CDATA, comments, references, prefixes and attributes as XML means them', () => {
    const result = parseMethodCall(
      Buffer.from(
        call(
          '<value><![CDATA[<a&b>]]>&lt;&#233;&#x1F600;<!-- c --></value></param><param><value><ex:i8 xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions">0012</ex:i8></value>',
        ),
      ),
    );
    assert.deepStrictEqual(result, {
      _tag: 'Right',
      right: {
        methodName: 'm',
        params: [
          { kind: 'string', value: '<a&b><é😀' },
          { kind: 'int', text: '0012' },
        ],
      },
    });
  });

  it('keeps struct members in a Map, so __proto__ is only a name', () => {
    const result = parseMethodCall(
      Buffer.from(
        call('<value><struct><member><name>__proto__</name><value>x</value></member></struct></value>'),
      ),
    );
    assert.equal(result._tag, 'Right');
    const value = result._tag === 'Right' ? result.right.params[0] : undefined;
    assert.equal(value?.kind, 'struct');
    if (value?.kind === 'struct')
      assert.deepStrictEqual([...value.members], [['__proto__', { kind: 'string', value: 'x' }]]);
  });
});
