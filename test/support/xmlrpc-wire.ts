import { Readable } from 'node:stream';
import Deserializer from 'xmlrpc/lib/deserializer';

/**
 * XML-RPC request bodies written by hand, so a test says exactly which types go on the wire
 * (`<double>5</double>` or `<int>5</int>`, typed or untyped strings) instead of a library guessing them.
 */
const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One `<value>…</value>`: build them with the helpers of `wire`. */
export type WireParam = { readonly xml: string };

export const wire = {
  string: (text: string): WireParam => ({ xml: `<value><string>${escapeXml(text)}</string></value>` }),
  untyped: (text: string): WireParam => ({ xml: `<value>${escapeXml(text)}</value>` }),
  int: (value: number | string): WireParam => ({ xml: `<value><int>${value}</int></value>` }),
  double: (text: string): WireParam => ({ xml: `<value><double>${text}</double></value>` }),
  boolean: (value: boolean): WireParam => ({ xml: `<value><boolean>${value ? 1 : 0}</boolean></value>` }),
  array: (...items: readonly WireParam[]): WireParam => ({
    xml: `<value><array><data>${items.map((item) => item.xml).join('')}</data></array></value>`,
  }),
  struct: (members: Readonly<Record<string, WireParam>>): WireParam => ({
    xml: `<value><struct>${Object.entries(members)
      .map(([name, value]) => `<member><name>${escapeXml(name)}</name>${value.xml}</member>`)
      .join('')}</struct></value>`,
  }),
};

/** A whole methodCall body. Plain strings are sent as `<string>`. */
export const methodCall = (method: string, ...params: readonly (WireParam | string)[]): string =>
  `<?xml version="1.0"?><methodCall><methodName>${escapeXml(method)}</methodName><params>${params
    .map((param) => `<param>${typeof param === 'string' ? wire.string(param).xml : param.xml}</param>`)
    .join('')}</params></methodCall>`;

export type DecodedReply =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'fault'; readonly faultCode: number; readonly faultString: string };

/** Decodes a methodResponse with the `xmlrpc` package's own client-side deserializer. */
export const decodeReply = (xml: string): Promise<DecodedReply> =>
  new Promise((resolve, reject) => {
    new Deserializer().deserializeMethodResponse(Readable.from([xml]), (error, value) => {
      if (error === null || error === undefined) return resolve({ kind: 'value', value });
      if (typeof error.faultCode === 'number')
        return resolve({ kind: 'fault', faultCode: error.faultCode, faultString: error.faultString ?? '' });
      reject(new Error(`not a methodResponse (${error.message}): ${xml.slice(0, 300)}`));
    });
  });
