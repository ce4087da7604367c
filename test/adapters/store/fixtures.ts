import { randomUUID } from 'node:crypto';
import { EventStore, ProposedEvent, RecordedEvent } from '../../../adapters/store/port';

/**
 * Names unique to one test run: a contract test may run against a store that other tests (or other
 * runs) share, such as an EventStoreDB server, so no test relies on a name being fresh by accident.
 */
export const uniqueName = (label: string): string => `${label}-${randomUUID()}`;

export const proposed = (overrides: Partial<ProposedEvent> = {}): ProposedEvent => ({
  eventId: overrides.eventId ?? randomUUID(),
  type: 'ContractTested',
  version: 1,
  data: { note: 'plain' },
  metadata: overrides.metadata ?? { actor: 'contract', method: 'test', correlationId: randomUUID() },
  recordedAt: '2026-01-02T03:04:05.678Z',
  ...overrides,
});

/** Events with ids that share one random UUID prefix: still valid UUIDs, and cheap by the thousand. */
export const proposedMany = (count: number): ProposedEvent[] => {
  const prefix = randomUUID().slice(0, 24);
  const correlationId = randomUUID();
  return Array.from({ length: count }, (_, index) =>
    proposed({
      eventId: `${prefix}${index.toString(16).padStart(12, '0')}`,
      data: { index },
      metadata: { actor: 'contract', method: 'test', correlationId },
    }),
  );
};

/** The proposal a recorded event came from, for comparing what went in with what comes out. */
export const asProposed = (recorded: RecordedEvent): ProposedEvent => ({
  eventId: recorded.eventId,
  type: recorded.type,
  version: recorded.version,
  data: recorded.data,
  metadata: recorded.metadata,
  recordedAt: recorded.recordedAt,
});

/** Every event after `afterPosition`, read page by page. */
export const readAllAfter = async (
  store: EventStore,
  afterPosition: number,
  pageSize = 1_000,
): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  let after = afterPosition;
  for (;;) {
    const page = await store.readAll(after, pageSize);
    events.push(...page);
    const last = page[page.length - 1];
    if (last === undefined || page.length < pageSize) return events;
    after = last.position;
  }
};

/** Resolves on the next macrotask: long enough for notifications queued as microtasks or immediates. */
export const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Resolves when `condition` holds, or rejects after `timeout_ms`. */
export const eventually = async (condition: () => boolean, timeout_ms = 2_000): Promise<void> => {
  const deadline = Date.now() + timeout_ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeout_ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};
