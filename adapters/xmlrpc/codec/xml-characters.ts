/** A character XML 1.0 does not allow, as text or as a character reference. */
export const INVALID_XML_CHARACTER =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const INVALID_XML_CHARACTERS = new RegExp(INVALID_XML_CHARACTER.source, 'g');

/** Text as XML can carry it: characters XML forbids become U+FFFD, so writing a reply can never fail. */
export const xmlSafe = (text: string): string => text.replace(INVALID_XML_CHARACTERS, '\uFFFD');

/**
 * Anything the writer must change: markup characters, a carriage return (a parser would turn a raw one
 * into a line feed), and every character XML may forbid (surrogates are checked in pairs on the slow path).
 */
const NEEDS_WORK = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Text escaped for element content, with XML-invalid characters replaced; most strings pass untouched. */
export const escapeText = (text: string): string =>
  NEEDS_WORK.test(text)
    ? xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;')
    : text;
