import Deserializer from 'xmlrpc/lib/deserializer';
import { Either, left, right } from 'fp-ts/Either';
import {
  MAX_ELEMENT_DEPTH,
  INVALID_XML_CHARACTER,
  ParseError,
  repairMojibake,
} from '../../../../adapters/xmlrpc/parse-call';
import { MethodCall, WireValue } from '../../../../adapters/xmlrpc/wire-values';

/**
 * The REFERENCE for Folio's own methodCall reader: the parse the server used before it, the `xmlrpc`
 * package's deserializer (loose sax) with the server's extensions on top (typed values keep their
 * text, namespaced `ex:` types, a depth limit, XML-invalid characters refused, struct members in a
 * Map, the Latin-1 mojibake repair). Property tests check that both read every call alike.
 */
class Abort extends Error {}

/**
 * The `xmlrpc` package's deserializer, used as a codec with the changes real clients and hostile
 * input need: typed values keep their text, namespaced `ex:` types (Java extensions) are understood,
 * nesting is bounded, XML-invalid characters are refused, and struct members cannot touch prototypes.
 */
class FolioDeserializer extends Deserializer {
  depth = 0;
  /** PHP's xmlrpc extension declares ISO-8859-1 yet escapes each UTF-8 byte: see repairMojibake. */
  constructor(private readonly repairLatin1: boolean) {
    super('utf8');
  }

  override onOpentag(node: { name: string }): void {
    this.depth += 1;
    if (this.depth > MAX_ELEMENT_DEPTH)
      throw new Abort(`the request nests deeper than ${MAX_ELEMENT_DEPTH} elements`);
    super.onOpentag({ name: stripPrefix(node.name) });
  }

  override onText(text: string): void {
    if (INVALID_XML_CHARACTER.test(text))
      throw new Abort('the request holds a character that XML does not allow');
    super.onText(text);
  }

  override onCDATA(text: string): void {
    this.onText(text);
  }

  override onClosetag(name: string): void {
    this.depth -= 1;
    const data = this.data.join('');
    const element = stripPrefix(name);
    const typed = (value: WireValue): void => {
      this.push(value);
      this.value = false;
    };
    switch (element) {
      case 'INT':
      case 'I4':
      case 'I8':
        if (!/^\s*[+-]?\d{1,30}\s*$/.test(data)) throw new Abort(`'${data.slice(0, 40)}' is not an integer`);
        return typed({ kind: 'int', text: data.trim() });
      case 'DOUBLE':
        if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(data))
          throw new Abort(`'${data.slice(0, 40)}' is not a number`);
        return typed({ kind: 'double', text: data.trim() });
      case 'BOOLEAN': {
        const text = data.trim();
        if (text !== '0' && text !== '1') throw new Abort(`'${text.slice(0, 40)}' is not a boolean (0 or 1)`);
        return typed({ kind: 'boolean', value: text === '1' });
      }
      case 'STRING':
        return typed({ kind: 'string', value: this.text(data) });
      case 'BASE64':
        return typed({ kind: 'base64', bytes: Buffer.from(data.replace(/\s+/g, ''), 'base64') });
      case 'DATETIME.ISO8601':
        return typed({ kind: 'datetime', text: data.trim() });
      case 'NIL':
        return typed({ kind: 'nil' });
      case 'NAME':
        // Member names travel as plain strings on the stack until their struct closes.
        this.push(this.text(data));
        return;
      case 'ARRAY': {
        const mark = this.marks.pop() ?? 0;
        const items = this.stack.splice(mark) as WireValue[];
        return typed({ kind: 'array', items });
      }
      case 'STRUCT': {
        const mark = this.marks.pop() ?? 0;
        const flat = this.stack.splice(mark);
        const members = new Map<string, WireValue>();
        for (let index = 0; index + 1 < flat.length; index += 2)
          members.set(String(flat[index]), flat[index + 1] as WireValue);
        return typed({ kind: 'struct', members });
      }
      case 'VALUE':
        // A value with no type element is a string (Java and shell clients send them so).
        if (this.value) typed({ kind: 'string', value: this.text(data) });
        return;
      case 'METHODNAME':
        this.methodname = data.trim();
        return;
      case 'METHODCALL':
        this.type = 'methodcall';
        return;
      case 'PARAMS':
      case 'PARAM':
      case 'DATA':
      case 'MEMBER':
        return;
      default:
        throw new Abort(`unknown XML-RPC element <${element.toLowerCase()}>`);
    }
  }

  private text(data: string): string {
    return this.repairLatin1 ? repairMojibake(data) : data;
  }
}

const stripPrefix = (name: string): string => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

/** A methodCall text parsed the old way; `latin1` as the server decides it from the declaration. */
export const referenceParseCall = (text: string, latin1: boolean): Either<ParseError, MethodCall> => {
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    return left({ reason: 'document type declarations and entities are not accepted' });
  const deserializer = new FolioDeserializer(latin1);
  let outcome: Either<ParseError, MethodCall> | null = null;
  deserializer.callback = (error, stack) => {
    outcome ??=
      error !== null && error !== undefined
        ? left({ reason: `malformed XML-RPC request: ${error.message.split('\n')[0] ?? 'parse error'}` })
        : deserializer.type !== 'methodcall' || !deserializer.methodname
          ? left({ reason: 'the request is not an XML-RPC methodCall with a methodName' })
          : right({ methodName: deserializer.methodname, params: (stack ?? []) as WireValue[] });
  };
  try {
    deserializer.parser.write(text);
    deserializer.parser.end();
  } catch (error) {
    return left({ reason: error instanceof Abort ? error.message : 'malformed XML-RPC request' });
  }
  return outcome ?? left({ reason: 'malformed XML-RPC request: incomplete document' });
};
