import { Either, left, right } from 'fp-ts/Either';
import { EventEnvelope, EventMetadata, EventMetadataCodec } from '../domain/envelope';
import {
  ALL_EVENT_DEFINITIONS,
  decodeEvent,
  DomainEvent,
  encodeEventData,
  eventVersion,
} from '../domain/events';
import { ProposedEvent, RecordedEvent } from '../adapters/store/port';
import { Compiled, compileCodec, REFUSED } from './compiled-codec';

/** A stored event as decoding needs it: the predecessor's hash plays no part. */
export type StoredEvent = Omit<RecordedEvent, 'previousHash'>;

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

/**
 * Every event's payload decoder, compiled once from its codec (see compiled-codec.ts): the same
 * validation as `codec.decode`, without the context and Either io-ts builds at every node, which
 * is what a replay of a million events spent most of its time on.
 */
const payloadDecoders = new Map<string, Compiled>(
  ALL_EVENT_DEFINITIONS.map((definition) => [
    `${definition.type}.v${definition.version}`,
    compileCodec(definition.data),
  ]),
);
const decodeMetadata = compileCodec(EventMetadataCodec);

/** Why a stored event was refused, in io-ts's words: asked only once the fast decoders refused it. */
const refusal = (recorded: StoredEvent): UndecodableEventError => {
  if (EventMetadataCodec.decode(recorded.metadata)._tag === 'Left')
    return new UndecodableEventError(recorded, ['metadata is malformed']);
  const event = decodeEvent(recorded.type, recorded.version, recorded.data);
  return new UndecodableEventError(
    recorded,
    event._tag === 'Left' ? event.left.problems : ['refused by its codec'],
  );
};

/** The codec boundary on the way out of a store: every field is checked before anything folds it. */
export const decodeRecorded = (recorded: StoredEvent): Either<UndecodableEventError, EventEnvelope> => {
  const metadata = decodeMetadata(recorded.metadata);
  const decodeData = payloadDecoders.get(`${recorded.type}.v${recorded.version}`);
  const data = decodeData === undefined ? REFUSED : decodeData(recorded.data);
  if (metadata === REFUSED || data === REFUSED) return left(refusal(recorded));
  return right({
    // The payload decoder of this very type validated the data: together they are that event.
    event: { type: recorded.type, data } as DomainEvent,
    eventId: recorded.eventId,
    stream: recorded.stream,
    revision: recorded.revision,
    position: recorded.position,
    recordedAt: recorded.recordedAt,
    metadata: metadata as EventMetadata,
  });
};

export const decodeOrThrow = (recorded: StoredEvent): EventEnvelope => {
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
