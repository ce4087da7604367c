import { AppendResult, EventStore, MAX_EVENTS_PER_APPEND, ProposedEvent, RecordedEvent } from '../port';
import { compareLogs, LogComparison } from './compare-logs';
import { walkLog } from './walk-log';

/** One append's worth of a stream's consecutive events: bounded by count and by JSON size. */
const MAX_EVENTS_PER_COPY_APPEND = Math.min(500, MAX_EVENTS_PER_APPEND);
/** Below EventStoreDB's default MaxAppendSize (1 MiB), leaving room for the envelope it adds. */
const MAX_BYTES_PER_COPY_APPEND = 512 * 1024;
/** Appends in flight at once when the target commits in call order. */
const PIPELINE_WINDOW = 2_000;

export type MigrationPhase = 'checking' | 'copying' | 'verifying';

export interface MigrationProgress {
  readonly phase: MigrationPhase;
  /** Events done in this phase. */
  readonly events: number;
  /** The source position reached, against the source's head: a proportion, as positions may have gaps. */
  readonly position: number;
  readonly headPosition: number;
}

export interface MigrationOptions {
  /**
   * Issue appends before earlier ones are acknowledged. Only for a target that commits appends in
   * the order they were made (the embedded store's group commit does); on EventStoreDB concurrent
   * appends to different streams may land in either order, so the copy appends one at a time.
   */
  readonly pipelined: boolean;
  readonly onProgress?: (progress: MigrationProgress) => void;
}

export interface MigrationReport {
  /** Events the target already had (a resumed migration). */
  readonly alreadyThere: number;
  readonly copied: number;
  readonly verification: LogComparison;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

const proposalOf = (event: RecordedEvent): ProposedEvent => ({
  eventId: event.eventId,
  type: event.type,
  version: event.version,
  data: event.data,
  metadata: event.metadata,
  recordedAt: event.recordedAt,
});

const sizeOf = (event: RecordedEvent): number =>
  JSON.stringify(event.data).length + JSON.stringify(event.metadata).length + 256;

/**
 * Copies the source's event log after `afterPosition` into the target, in the source's global
 * order, each stream at its own revisions: the target computes every hash again from the same
 * events and predecessors, so the chains come out identical (and verification checks they do).
 */
const copyAfter = async (
  source: EventStore,
  target: EventStore,
  afterPosition: number,
  options: MigrationOptions,
  report: (events: number, position: number) => void,
): Promise<number> => {
  let run: RecordedEvent[] = [];
  let runBytes = 0;
  let inFlight: Promise<AppendResult>[] = [];
  let copied = 0;

  const send = async (): Promise<void> => {
    const first = run[0];
    if (first === undefined) return;
    const events = run.map(proposalOf);
    const last = run[run.length - 1] ?? first;
    run = [];
    runBytes = 0;
    const appended = target.append(
      first.stream,
      first.revision === 0 ? 'no_stream' : first.revision - 1,
      events,
    );
    if (options.pipelined) inFlight.push(appended);
    else await appended;
    copied += events.length;
    if (inFlight.length >= PIPELINE_WINDOW || !options.pipelined) await settle(last.position);
  };

  const settle = async (position: number): Promise<void> => {
    const waiting = inFlight;
    inFlight = [];
    await Promise.all(waiting);
    report(copied, position);
  };

  let lastPosition = afterPosition;
  for await (const event of walkLog(source, afterPosition)) {
    const head = run[0];
    const bytes = sizeOf(event);
    if (
      head !== undefined &&
      (head.stream !== event.stream ||
        run.length >= MAX_EVENTS_PER_COPY_APPEND ||
        runBytes + bytes > MAX_BYTES_PER_COPY_APPEND)
    )
      await send();
    run.push(event);
    runBytes += bytes;
    lastPosition = event.position;
  }
  await send();
  await settle(lastPosition);
  return copied;
};

/**
 * `folio migrate`: copies an event log from one store to another (embedded to EventStoreDB, back,
 * or between two embedded stores — one code path) preserving ids, order, timestamps and hash
 * chains. The target may already hold the start of the same log (an interrupted migration): that
 * part is checked event by event and the copy continues after it. The finished copy is verified
 * against the source: same events in the same order, chains recomputed, digests equal.
 */
export const migrateLog = async (
  source: EventStore,
  target: EventStore,
  options: MigrationOptions,
): Promise<MigrationReport> => {
  const headPosition = await source.headPosition();
  const progress = (phase: MigrationPhase) => (events: number, position: number) =>
    options.onProgress?.({ phase, events, position, headPosition });

  const present = await compareLogs(source, target, 'prefix', progress('checking'));
  if (present.problem !== undefined)
    throw new MigrationError(`the target is not an earlier copy of the source: ${present.problem}`);
  const copied = await copyAfter(
    source,
    target,
    present.lastMatched?.position ?? 0,
    options,
    progress('copying'),
  );
  const verification = await compareLogs(source, target, 'whole', progress('verifying'));
  if (verification.problem !== undefined)
    throw new MigrationError(`the copy does not verify: ${verification.problem}`);
  return { alreadyThere: present.matched, copied, verification };
};
