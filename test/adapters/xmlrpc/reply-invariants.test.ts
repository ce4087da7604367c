import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertReplyInvariants, RawResponse } from '../../support/raw-http-client';

const reply = (value: string, headers: Record<string, string> = {}): RawResponse => {
  const text = `<?xml version="1.0"?><methodResponse><params><param>${value}</param></params></methodResponse>`;
  const body = Buffer.from(text, 'utf8');
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', 'content-length': String(body.length), ...headers },
    body,
    text,
    connection: 1,
  };
};

/** The checks every test reply goes through must themselves be able to fail. */
describe('the reply invariants the raw client checks', () => {
  it('accept a well-formed reply with untyped strings, 32-bit ints and doubles', () => {
    assertReplyInvariants(
      reply(
        '<value><array><data><value>text</value><value><int>-2147483648</int></value><value><double>5.0</double></value></data></array></value>',
      ),
    );
  });

  for (const [what, value] of [
    ['<nil/>', '<value><nil/></value>'],
    ['<i8>', '<value><i8>1</i8></value>'],
    ['an <int> beyond 32 bits', '<value><int>2147483648</int></value>'],
    ['an <i4> beyond 32 bits', '<value><i4>-2147483649</i4></value>'],
    ['a typed <string>', '<value><string>text</string></value>'],
    ['a raw control character', '<value>bell\u0001</value>'],
    ['a character reference to a control character', '<value>bell&#1;</value>'],
    ['a hexadecimal reference to U+FFFE', '<value>&#xFFFE;</value>'],
  ] as const)
    it(`reject ${what}`, () => assert.throws(() => assertReplyInvariants(reply(value))));

  it('reject a reply without a Content-Length, or with a wrong one', () => {
    const missing = reply('<value>x</value>');
    const { 'content-length': _dropped, ...headers } = missing.headers;
    assert.throws(() => assertReplyInvariants({ ...missing, headers }));
    assert.throws(() => assertReplyInvariants(reply('<value>x</value>', { 'content-length': '3' })));
  });
});
