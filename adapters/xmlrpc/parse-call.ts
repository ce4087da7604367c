import { Either, left, right } from 'fp-ts/Either';
import { CallRefused, readCall } from './codec/read-call';
import { MethodCall } from './wire-values';

export { MAX_ELEMENT_DEPTH } from './codec/read-call';
export { repairMojibake } from './codec/mojibake';
export { INVALID_XML_CHARACTER } from './codec/xml-characters';

export type ParseError = { readonly reason: string };

const DECLARATION = /^\uFEFF?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;
const DOCTYPE_OR_ENTITY = /<!DOCTYPE|<!ENTITY/i;
const LATIN1_LABELS = new Set([
  'iso-8859-1',
  'iso8859-1',
  'latin1',
  'latin-1',
  'windows-1252',
  'cp1252',
  'us-ascii',
  'ascii',
]);
const utf8 = new TextDecoder('utf-8', { fatal: true });
const windows1252 = new TextDecoder('windows-1252');

/** The body as text, and whether it was declared Latin-1 (so its strings may need the mojibake repair). */
export const decodeRequestText = (body: Buffer): Either<ParseError, { text: string; latin1: boolean }> => {
  // Only a declaration can name another encoding, and it starts the document: look no further.
  const label =
    body.indexOf('encoding') < 0
      ? 'utf-8'
      : (DECLARATION.exec(body.subarray(0, 200).toString('latin1'))?.[1]?.toLowerCase() ?? 'utf-8');
  if (LATIN1_LABELS.has(label))
    return right({ text: windows1252.decode(body), latin1: label !== 'us-ascii' && label !== 'ascii' });
  if (label !== 'utf-8' && label !== 'utf8')
    return left({ reason: `the encoding '${label}' is not supported; send UTF-8` });
  try {
    return right({ text: utf8.decode(body), latin1: false });
  } catch {
    return left({ reason: 'the request is not valid UTF-8' });
  }
};

/**
 * Parses a methodCall body with Folio's own reader (codec/read-call.ts). Never throws: every problem
 * is a reason a fault can name. A body declared ISO-8859-1 has its strings checked for PHP's
 * byte-by-byte escaped UTF-8 (see repairMojibake).
 */
export const parseMethodCall = (body: Buffer): Either<ParseError, MethodCall> => {
  const decoded = decodeRequestText(body);
  if (decoded._tag === 'Left') return decoded;
  const { text, latin1 } = decoded.right;
  if (DOCTYPE_OR_ENTITY.test(text))
    return left({ reason: 'document type declarations and entities are not accepted' });
  try {
    return right(readCall(text, latin1));
  } catch (error) {
    if (error instanceof CallRefused) return left({ reason: error.message });
    return left({ reason: 'malformed XML-RPC request' });
  }
};
