import fc from 'fast-check';
import { MethodDefinition } from '../../adapters/xmlrpc/method';
import { ParamType } from '../../adapters/xmlrpc/params';
import { methodCall, wire, WireParam } from './xmlrpc-wire';

/**
 * fast-check arbitraries for XML-RPC requests: values of every type (and of none), calls built from the
 * method registry with right and wrong types and arities, and mutations of the bytes on the wire.
 */

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const raw = (xml: string): WireParam => ({ xml });

/** Names the seeded server knows, so that many calls reach the services rather than stop at "not found". */
export const KNOWN_NAMES = [
  'alice',
  'bob',
  'staff',
  'dept',
  'dept\\sub',
  '!!All Users!!',
  'full-name',
  'balance',
];

const anyText = fc.oneof(
  fc.constantFrom(...KNOWN_NAMES),
  fc.string({ maxLength: 30 }),
  fc.string({ maxLength: 30, unit: 'grapheme' }),
  // Any code point, lone surrogates and control characters included.
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    'NaN',
    'true',
    '__proto__',
    'constructor',
    '\\',
    '%s%n',
    '../../etc/passwd',
  ),
);

const numberText = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom(
    '99999999999999999999999',
    '-0',
    '0.0000001',
    '1e5',
    '12abc',
    '',
    ' 7 ',
    '0x10',
    '1,5',
    '5.',
  ),
);

const scalar: fc.Arbitrary<WireParam> = fc.oneof(
  anyText.map((text) => raw(`<value><string>${escape(text)}</string></value>`)),
  anyText.map((text) => raw(`<value>${escape(text)}</value>`)),
  numberText.map((text) => raw(`<value><int>${escape(text)}</int></value>`)),
  numberText.map((text) => raw(`<value><i4>${escape(text)}</i4></value>`)),
  numberText.map((text) => raw(`<value><i8>${escape(text)}</i8></value>`)),
  numberText.map((text) => raw(`<value><double>${escape(text)}</double></value>`)),
  fc.constantFrom('0', '1', '2', 'true', '').map((text) => raw(`<value><boolean>${text}</boolean></value>`)),
  fc
    .uint8Array({ maxLength: 40 })
    .map((bytes) => raw(`<value><base64>${Buffer.from(bytes).toString('base64')}</base64></value>`)),
  fc.constantFrom('!!!', '====', 'YQ').map((text) => raw(`<value><base64>${text}</base64></value>`)),
  anyText.map((text) => raw(`<value><dateTime.iso8601>${escape(text)}</dateTime.iso8601></value>`)),
  fc.constantFrom(
    raw('<value><nil/></value>'),
    raw('<value><ex:nil/></value>'),
    raw('<value/>'),
    raw('<value><unknown>x</unknown></value>'),
  ),
);

/** Any value, nested up to a few levels, including struct members with hostile names. */
export const anyWireValue: fc.Arbitrary<WireParam> = fc.letrec<{ value: WireParam }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }).map((items) => wire.array(...items)),
    fc
      .array(
        fc.tuple(fc.oneof(anyText, fc.constantFrom('__proto__', 'methodName', 'params')), tie('value')),
        { maxLength: 3 },
      )
      .map((members) =>
        raw(
          `<value><struct>${members.map(([name, value]) => `<member><name>${escape(name)}</name>${value.xml}</member>`).join('')}</struct></value>`,
        ),
      ),
  ),
})).value;

/** A value of the type a parameter declares, as a well-behaved client would send it. */
const valueOfType = (type: ParamType): fc.Arbitrary<WireParam> => {
  switch (type) {
    case 's':
      return anyText.map(wire.string);
    case 'i':
      return fc.integer({ min: -5, max: 1_000 }).map(wire.int);
    case 'd':
      return fc.oneof(
        fc.integer({ min: -100_000, max: 100_000 }).map((cents) => wire.double((cents / 100).toFixed(2))),
        numberText.map(wire.double),
      );
    case 'b':
      return fc.boolean().map(wire.boolean);
    case 'a[s]':
      return fc.array(anyText.map(wire.string), { maxLength: 5 }).map((items) => wire.array(...items));
    case 'a[[s,s]]':
      return fc
        .array(fc.tuple(anyText, anyText), { maxLength: 4 })
        .map((pairs) =>
          wire.array(...pairs.map(([name, value]) => wire.array(wire.string(name), wire.string(value)))),
        );
  }
};

/**
 * A call to a registered method: the right parameters, then perhaps one dropped, one added, or one
 * replaced by a value of any type. The token is the given one, or (rarely) something else.
 */
export const registryCall = (methods: readonly MethodDefinition[], token: string): fc.Arbitrary<string> =>
  fc
    .constantFrom(...methods)
    .chain((method) =>
      fc.tuple(
        fc.constant(method),
        fc.tuple(...method.params.map((param) => valueOfType(param.type))),
        fc.oneof(
          { weight: 5, arbitrary: fc.constant(wire.string(token)) },
          { weight: 1, arbitrary: anyWireValue },
        ),
        fc.constantFrom('as-declared', 'drop-last', 'add-one', 'replace-one', 'no-token'),
        anyWireValue,
        fc.nat(),
      ),
    )
    .map(([method, params, tokenParam, arity, extra, index]) => {
      let values: WireParam[] = [...params];
      if (arity === 'drop-last') values = values.slice(0, -1);
      if (arity === 'add-one') values.push(extra);
      if (arity === 'replace-one' && values.length > 0) values[index % values.length] = extra;
      const withToken = method.authenticated && arity !== 'no-token' ? [tokenParam, ...values] : values;
      return methodCall(method.name, ...withToken);
    });

/** A call to anything: system methods, unknown names, any values. */
export const arbitraryCall: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(fc.constantFrom('system.listMethods', 'system.multicall', 'api.', ''), anyText),
    fc.array(anyWireValue, { maxLength: 5 }),
  )
  .map(([name, values]) => methodCall(name, ...values));

/** Deep nesting and long strings: bounded so that the body stays under the cap, which other tests cover. */
export const heavyCall = (token: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc
      .integer({ min: 1, max: 200 })
      .map(
        (depth) =>
          `<?xml version="1.0"?><methodCall><methodName>api.getUserProperties</methodName><params><param><value>${token}</value></param><param>` +
          '<value><array><data>'.repeat(depth) +
          '</data></array></value>'.repeat(depth) +
          '</param></params></methodCall>',
      ),
    fc
      .integer({ min: 1, max: 900_000 })
      .map((length) => methodCall('api.setUserProperty', token, 'alice', 'notes', 'n'.repeat(length))),
    fc
      .integer({ min: 1, max: 20_000 })
      .map((count) =>
        methodCall(
          'api.getUserProperties',
          token,
          'alice',
          wire.array(...Array.from({ length: count }, () => wire.string('full-name'))),
        ),
      ),
  );

export type Mutation =
  | { readonly kind: 'none' }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'flip'; readonly at: number; readonly byte: number }
  | { readonly kind: 'encoding'; readonly as: 'latin1' | 'utf16le' | 'declared-latin1' | 'declared-utf16' };

const JUNK = [
  '<',
  '>',
  '&',
  '&amp',
  '&#0;',
  '&#xD800;',
  ']]>',
  '<!DOCTYPE x [<!ENTITY a "b">]>',
  '<?pi?>',
  '\u0000',
  '\uFFFE',
  '<value>',
  '</params>',
  '<![CDATA[',
  '"',
  "'",
];

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 10, arbitrary: fc.constant({ kind: 'none' as const }) },
  fc.nat().map((at) => ({ kind: 'truncate' as const, at })),
  fc
    .tuple(fc.nat(), fc.integer({ min: 1, max: 40 }))
    .map(([at, length]) => ({ kind: 'delete' as const, at, length })),
  fc
    .tuple(fc.nat(), fc.oneof(fc.constantFrom(...JUNK), fc.string({ maxLength: 8, unit: 'binary' })))
    .map(([at, text]) => ({ kind: 'insert' as const, at, text })),
  fc
    .tuple(fc.nat(), fc.integer({ min: 0, max: 255 }))
    .map(([at, byte]) => ({ kind: 'flip' as const, at, byte })),
  fc
    .constantFrom('latin1', 'utf16le', 'declared-latin1', 'declared-utf16')
    .map((as) => ({ kind: 'encoding' as const, as })),
);

/** The bytes actually sent: the call's UTF-8, mutated. */
export const applyMutation = (body: string, change: Mutation): Buffer => {
  const bytes = Buffer.from(body, 'utf8');
  const at = (index: number) => (bytes.length === 0 ? 0 : index % bytes.length);
  switch (change.kind) {
    case 'none':
      return bytes;
    case 'truncate':
      return bytes.subarray(0, at(change.at));
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at(change.at)), bytes.subarray(at(change.at) + change.length)]);
    case 'insert':
      return Buffer.concat([
        bytes.subarray(0, at(change.at)),
        Buffer.from(change.text, 'utf8'),
        bytes.subarray(at(change.at)),
      ]);
    case 'flip': {
      const copy = Buffer.from(bytes);
      if (copy.length > 0) copy[at(change.at)] = change.byte;
      return copy;
    }
    case 'encoding':
      switch (change.as) {
        case 'latin1':
          return Buffer.from(body, 'latin1');
        case 'utf16le':
          return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]);
        case 'declared-latin1':
          return Buffer.from(
            body.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>'),
            'latin1',
          );
        case 'declared-utf16':
          return Buffer.from(
            body.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>'),
            'utf8',
          );
      }
  }
};
