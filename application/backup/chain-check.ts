import { createHash } from 'node:crypto';
import { ChainHead, checkChainLink } from '../../adapters/store/hash-chain';
import { RecordedEvent } from '../../adapters/store/port';

/**
 * Follows every stream's hash chain through a log read in order: each event must hash to its
 * stored hash, point to its predecessor's hash (64 zeros for a stream's first event) and carry the
 * next revision; positions must increase. Keeps only each stream's head, so memory grows with the
 * number of streams, not of events.
 */
export const createChainCheck = () => {
  const heads = new Map<string, ChainHead>();
  const digest = createHash('sha256');
  let lastPosition = 0;
  let events = 0;
  return {
    /** The problem with `event`, or null; a problem leaves the chain where it was. */
    check: (event: RecordedEvent): string | null => {
      const where = `event ${event.eventId} (${event.stream}@${event.revision}, position ${event.position})`;
      if (event.position <= lastPosition)
        return `${where} comes after position ${lastPosition}: positions must increase`;
      const link = checkChainLink(event, heads.get(event.stream));
      if (!link.revisionOk) return `${where}: expected revision ${link.expectedRevision} of ${event.stream}`;
      if (!link.previousHashOk) return `${where} does not point to its predecessor's hash`;
      if (!link.hashOk) return `${where}: its content does not hash to its stored hash`;
      heads.set(event.stream, { revision: event.revision, hash: event.hash });
      digest.update(`${event.stream}\t${event.revision}\t${event.hash}\n`);
      lastPosition = event.position;
      events += 1;
      return null;
    },
    events: (): number => events,
    streams: (): number => heads.size,
    lastPosition: (): number => lastPosition,
    /** See BackupManifest.chainDigest. */
    chainDigest: (): string => digest.copy().digest('hex'),
  };
};

export type ChainCheck = ReturnType<typeof createChainCheck>;
