import { createHash } from 'node:crypto';
import { ChainHead, checkChainLink } from '../hash-chain';
import { EventStore, RecordedEvent } from '../port';
import { differingField } from './same-event';
import { walkLog } from './walk-log';

/**
 * Recomputes a log's hash chains as it is walked: each event must hash to what it says, follow its
 * stream's previous event (revision + 1, previousHash = that event's hash), and start at revision 0
 * from the genesis hash.
 */
export const createChainCheck = () => {
  const heads = new Map<string, ChainHead>();
  return (event: RecordedEvent): string | undefined => {
    const link = checkChainLink(event, heads.get(event.stream));
    if (!link.revisionOk) return `revision ${event.revision}, expected ${link.expectedRevision}`;
    if (!link.previousHashOk) return 'previousHash is not the previous event’s hash';
    if (!link.hashOk) return 'hash does not match the event';
    heads.set(event.stream, { revision: event.revision, hash: event.hash });
    return undefined;
  };
};

export interface LogComparison {
  /** Events found equal, in the same order, in both logs. */
  readonly matched: number;
  /** The last of them as the source has it: a copy resumes after its position. */
  readonly lastMatched: RecordedEvent | undefined;
  /** Streams seen in the matched events. */
  readonly streams: number;
  /** SHA-256 over every matched event's hash, in log order: equal logs have equal digests. */
  readonly digest: string;
  /** The first difference, if any; a comparison stops there. */
  readonly problem: string | undefined;
}

export type ComparisonProgress = (matched: number, sourcePosition: number) => void;

const describe = (event: RecordedEvent): string => `${event.stream}@${event.revision} (${event.eventId})`;

/**
 * Walks a source log and its copy side by side. `prefix`: the copy may stop early (a copy that was
 * interrupted) — anything it has must be the source's events in the source's order. `whole`: both
 * must end together. The copy's chains are recomputed as it goes.
 */
export const compareLogs = async (
  source: EventStore,
  copy: EventStore,
  mode: 'prefix' | 'whole',
  onProgress: ComparisonProgress = () => undefined,
): Promise<LogComparison> => {
  const originals = walkLog(source);
  const chainCheck = createChainCheck();
  const digest = createHash('sha256');
  const streams = new Set<string>();
  let matched = 0;
  let lastMatched: RecordedEvent | undefined;
  const result = (problem: string | undefined): LogComparison => ({
    matched,
    lastMatched,
    streams: streams.size,
    digest: digest.copy().digest('hex'),
    problem,
  });
  try {
    for await (const copied of walkLog(copy)) {
      const next = await originals.next();
      if (next.done === true)
        return result(`the copy has events the source does not, from ${describe(copied)} on`);
      const original = next.value;
      const field = differingField(original, copied);
      if (field !== undefined)
        return result(
          `event ${matched + 1} differs in ${field}: source ${describe(original)}, copy ${describe(copied)}`,
        );
      const broken = chainCheck(copied);
      if (broken !== undefined) return result(`the copy's chain breaks at ${describe(copied)}: ${broken}`);
      digest.update(copied.hash);
      streams.add(copied.stream);
      matched += 1;
      lastMatched = original;
      if (matched % 1_000 === 0) onProgress(matched, original.position);
    }
    if (mode === 'whole') {
      const rest = await originals.next();
      if (rest.done !== true) return result(`the copy ends after ${matched} events; the source goes on`);
    }
    onProgress(matched, lastMatched?.position ?? 0);
    return result(undefined);
  } finally {
    await originals.return(undefined);
  }
};
