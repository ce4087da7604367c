import { MethodCall, WireValue } from '../wire-values';
import { repairMojibake } from './mojibake';
import { INVALID_XML_CHARACTER } from './xml-characters';

/** Elements nested deeper than this are refused: a methodCall with a list of pairs needs 11. */
export const MAX_ELEMENT_DEPTH = 64;

/** Why a body is refused; thrown inside the parser only, and turned into a value at its edge. */
export class CallRefused extends Error {}

const refuse = (reason: string): never => {
  throw new CallRefused(reason);
};

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Entity and character references resolved. Only XML's five predefined entities exist here: there is
 * no DTD to define others, and one HTML name passed through as text would store the wrong string.
 */
const decodeReferences = (raw: string): string => {
  let out = '';
  let from = 0;
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', from)) {
    const semicolon = raw.indexOf(';', amp);
    if (semicolon < 0 || semicolon - amp > 12) return refuse('malformed XML-RPC request: a bare & in text');
    const name = raw.slice(amp + 1, semicolon);
    let character: string | undefined;
    if (name.startsWith('#')) {
      const hex = name[1] === 'x';
      const digits = name.slice(hex ? 2 : 1);
      if (!(hex ? /^[0-9a-fA-F]{1,6}$/ : /^[0-9]{1,7}$/).test(digits))
        return refuse(`malformed XML-RPC request: bad character reference &${name};`);
      const code = parseInt(digits, hex ? 16 : 10);
      if (code > 0x10ffff) return refuse('the request holds a character that XML does not allow');
      character = String.fromCodePoint(code);
    } else character = ENTITIES[name];
    if (character === undefined) return refuse('document type declarations and entities are not accepted');
    out += raw.slice(from, amp) + character;
    from = semicolon + 1;
  }
  return out + raw.slice(from);
};

const isNameCode = (code: number): boolean =>
  (code >= 0x61 && code <= 0x7a) ||
  (code >= 0x41 && code <= 0x5a) ||
  (code >= 0x30 && code <= 0x39) ||
  code === 0x5f ||
  code === 0x3a ||
  code === 0x2e ||
  code === 0x2d ||
  code >= 0x80;

const isSpaceCode = (code: number): boolean =>
  code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

const stripPrefix = (name: string): string => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

const INTEGER = /^\s*[+-]?\d{1,30}\s*$/;
const DOUBLE = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const SPACES = /\s+/g;
const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

/**
 * A methodCall document, parsed in one pass over its text. The value rules are those the server has
 * always applied on top of the `xmlrpc` package's deserializer (its reference in the tests): element
 * names are case-insensitive and their namespace prefix is ignored (Java's `ex:i8`, `ex:nil`); each
 * element's text is what was written since the last start tag; a value without a type element is a
 * string; numbers keep their text; struct members go into a Map, so no name reaches a prototype.
 * Unlike that loose parser, malformed XML (an unmatched or unclosed tag, a bare `&`) is refused rather
 * than guessed at.
 */
export const readCall = (text: string, repairLatin1: boolean): MethodCall => {
  const stack: (WireValue | string)[] = [];
  const marks: number[] = [];
  const open: string[] = [];
  let data = '';
  let inValue = false;
  let methodName: string | null = null;
  let isMethodCall = false;
  let rootSeen = false;
  const decoded = (raw: string): string => (repairLatin1 ? repairMojibake(raw) : raw);
  const typed = (value: WireValue): void => {
    stack.push(value);
    inValue = false;
  };

  const addText = (raw: string, references: boolean): void => {
    const content = references && raw.includes('&') ? decodeReferences(raw) : raw;
    if (INVALID_XML_CHARACTER.test(content)) refuse('the request holds a character that XML does not allow');
    // Only blanks may stand outside the root element: trailing garbage is not part of the call, so it is not ignored.
    if (open.length === 0 && content.trim() !== '')
      refuse('malformed XML-RPC request: text outside the root element');
    data += content;
  };

  const start = (name: string): void => {
    if (open.length >= MAX_ELEMENT_DEPTH)
      refuse(`the request nests deeper than ${MAX_ELEMENT_DEPTH} elements`);
    if (open.length === 0) {
      if (rootSeen) refuse('malformed XML-RPC request: a second root element');
      rootSeen = true;
    }
    open.push(name);
    const element = stripPrefix(name);
    if (element === 'ARRAY' || element === 'STRUCT') marks.push(stack.length);
    data = '';
    inValue = element === 'VALUE';
  };

  const end = (name: string): void => {
    if (open.pop() !== name)
      refuse(`malformed XML-RPC request: unmatched closing tag </${name.toLowerCase()}>`);
    const element = stripPrefix(name);
    switch (element) {
      case 'INT':
      case 'I4':
      case 'I8': {
        if (!INTEGER.test(data)) refuse(`'${data.slice(0, 40)}' is not an integer`);
        const digits = data.trim();
        // <int> and <i4> are 32-bit by the XML-RPC spec; only <i8> carries more.
        if (element !== 'I8' && (BigInt(digits) < INT32_MIN || BigInt(digits) > INT32_MAX))
          refuse(`'${digits}' is beyond the 32 bits of <${element.toLowerCase()}>`);
        return typed({ kind: 'int', text: digits });
      }
      case 'DOUBLE':
        if (!DOUBLE.test(data)) refuse(`'${data.slice(0, 40)}' is not a number`);
        return typed({ kind: 'double', text: data.trim() });
      case 'BOOLEAN': {
        const flag = data.trim();
        if (flag !== '0' && flag !== '1') refuse(`'${flag.slice(0, 40)}' is not a boolean (0 or 1)`);
        return typed({ kind: 'boolean', value: flag === '1' });
      }
      case 'STRING':
        return typed({ kind: 'string', value: decoded(data) });
      case 'BASE64':
        return typed({ kind: 'base64', bytes: Buffer.from(data.replace(SPACES, ''), 'base64') });
      case 'DATETIME.ISO8601':
        return typed({ kind: 'datetime', text: data.trim() });
      case 'NIL':
        return typed({ kind: 'nil' });
      case 'NAME':
        // Member names wait on the stack as plain strings until their struct closes.
        stack.push(decoded(data));
        return;
      case 'ARRAY': {
        const items = stack.splice(marks.pop() ?? 0);
        if (items.some((item) => typeof item === 'string'))
          refuse('malformed XML-RPC request: a <name> outside a struct');
        return typed({ kind: 'array', items: items as WireValue[] });
      }
      case 'STRUCT': {
        const flat = stack.splice(marks.pop() ?? 0);
        const members = new Map<string, WireValue>();
        for (let index = 0; index + 1 < flat.length; index += 2)
          members.set(String(flat[index]), flat[index + 1] as WireValue);
        return typed({ kind: 'struct', members });
      }
      case 'VALUE':
        // A value with no type element is a string (Java and shell clients send them so).
        if (inValue) typed({ kind: 'string', value: decoded(data) });
        return;
      case 'METHODNAME':
        methodName = data.trim();
        return;
      case 'METHODCALL':
        isMethodCall = true;
        return;
      case 'PARAMS':
      case 'PARAM':
      case 'DATA':
      case 'MEMBER':
        return;
      default:
        refuse(`unknown XML-RPC element <${element.toLowerCase()}>`);
    }
  };

  /** A start tag from `<` at `at`: its name, attributes (read and ignored: namespace declarations), `/>`. */
  const startTag = (at: number): number => {
    let position = at + 1;
    while (position < text.length && isNameCode(text.charCodeAt(position))) position += 1;
    if (position === at + 1) refuse('malformed XML-RPC request: a < that starts no tag');
    const name = text.slice(at + 1, position).toUpperCase();
    for (;;) {
      while (isSpaceCode(text.charCodeAt(position))) position += 1;
      const code = text.charCodeAt(position);
      if (code === 0x3e) {
        start(name);
        return position + 1;
      }
      if (code === 0x2f && text.charCodeAt(position + 1) === 0x3e) {
        start(name);
        end(name);
        return position + 2;
      }
      const attributeStart = position;
      while (position < text.length && isNameCode(text.charCodeAt(position))) position += 1;
      if (position === attributeStart) return refuse('malformed XML-RPC request: a broken start tag');
      while (isSpaceCode(text.charCodeAt(position))) position += 1;
      if (text.charCodeAt(position) !== 0x3d)
        refuse('malformed XML-RPC request: an attribute without a value');
      position += 1;
      while (isSpaceCode(text.charCodeAt(position))) position += 1;
      const quote = text[position];
      if (quote !== '"' && quote !== "'") return refuse('malformed XML-RPC request: an unquoted attribute');
      const close = text.indexOf(quote, position + 1);
      if (close < 0 || text.slice(position + 1, close).includes('<'))
        refuse('malformed XML-RPC request: a broken attribute');
      position = close + 1;
    }
  };

  let position = 0;
  while (position < text.length) {
    const lt = text.indexOf('<', position);
    if (lt < 0) {
      addText(text.slice(position), true);
      break;
    }
    if (lt > position) addText(text.slice(position, lt), true);
    const next = text.charCodeAt(lt + 1);
    if (next === 0x2f) {
      const gt = text.indexOf('>', lt);
      if (gt < 0) refuse('malformed XML-RPC request: incomplete document');
      const name = text.slice(lt + 2, gt).trimEnd();
      for (let index = 0; index < name.length; index += 1)
        if (!isNameCode(name.charCodeAt(index))) refuse('malformed XML-RPC request: a broken end tag');
      end(name.toUpperCase());
      position = gt + 1;
    } else if (next === 0x3f) {
      // A processing instruction, the XML declaration among them: nothing in one changes the call.
      const close = text.indexOf('?>', lt + 2);
      if (close < 0) refuse('malformed XML-RPC request: incomplete document');
      position = close + 2;
    } else if (text.startsWith('!--', lt + 1)) {
      const close = text.indexOf('-->', lt + 4);
      if (close < 0) refuse('malformed XML-RPC request: incomplete document');
      position = close + 3;
    } else if (text.startsWith('![CDATA[', lt + 1)) {
      const close = text.indexOf(']]>', lt + 9);
      if (close < 0) refuse('malformed XML-RPC request: incomplete document');
      addText(text.slice(lt + 9, close), false);
      position = close + 3;
    } else if (next === 0x21) {
      refuse('document type declarations and entities are not accepted');
    } else position = startTag(lt);
  }
  if (open.length > 0) refuse('malformed XML-RPC request: incomplete document');
  if (!isMethodCall || !methodName) refuse('the request is not an XML-RPC methodCall with a methodName');
  if (stack.some((item) => typeof item === 'string'))
    refuse('malformed XML-RPC request: a <name> outside a struct');
  return { methodName: methodName ?? '', params: stack as WireValue[] };
};
