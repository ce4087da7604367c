import { canonicalJson } from '../hash-chain';
import { RecordedEvent } from '../port';

const SCALARS = ['eventId', 'stream', 'revision', 'type', 'version', 'recordedAt', 'previousHash'] as const;

/**
 * What a copied event must keep: everything but its global position, which the target store
 * assigns (an EventStoreDB position is a byte offset, an embedded one a row number). Returns the
 * first field that differs, or undefined when the two are the same event.
 *
 * The payloads are compared through the hash: equal hashes, with the copy's hash recomputed from
 * the copy (the chain check does that), mean equal content. Only a mismatch is looked into, to
 * name the field.
 */
export const differingField = (original: RecordedEvent, copy: RecordedEvent): string | undefined => {
  for (const field of SCALARS) if (original[field] !== copy[field]) return field;
  if (original.hash === copy.hash) return undefined;
  if (canonicalJson(original.data) !== canonicalJson(copy.data)) return 'data';
  if (canonicalJson(original.metadata) !== canonicalJson(copy.metadata)) return 'metadata';
  return 'hash';
};
