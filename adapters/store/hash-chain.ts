import { createHash } from 'node:crypto';
import { ProposedEvent } from './port';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every level and no white space: the one byte sequence a value
 * hashes as, whichever store or JSON library held it. Built by appending to one string rather than
 * with entries/filter/sort/map/join, which allocated several arrays per object (half the CPU of
 * hashing an event). The output is the same, byte for byte, as that first version's
 * (test/adapters/store/hash-chain.test.ts compares them on random values), quirks included: an
 * array element JSON cannot write (undefined, a function) becomes nothing, and a function-valued
 * member writes `undefined`.
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error('non-finite number in an event');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) text += ',';
      const element = canonicalJson(value[index]) as string | undefined;
      if (element !== undefined) text += element;
    }
    return `${text}]`;
  }
  // The default sort compares UTF-16 code units, as `<` on strings does.
  const keys = Object.keys(value).sort();
  let text = '{';
  for (const key of keys) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined) continue;
    if (text.length > 1) text += ',';
    text += `${JSON.stringify(key)}:${String(canonicalJson(member) as string | undefined)}`;
  }
  return `${text}}`;
};

export interface ChainedFields {
  readonly previousHash: string;
  readonly stream: string;
  readonly revision: number;
}

/**
 * SHA-256 over the canonical encoding of everything an event says, plus its place in its stream and
 * the previous event's hash. The global position is left out on purpose: it is assigned by the store
 * and changes when a log is migrated, while the chain must survive migration.
 */
export const hashEvent = (event: ProposedEvent & ChainedFields): string =>
  createHash('sha256')
    .update(
      canonicalJson({
        previousHash: event.previousHash,
        eventId: event.eventId,
        stream: event.stream,
        revision: event.revision,
        type: event.type,
        version: event.version,
        recordedAt: event.recordedAt,
        data: event.data,
        metadata: event.metadata,
      }),
    )
    .digest('hex');

/** Where a stream's chain stands: its last event's revision and hash. */
export interface ChainHead {
  readonly revision: number;
  readonly hash: string;
}

/** How one stored event links to its stream's chain; every check, so a caller can report each. */
export interface ChainLink {
  readonly expectedRevision: number;
  readonly expectedPreviousHash: string;
  readonly recomputedHash: string;
  readonly revisionOk: boolean;
  readonly previousHashOk: boolean;
  readonly hashOk: boolean;
}

/**
 * Checks a stored event against its stream's head (undefined before the stream's first event): it
 * carries the next revision, points to its predecessor's hash (GENESIS_HASH for the first) and
 * hashes to its stored hash. The one rule verify, backups and restores all follow.
 */
export const checkChainLink = (
  event: ProposedEvent & ChainedFields & { readonly hash: string },
  head: ChainHead | undefined,
): ChainLink => {
  const expectedRevision = head === undefined ? 0 : head.revision + 1;
  const expectedPreviousHash = head?.hash ?? GENESIS_HASH;
  const recomputedHash = hashEvent(event);
  return {
    expectedRevision,
    expectedPreviousHash,
    recomputedHash,
    revisionOk: event.revision === expectedRevision,
    previousHashOk: event.previousHash === expectedPreviousHash,
    hashOk: recomputedHash === event.hash,
  };
};
