import { Decider, fold } from '../../domain/decider';
import { EventEnvelope, EventMetadata } from '../../domain/envelope';
import { DomainEvent } from '../../domain/events';

const START_MS = Date.parse('2026-11-27T09:00:00.000Z');

/**
 * An in-memory event log for projection tests: commands are decided by the real deciders against
 * their stream's history, and the events recorded as envelopes with positions, revisions and a
 * clock that ticks one second per event. No store, no I/O.
 */
export const createEventLog = (
  metadata: EventMetadata = { actor: 'admin', method: 'test', correlationId: 'c-1' },
) => {
  const envelopes: EventEnvelope[] = [];
  const streams = new Map<string, DomainEvent[]>();

  const append = (stream: string, events: readonly DomainEvent[]): readonly EventEnvelope[] => {
    const history = streams.get(stream) ?? [];
    streams.set(stream, history);
    return events.map((event) => {
      history.push(event);
      const position = envelopes.length + 1;
      const envelope: EventEnvelope = {
        event,
        eventId: `e-${position}`,
        stream,
        revision: history.length - 1,
        position,
        recordedAt: new Date(START_MS + position * 1000).toISOString(),
        metadata,
      };
      envelopes.push(envelope);
      return envelope;
    });
  };

  /** Decides `command` against the stream's history and records the events; a refusal is a test error. */
  const execute = <Command, State, Event extends DomainEvent>(
    stream: string,
    decider: Decider<Command, State, Event>,
    command: Command,
  ): readonly EventEnvelope[] => {
    const state = fold(decider, (streams.get(stream) ?? []) as Event[]);
    const decision = decider.decide(command, state);
    if (decision._tag === 'Left')
      throw new Error(
        `${stream} refused ${JSON.stringify(command, bigints)}: ${JSON.stringify(decision.left)}`,
      );
    return append(stream, decision.right);
  };

  return { append, execute, envelopes: (): readonly EventEnvelope[] => envelopes };
};

const bigints = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? `${value}n` : value);

export type EventLog = ReturnType<typeof createEventLog>;
