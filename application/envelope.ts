import { Either, left, right } from 'fp-ts/Either';
import { EventEnvelope, EventMetadata, EventMetadataCodec } from '../domain/envelope';
import { decodeEvent, DomainEvent, encodeEventData, eventVersion } from '../domain/events';
import { ProposedEvent, RecordedEvent } from '../adapters/store/port';

/** Who asked for a change, carried into every event it causes. */
export type RequestContext = EventMetadata;

export class UndecodableEventError extends Error {
  constructor(
    readonly recorded: Pick<RecordedEvent, 'stream' | 'revision' | 'position' | 'type' | 'version'>,
    readonly problems: readonly string[],
  ) {
    super(
      `event ${recorded.type}.v${recorded.version} at ${recorded.stream}@${recorded.revision} (position ${recorded.position}) does not decode: ${problems.join('; ')}`,
    );
    this.name = 'UndecodableEventError';
  }
}

/** The codec boundary on the way out of a store: every field is checked before anything folds it. */
export const decodeRecorded = (recorded: RecordedEvent): Either<UndecodableEventError, EventEnvelope> => {
  const metadata = EventMetadataCodec.decode(recorded.metadata);
  if (metadata._tag === 'Left') return left(new UndecodableEventError(recorded, ['metadata is malformed']));
  const event = decodeEvent(recorded.type, recorded.version, recorded.data);
  if (event._tag === 'Left') return left(new UndecodableEventError(recorded, event.left.problems));
  return right({
    event: event.right,
    eventId: recorded.eventId,
    stream: recorded.stream,
    revision: recorded.revision,
    position: recorded.position,
    recordedAt: recorded.recordedAt,
    metadata: metadata.right,
  });
};

export const decodeOrThrow = (recorded: RecordedEvent): EventEnvelope => {
  const decoded = decodeRecorded(recorded);
  if (decoded._tag === 'Left') throw decoded.left;
  return decoded.right;
};

/** The codec boundary on the way in. */
export const proposeEvent = (
  event: DomainEvent,
  eventId: string,
  context: RequestContext,
  recordedAt: string,
): ProposedEvent => ({
  eventId,
  type: event.type,
  version: eventVersion(event.type),
  data: encodeEventData(event),
  metadata: context,
  recordedAt,
});
