import { escapeText } from './xml-characters';

/** A string sent untyped (`<value>text</value>`), as the product sends strings. */
export class ReplyText {
  constructor(readonly text: string) {}
}

/** A `<double>` written from decimal text as given, never through a binary float. */
export class ReplyDouble {
  constructor(readonly text: string) {}
}

export type Reply =
  boolean | number | ReplyText | ReplyDouble | readonly Reply[] | { readonly [key: string]: Reply };

/** Replies nest a few levels; anything deeper is a bug, refused before it could overflow the stack. */
const MAX_REPLY_DEPTH = 32;
const INT32_MAX = 2 ** 31 - 1;
const DOUBLE_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** Why a reply cannot be written; the caller answers with a fixed fault instead. */
export class UnwritableReply extends Error {}

const value = (reply: Reply, depth: number): string => {
  if (depth > MAX_REPLY_DEPTH) throw new UnwritableReply('the reply nests too deeply');
  if (reply instanceof ReplyText) return `<value>${escapeText(reply.text)}</value>`;
  if (reply instanceof ReplyDouble) {
    if (!DOUBLE_TEXT.test(reply.text)) throw new UnwritableReply(`'${reply.text}' is not a decimal`);
    return `<value><double>${reply.text}</double></value>`;
  }
  switch (typeof reply) {
    case 'boolean':
      return reply ? '<value><boolean>1</boolean></value>' : '<value><boolean>0</boolean></value>';
    case 'number':
      // Java and .NET clients fail on an <int> beyond 32 bits, and no client reads NaN or an exponent.
      if (Number.isInteger(reply) && reply <= INT32_MAX && reply >= -INT32_MAX - 1)
        return `<value><int>${reply}</int></value>`;
      if (Number.isFinite(reply) && !Number.isInteger(reply) && DOUBLE_TEXT.test(String(reply)))
        return `<value><double>${reply}</double></value>`;
      throw new UnwritableReply(`${reply} is not a 32-bit int or a plain double`);
    case 'object': {
      if (Array.isArray(reply)) {
        let items = '';
        for (const item of reply as readonly Reply[]) items += value(item, depth + 1);
        return `<value><array><data>${items}</data></array></value>`;
      }
      // Only a plain object is a struct: a Date, a Map or a class instance would go out as an empty one.
      if (reply === null || Object.getPrototypeOf(reply) !== Object.prototype) break;
      let members = '';
      for (const name of Object.keys(reply)) {
        const member = (reply as { readonly [key: string]: Reply })[name] as Reply;
        members += `<member><name>${escapeText(name)}</name>${value(member, depth + 1)}</member>`;
      }
      return `<value><struct>${members}</struct></value>`;
    }
    default:
      break;
  }
  // nil, undefined, bigint, a Date: XML-RPC has no type every client reads (Ruby and Java fail on nil).
  throw new UnwritableReply(`a ${typeof reply} cannot go into a reply`);
};

const HEAD = '<?xml version="1.0"?>';

/** A methodResponse holding one value; throws UnwritableReply for what XML-RPC cannot carry. */
export const writeResponse = (reply: Reply): string =>
  `${HEAD}<methodResponse><params><param>${value(reply, 0)}</param></params></methodResponse>`;

/**
 * A fault: `faultString` before `faultCode`, the order PaperCut's Apache XML-RPC server writes, with
 * the text untyped like every other string. Cannot fail: the code is an int and the text is escaped.
 */
export const writeFault = (faultCode: number, faultString: string): string =>
  `${HEAD}<methodResponse><fault><value><struct><member><name>faultString</name><value>${escapeText(faultString)}</value></member>` +
  `<member><name>faultCode</name><value><int>${Math.trunc(faultCode) | 0}</int></value></member></struct></value></fault></methodResponse>`;
