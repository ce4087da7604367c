import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { JSONEventData, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { UnpositionedEvent } from '../../../../adapters/store/append-plan';
import {
  EsdbEventMetadata,
  fromEsdbRecordedEvent,
  NotAFolioEventError,
  toEsdbEventData,
} from '../../../../adapters/store/esdb/event-data';
import { toEsdbEventId } from '../../../../adapters/store/esdb/event-ids';
import { GENESIS_HASH, hashEvent } from '../../../../adapters/store/hash-chain';
import { checkProperty } from '../../../support/property';

const chained = (overrides: Partial<UnpositionedEvent> = {}): UnpositionedEvent => {
  const base = {
    eventId: '6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5',
    type: 'UserBalanceAdjusted',
    version: 1,
    data: { userId: 'u-1', amount: '1.500000' },
    metadata: { actor: 'admin', method: 'api.adjustUserAccountBalance', correlationId: 'c-1', ip: '::1' },
    recordedAt: '2026-03-01T10:00:00.000Z',
    stream: 'user-u-1',
    revision: 4,
    previousHash: GENESIS_HASH,
    ...overrides,
  };
  return { ...base, hash: hashEvent(base) };
};

/** What the server gives back for an event the client wrote: JSON through bytes, as the wire does. */
const asStored = (
  data: ReturnType<typeof toEsdbEventData>,
  stream: string,
  revision: bigint,
  commit: bigint,
) => {
  const json = data as JSONEventData;
  const recorded: EsdbRecordedEvent = {
    streamId: stream,
    id: json.id,
    isJson: true,
    revision,
    type: json.type,
    created: new Date(0),
    data: JSON.parse(JSON.stringify(json.data)) as Record<string, unknown>,
    metadata: JSON.parse(JSON.stringify(json.metadata)) as Record<string, unknown>,
    position: { commit, prepare: commit },
  };
  return recorded;
};

describe('EventStoreDB event data', () => {
  it('writes the payload as JSON data and the envelope and chain as JSON metadata', () => {
    const record = chained();
    const data = toEsdbEventData(record) as JSONEventData;
    assert.equal(data.contentType, 'application/json');
    assert.equal(data.id, record.eventId);
    assert.equal(data.type, 'UserBalanceAdjusted');
    assert.deepEqual(data.data, record.data);
    assert.deepEqual(data.metadata, {
      version: 1,
      recordedAt: record.recordedAt,
      folio: record.metadata,
      previousHash: GENESIS_HASH,
      hash: record.hash,
      $correlationId: 'c-1',
    });
    assert.ok(EsdbEventMetadata.is(data.metadata));
  });

  it('reads back exactly what was written, at the commit position', () => {
    const record = chained();
    const read = fromEsdbRecordedEvent(asStored(toEsdbEventData(record), record.stream, 4n, 81_920n));
    assert.deepEqual(read, { ...record, position: 81_920 });
  });

  it('keeps an id that is not a canonical UUID in the metadata, and gives it back', () => {
    const record = chained({ eventId: 'id-00000042' });
    const data = toEsdbEventData(record) as JSONEventData;
    assert.equal(data.id, toEsdbEventId('id-00000042'));
    assert.equal((data.metadata as { eventId?: string }).eventId, 'id-00000042');
    assert.equal(fromEsdbRecordedEvent(asStored(data, record.stream, 4n, 9_000n)).eventId, 'id-00000042');
  });

  it('refuses events that are not Folio events, naming where they are', () => {
    const stored = asStored(toEsdbEventData(chained()), 'user-u-1', 4n, 9_000n);
    assert.throws(
      () => fromEsdbRecordedEvent({ ...stored, metadata: { hello: 'world' } }),
      NotAFolioEventError,
    );
    assert.throws(() => fromEsdbRecordedEvent({ ...stored, metadata: undefined }), /user-u-1@4/);
    const binary: EsdbRecordedEvent = {
      ...stored,
      isJson: false,
      data: new Uint8Array([1]),
    } as EsdbRecordedEvent;
    assert.throws(() => fromEsdbRecordedEvent(binary), /not JSON/);
    const renamed = asStored(toEsdbEventData(chained({ eventId: 'id-7' })), 'user-u-1', 4n, 9_000n);
    assert.throws(
      () => fromEsdbRecordedEvent({ ...renamed, id: '00000000-0000-4000-8000-000000000000' }),
      /does not match/,
    );
  });

  it('any JSON event survives the trip through the server with its hash intact', () =>
    checkProperty(
      fc.property(
        fc.jsonValue(),
        fc.oneof(
          fc.uuid().map((id) => id.toLowerCase()),
          fc.string({ minLength: 1 }),
        ),
        fc.string(),
        fc.nat(1_000),
        (data, eventId, actor, revision) => {
          const record = chained({
            data,
            eventId,
            revision,
            metadata: { actor, method: 'm', correlationId: 'c' },
          });
          const read = fromEsdbRecordedEvent(
            asStored(toEsdbEventData(record), record.stream, BigInt(revision), 77n),
          );
          const { position, ...unpositioned } = read;
          assert.equal(position, 77);
          assert.deepEqual(unpositioned, JSON.parse(JSON.stringify(record)));
          assert.equal(hashEvent(read), read.hash);
        },
      ),
    ));
});
