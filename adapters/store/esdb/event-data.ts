import * as t from 'io-ts';
import { EventData, jsonEvent, JSONType, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { EventMetadataCodec } from '../../../domain/envelope';
import { UnpositionedEvent } from '../append-plan';
import { RecordedEvent } from '../port';
import { toGlobalPosition } from './positions';
import { fromEsdbRevision } from './revisions';
import { isCanonicalUuid, toEsdbEventId } from './event-ids';

/**
 * How a Folio event sits in EventStoreDB: the payload is the JSON event data; everything else the
 * envelope says is JSON metadata. `$correlationId` is EventStoreDB's own convention (its
 * $by_correlation_id projection reads it); it repeats `folio.correlationId` and is not read back.
 */
export const EsdbEventMetadata = t.intersection([
  t.type({
    version: t.number,
    recordedAt: t.string,
    folio: EventMetadataCodec,
    previousHash: t.string,
    hash: t.string,
  }),
  t.partial({
    /** The port's event id, when it is not a canonical UUID and so could not be the server's id. */
    eventId: t.string,
    $correlationId: t.string,
  }),
]);
export type EsdbEventMetadata = t.TypeOf<typeof EsdbEventMetadata>;

export class NotAFolioEventError extends Error {
  constructor(
    readonly stream: string,
    readonly revision: bigint,
    readonly problem: string,
  ) {
    super(`event ${stream}@${revision} in EventStoreDB is not a Folio event: ${problem}`);
    this.name = 'NotAFolioEventError';
  }
}

/** A chained event, ready for `appendToStream`, with the deterministic id a retry will repeat. */
export const toEsdbEventData = (record: UnpositionedEvent): EventData => {
  if (record.data === undefined) throw new TypeError(`event ${record.type} has no data`);
  const metadata: EsdbEventMetadata = {
    version: record.version,
    recordedAt: record.recordedAt,
    folio: record.metadata,
    previousHash: record.previousHash,
    hash: record.hash,
    $correlationId: record.metadata.correlationId,
    ...(isCanonicalUuid(record.eventId) ? {} : { eventId: record.eventId }),
  };
  // Any JSON value goes: the client stores JSON.stringify(data), whatever the library's type says.
  const data = record.data as JSONType;
  return jsonEvent({ id: toEsdbEventId(record.eventId), type: record.type, data, metadata });
};

/** A stored Folio event, checked: its metadata must decode and its id must match the one it names. */
export const fromEsdbRecordedEvent = (event: EsdbRecordedEvent): RecordedEvent => {
  if (!event.isJson) throw new NotAFolioEventError(event.streamId, event.revision, 'not JSON');
  const decoded = EsdbEventMetadata.decode(event.metadata);
  if (decoded._tag === 'Left') {
    const fields = new Set(
      decoded.left.map(
        (error) =>
          error.context.find((entry) => entry.key !== '' && !/^\d+$/.test(entry.key))?.key ?? 'metadata',
      ),
    );
    throw new NotAFolioEventError(
      event.streamId,
      event.revision,
      `metadata lacks valid ${[...fields].join(', ')}`,
    );
  }
  const metadata = decoded.right;
  const eventId = metadata.eventId ?? event.id;
  if (toEsdbEventId(eventId) !== event.id)
    throw new NotAFolioEventError(event.streamId, event.revision, `id ${event.id} does not match ${eventId}`);
  return {
    eventId,
    type: event.type,
    version: metadata.version,
    data: event.data,
    metadata: metadata.folio,
    recordedAt: metadata.recordedAt,
    stream: event.streamId,
    revision: fromEsdbRevision(event.revision),
    position: toGlobalPosition(event.position),
    previousHash: metadata.previousHash,
    hash: metadata.hash,
  };
};
