import { planAppend, StoredLocation, StreamHead } from './append-plan';
import { notifyAll } from './notify';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  ProposedEvent,
  RecordedEvent,
} from './port';

/**
 * Events are held as JSON copies, as a durable store holds them: what a caller later does to the
 * objects it appended, or to the ones it read, cannot change the log.
 */
const detached = (event: RecordedEvent): RecordedEvent => ({
  ...event,
  data: JSON.parse(JSON.stringify(event.data)) as unknown,
  metadata: JSON.parse(JSON.stringify(event.metadata)) as RecordedEvent['metadata'],
});

/** The store for unit tests: the same rules as the durable stores, held in arrays. */
export const createMemoryEventStore = (): EventStore & { readonly all: () => readonly RecordedEvent[] } => {
  const log: RecordedEvent[] = [];
  const streams = new Map<string, RecordedEvent[]>();
  const byId = new Map<string, StoredLocation>();
  const listeners = new Set<() => void>();

  const head = (stream: string): StreamHead | null => {
    const events = streams.get(stream);
    const last = events?.[events.length - 1];
    return last === undefined ? null : { revision: last.revision, hash: last.hash, eventId: last.eventId };
  };

  return {
    all: () => log,
    append: async (
      stream: string,
      expected: ExpectedRevision,
      events: readonly ProposedEvent[],
      options?: AppendOptions,
    ): Promise<AppendResult> => {
      const plan = planAppend(stream, head(stream), expected, events, (id) => byId.get(id), options);
      if (plan.kind === 'already-stored') return plan.result;
      const streamEvents = streams.get(stream) ?? [];
      streams.set(stream, streamEvents);
      for (const record of plan.records) {
        const recorded = detached({ ...record, position: log.length + 1 });
        log.push(recorded);
        streamEvents.push(recorded);
        byId.set(recorded.eventId, { stream, revision: recorded.revision, position: recorded.position });
      }
      if (plan.records.length > 0) queueMicrotask(() => notifyAll(listeners));
      return { revision: head(stream)?.revision ?? -1, position: log.length };
    },
    readStream: async (stream, fromRevision = 0) =>
      (streams.get(stream) ?? []).slice(fromRevision).map(detached),
    readAll: async (afterPosition, maxCount) =>
      log.slice(afterPosition, afterPosition + maxCount).map(detached),
    headPosition: async () => log.length,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => undefined,
  };
};
