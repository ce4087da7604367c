const utf8 = new TextDecoder('utf-8', { fatal: true });
const ABOVE_ASCII = /[\u0080-\u00FF]/;
const ABOVE_LATIN1 = /[^\u0000-\u00FF]/;

/**
 * A text whose characters are all below U+0100 and that reads as valid UTF-8 when taken as bytes is
 * UTF-8 that was escaped byte by byte (PHP's default). Genuine Latin-1 text almost never forms valid
 * multi-byte UTF-8, so it is left as it is.
 */
export const repairMojibake = (text: string): string => {
  if (!ABOVE_ASCII.test(text) || ABOVE_LATIN1.test(text)) return text;
  try {
    return utf8.decode(Buffer.from(text, 'latin1'));
  } catch {
    return text;
  }
};
