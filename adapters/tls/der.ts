/**
 * The few DER (ASN.1 Distinguished Encoding Rules) shapes an X.509 certificate needs. Every value is
 * a tag, a length and content; DER allows exactly one encoding of each, which is what makes a
 * signature over it meaningful.
 */
export type Der = Buffer;

const length = (size: number): Buffer => {
  if (size < 0x80) return Buffer.from([size]);
  const bytes: number[] = [];
  for (let rest = size; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
};

export const tlv = (tag: number, content: Buffer): Der =>
  Buffer.concat([Buffer.from([tag]), length(content.length), content]);

export const sequence = (...items: readonly Der[]): Der => tlv(0x30, Buffer.concat(items));
export const set = (...items: readonly Der[]): Der => tlv(0x31, Buffer.concat(items));
export const nullValue = (): Der => Buffer.from([0x05, 0x00]);
export const boolean = (value: boolean): Der => Buffer.from([0x01, 0x01, value ? 0xff : 0x00]);
export const octetString = (content: Buffer): Der => tlv(0x04, content);
export const utf8String = (text: string): Der => tlv(0x0c, Buffer.from(text, 'utf8'));
/** A BIT STRING whose last `unusedBits` bits are padding. */
export const bitString = (content: Buffer, unusedBits = 0): Der =>
  tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), content]));
/** [n] EXPLICIT: the tagged value wrapped whole. */
export const explicit = (n: number, inner: Der): Der => tlv(0xa0 + n, inner);
/** [n] IMPLICIT of a primitive type: the tag replaced, the content kept. */
export const implicitPrimitive = (n: number, content: Buffer): Der => tlv(0x80 + n, content);

/** A non-negative INTEGER from big-endian bytes: no superfluous leading zeros, a zero added if the top bit is set. */
export const unsignedInteger = (bytes: Buffer): Der => {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const trimmed = bytes.subarray(start);
  const content = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return tlv(0x02, content.length === 0 ? Buffer.from([0]) : content);
};

export const oid = (dotted: string): Der => {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const base128: number[] = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128))
      base128.unshift(0x80 | (value & 0x7f));
    bytes.push(...base128);
  }
  return tlv(0x06, Buffer.from(bytes));
};

const two = (n: number): string => String(n).padStart(2, '0');

/** X.509 time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
export const time = (date: Date): Der => {
  const year = date.getUTCFullYear();
  const rest = `${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  return year < 2050
    ? tlv(0x17, Buffer.from(`${two(year % 100)}${rest}`, 'ascii'))
    : tlv(0x18, Buffer.from(`${year}${rest}`, 'ascii'));
};
