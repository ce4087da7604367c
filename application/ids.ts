import { createHash, randomUUID } from 'node:crypto';

export type IdGenerator = () => string;

export const randomIds: IdGenerator = () => randomUUID();

/** Sequential ids for tests and replays that must be reproducible. */
export const sequentialIds = (prefix = 'id'): IdGenerator => {
  let next = 0;
  return () => `${prefix}-${String(++next).padStart(8, '0')}`;
};

/**
 * A UUID derived from its inputs (name-based, SHA-256, version bits set as for v5): the same operation
 * and member always give the same event id, so a store recognises a retried append.
 */
export const derivedId = (...parts: readonly string[]): string => {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
