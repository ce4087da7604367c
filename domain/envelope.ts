import * as t from 'io-ts';
import { DomainEvent } from './events';

/** Who caused an event, carried in every event's metadata. Never holds a secret. */
export const EventMetadataCodec = t.intersection([
  t.type({
    /** A token's name, 'admin', or `cli:<os user>`. */
    actor: t.string,
    /** The API method or CLI command that caused the event. */
    method: t.string,
    /** Shared by every event one request caused. */
    correlationId: t.string,
  }),
  t.partial({ ip: t.string }),
]);
export type EventMetadata = t.TypeOf<typeof EventMetadataCodec>;

/** A stored event as projections see it: the domain event and the facts of its recording. */
export interface EventEnvelope {
  readonly event: DomainEvent;
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
  readonly recordedAt: string;
  readonly metadata: EventMetadata;
}
