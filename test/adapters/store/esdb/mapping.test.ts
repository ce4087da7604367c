import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Metadata, status } from '@grpc/grpc-js';
import {
  ANY,
  convertToCommandError,
  ErrorType,
  NO_STREAM,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  isStreamNotFound,
  isWrongExpectedVersion,
  toWrongExpectedRevision,
} from '../../../../adapters/store/esdb/errors';
import { isCanonicalUuid, toEsdbEventId } from '../../../../adapters/store/esdb/event-ids';
import { PositionOutOfRangeError, toGlobalPosition } from '../../../../adapters/store/esdb/positions';
import {
  fromEsdbCurrentRevision,
  fromEsdbRevision,
  toEsdbExpectedRevision,
  toEsdbRevision,
} from '../../../../adapters/store/esdb/revisions';
import { isSystemEvent } from '../../../../adapters/store/esdb/system-events';
import { WrongExpectedRevisionError } from '../../../../adapters/store/port';
import { checkProperty } from '../../../support/property';

/** A gRPC error as the server sends it: status code plus the exception and details in trailers. */
const serverError = (exception: string, trailers: Record<string, string>) => {
  const metadata = new Metadata();
  metadata.set('exception', exception);
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(`${exception} from server`), {
    code: status.FAILED_PRECONDITION,
    details: `${exception} from server`,
    metadata,
  });
};

describe('EventStoreDB mapping: revisions', () => {
  it("maps the port's expected revisions to the client library's", () => {
    assert.equal(toEsdbExpectedRevision('no_stream'), NO_STREAM);
    assert.equal(toEsdbExpectedRevision('stream_exists'), STREAM_EXISTS);
    assert.equal(toEsdbExpectedRevision('any'), ANY);
    assert.equal(toEsdbExpectedRevision(0), 0n);
    assert.equal(toEsdbExpectedRevision(41), 41n);
  });

  it('refuses revisions that are not exact non-negative integers', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
      assert.throws(() => toEsdbExpectedRevision(bad), RangeError, String(bad));
      assert.throws(() => toEsdbRevision(bad), RangeError, String(bad));
    }
  });

  it('revision round trip is exact for every safe integer', () =>
    checkProperty(
      fc.property(fc.maxSafeNat(), (revision) => fromEsdbRevision(toEsdbRevision(revision)) === revision),
    ));

  it('reads back current revisions, with -1 and no_stream both meaning no stream', () => {
    assert.equal(fromEsdbCurrentRevision(NO_STREAM), 'no_stream');
    assert.equal(fromEsdbCurrentRevision(-1n), 'no_stream');
    assert.equal(fromEsdbCurrentRevision(0n), 0);
    assert.equal(fromEsdbCurrentRevision(12n), 12);
    assert.throws(() => fromEsdbCurrentRevision(2n ** 53n), RangeError);
  });
});

describe('EventStoreDB mapping: errors', () => {
  it('a WrongExpectedVersionError becomes the port error, with the actual revision', () => {
    const error = new WrongExpectedVersionError(undefined, {
      streamName: 'user-1',
      expected: 3n,
      current: 5n,
    });
    assert.ok(isWrongExpectedVersion(error));
    const mapped = toWrongExpectedRevision(error, 'user-1', 3);
    assert.ok(mapped instanceof WrongExpectedRevisionError);
    assert.deepEqual([mapped.stream, mapped.expected, mapped.actual], ['user-1', 3, 5]);
  });

  it('a refusal because the stream does not exist says no_stream', () => {
    const error = new WrongExpectedVersionError(undefined, {
      streamName: 'user-2',
      expected: STREAM_EXISTS,
      current: NO_STREAM,
    });
    const mapped = toWrongExpectedRevision(error, 'user-2', 'stream_exists');
    assert.deepEqual([mapped.expected, mapped.actual], ['stream_exists', 'no_stream']);
  });

  it("the server's wrong-expected-version trailers map the same way, including actual-version -1", () => {
    const converted = convertToCommandError(
      serverError(ErrorType.WRONG_EXPECTED_VERSION, {
        'stream-name': 'user-3',
        'expected-version': '7',
        'actual-version': '9',
      }),
    );
    assert.ok(isWrongExpectedVersion(converted));
    assert.equal(toWrongExpectedRevision(converted, 'user-3', 7).actual, 9);
    const missing = convertToCommandError(
      serverError(ErrorType.WRONG_EXPECTED_VERSION, {
        'stream-name': 'user-4',
        'expected-version': '0',
        'actual-version': '-1',
      }),
    );
    assert.ok(isWrongExpectedVersion(missing));
    assert.equal(toWrongExpectedRevision(missing, 'user-4', 0).actual, 'no_stream');
  });

  it('StreamNotFoundError, built directly or from the server, reads as an empty stream', () => {
    assert.ok(isStreamNotFound(new StreamNotFoundError(undefined, 'user-5')));
    assert.ok(
      isStreamNotFound(
        convertToCommandError(serverError(ErrorType.STREAM_NOT_FOUND, { 'stream-name': 'x' })),
      ),
    );
    assert.ok(!isStreamNotFound(StreamDeletedError.fromStreamName('user-5')));
    assert.ok(!isWrongExpectedVersion(new StreamNotFoundError(undefined, 'user-5')));
    assert.ok(!isStreamNotFound(new Error('stream-not-found')));
  });
});

describe('EventStoreDB mapping: positions', () => {
  it('the global position is the commit position', () => {
    assert.equal(toGlobalPosition({ commit: 4_096n, prepare: 4_096n }), 4_096);
    assert.equal(
      toGlobalPosition({ commit: BigInt(Number.MAX_SAFE_INTEGER), prepare: BigInt(Number.MAX_SAFE_INTEGER) }),
      Number.MAX_SAFE_INTEGER,
    );
  });

  it('refuses positions beyond 2^53 − 1 and events without a position rather than rounding', () => {
    assert.throws(() => toGlobalPosition({ commit: 2n ** 53n, prepare: 2n ** 53n }), PositionOutOfRangeError);
    assert.throws(() => toGlobalPosition({ commit: -1n, prepare: -1n }), PositionOutOfRangeError);
    assert.throws(() => toGlobalPosition(undefined), /22\.10/);
  });

  it('position mapping preserves order', () =>
    checkProperty(
      fc.property(fc.bigInt(0n, 2n ** 53n - 1n), fc.bigInt(0n, 2n ** 53n - 1n), (a, b) => {
        const pa = toGlobalPosition({ commit: a, prepare: a });
        const pb = toGlobalPosition({ commit: b, prepare: b });
        return Math.sign(pa - pb) === (a < b ? -1 : a > b ? 1 : 0);
      }),
    ));
});

describe('EventStoreDB mapping: event ids', () => {
  it('a canonical UUID is the server id as it is', () => {
    const id = '0b7e6c5e-7f34-4d5b-9a0e-2c1f3d4e5f60';
    assert.ok(isCanonicalUuid(id));
    assert.equal(toEsdbEventId(id), id);
  });

  it('any other id maps to a fixed canonical UUID', () => {
    const mapped = toEsdbEventId('id-00000001');
    assert.ok(isCanonicalUuid(mapped));
    assert.match(mapped, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(toEsdbEventId('id-00000001'), mapped);
    const upper = '0B7E6C5E-7F34-4D5B-9A0E-2C1F3D4E5F60';
    assert.notEqual(toEsdbEventId(upper), upper.toLowerCase(), 'case is kept apart, as the port keeps it');
  });

  it('distinct port ids give distinct server ids', () =>
    checkProperty(
      fc.property(fc.string(), fc.string(), (a, b) => a === b || toEsdbEventId(a) !== toEsdbEventId(b)),
    ));
});

describe('EventStoreDB mapping: system events', () => {
  it("the server's own streams and types are system events; Folio's are not", () => {
    assert.ok(isSystemEvent({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' }));
    assert.ok(isSystemEvent({ streamId: '$streams', type: '$>' }));
    assert.ok(isSystemEvent({ streamId: 'user-1', type: '$metadata' }));
    assert.ok(isSystemEvent({ streamId: '$$user-1', type: 'anything' }));
    assert.ok(!isSystemEvent({ streamId: 'user-1', type: 'UserCreated' }));
  });
});
