import {
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  AppendResult,
  AppendToStreamOptions,
  BACKWARDS,
  END,
  EventData,
  Filter,
  MaxAppendSizeExceededError,
  NO_STREAM,
  ReadAllOptions,
  ReadPosition,
  ReadStreamOptions,
  ResolvedEvent,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  SubscribeToAllOptions,
  UnavailableError,
  WrongExpectedVersionError,
  ANY,
} from '@eventstore/db-client';
import { EsdbClient, EsdbSubscription } from '../../adapters/store/esdb/client';
import {
  comparePositions,
  ModelSubscription,
  passes,
  StoredRecord,
  toResolved,
  yieldToLoop,
} from './esdb-model-log';

/**
 * An in-memory model of the EventStoreDB server behaviours Folio's adapter depends on, behind the
 * client library's own interface, types and error classes — so the adapter code that runs against a
 * real cluster is the code under test here:
 *
 * - positions are byte offsets in a transaction log: strictly increasing, never contiguous, one per
 *   record, commit = prepare (implicitly committed writes), and $all can only be read from a record
 *   boundary (or START/END);
 * - $all holds the server's own events ($-prefixed streams and types) between Folio's;
 * - an append checks its expected revision; a retry is recognised only when the same ids are already
 *   at the place the same expected revision names (at an exact revision equal to the current one the
 *   events are simply written again, duplicates and all); NO_STREAM / exact revisions are checked,
 *   ANY / STREAM_EXISTS recognise a retry on a best-effort basis;
 * - one append writes one stream (no cross-stream transactions), at most `maxAppendSize` bytes;
 * - the append reply's position is the first event's (the transaction's start), not the last one's,
 *   and a recognised retry has none: the adapter must not rely on either;
 * - every call yields to the event loop first, so concurrent callers interleave as over a network;
 * - reading a stream that was never written fails with StreamNotFoundError.
 */

export interface EsdbModelOptions {
  /** Writes a server statistics event into $all after every this many appends (0: never). */
  readonly statsEveryAppends?: number;
  /** EventStoreDB's default MaxAppendSize is 1 MiB. */
  readonly maxAppendSize?: number;
}

/** Bytes a record occupies in the log beyond its data and metadata. */
const RECORD_OVERHEAD = 120;

export interface EsdbModel extends EsdbClient {
  /** Every record, system ones included, in log order. */
  readonly records: () => readonly StoredRecord[];
  writeSystemEvent(streamId: string, type: string): void;
  /** Drops every live subscription with an error, as a lost connection does. */
  dropSubscriptions(): void;
  /** Calls made so far, by method. */
  readonly calls: Record<'append' | 'readStream' | 'readAll' | 'subscribe', number>;
}

export const createEsdbModel = (options: EsdbModelOptions = {}): EsdbModel => {
  const statsEvery = options.statsEveryAppends ?? 5;
  const maxAppendSize = options.maxAppendSize ?? 1_048_576;
  const log: StoredRecord[] = [];
  const boundaries = new Set<bigint>();
  const streams = new Map<string, StoredRecord[]>();
  const live = new Map<ModelSubscription, Filter | undefined>();
  const calls = { append: 0, readStream: 0, readAll: 0, subscribe: 0 };
  // The log starts after the server's own epoch and chunk headers.
  let next = 4_096n;
  let appends = 0;

  const write = (streamId: string, event: { id: string; type: string; data: string; metadata: string }) => {
    const stream = streams.get(streamId) ?? [];
    streams.set(streamId, stream);
    const record: StoredRecord = {
      streamId,
      id: event.id,
      type: event.type,
      revision: BigInt(stream.length),
      position: { commit: next, prepare: next },
      created: new Date(),
      data: event.data,
      metadata: event.metadata,
    };
    next += BigInt(RECORD_OVERHEAD + Buffer.byteLength(event.data) + Buffer.byteLength(event.metadata));
    boundaries.add(record.position.commit);
    log.push(record);
    stream.push(record);
    for (const [subscription, filter] of live)
      if (passes(filter, record)) subscription.emit('data', toResolved(record));
    return record;
  };

  const writeSystemEvent = (streamId: string, type: string): void => {
    write(streamId, { id: crypto.randomUUID(), type, data: '{}', metadata: '' });
  };

  // A new database already holds the server's own events: default users, settings.
  writeSystemEvent('$users', '$UserCreated');
  writeSystemEvent('$user-admin', '$user');
  writeSystemEvent('$settings', '$settings');

  const wrongVersion = (
    streamName: string,
    expected: AppendExpectedRevision,
    stream: StoredRecord[] | undefined,
  ) =>
    new WrongExpectedVersionError(undefined, {
      streamName,
      expected,
      current: stream === undefined || stream.length === 0 ? NO_STREAM : BigInt(stream.length - 1),
    });

  /** Whether `events` are exactly the stream's events from `from` on: the server's retry test. */
  const sameIdsAt = (stream: readonly StoredRecord[], from: number, events: readonly EventData[]): boolean =>
    from >= 0 &&
    from + events.length <= stream.length &&
    events.every((event, index) => stream[from + index]?.id === event.id);

  const appendToStream = async (
    streamName: string,
    events: EventData[],
    appendOptions: AppendToStreamOptions,
  ): Promise<AppendResult> => {
    calls.append += 1;
    await yieldToLoop();
    const expected = appendOptions.expectedRevision ?? ANY;
    const stream = streams.get(streamName);
    const current = stream === undefined ? -1 : stream.length - 1;
    const recognised = (from: number): AppendResult => ({
      success: true,
      nextExpectedRevision: BigInt(from + events.length - 1),
    });
    if (expected === NO_STREAM) {
      if (stream !== undefined) {
        if (events.length > 0 && sameIdsAt(stream, 0, events)) return recognised(0);
        throw wrongVersion(streamName, expected, stream);
      }
    } else if (expected === STREAM_EXISTS || expected === ANY) {
      if (expected === STREAM_EXISTS && stream === undefined)
        throw wrongVersion(streamName, expected, stream);
      const first = events[0];
      const at =
        first === undefined || stream === undefined
          ? -1
          : stream.findIndex((record) => record.id === first.id);
      if (stream !== undefined && at >= 0 && sameIdsAt(stream, at, events)) return recognised(at);
    } else {
      const revision = Number(expected);
      if (revision !== current) {
        if (
          stream !== undefined &&
          revision < current &&
          events.length > 0 &&
          sameIdsAt(stream, revision + 1, events)
        )
          return recognised(revision + 1);
        throw wrongVersion(streamName, expected, stream);
      }
    }
    const encoded = events.map((event) => {
      if (event.contentType !== 'application/json') throw new TypeError('the model stores JSON events only');
      return {
        id: event.id,
        type: event.type,
        data: JSON.stringify(event.data),
        metadata: event.metadata === undefined ? '' : JSON.stringify(event.metadata),
      };
    });
    const size = encoded.reduce(
      (sum, event) => sum + Buffer.byteLength(event.data) + Buffer.byteLength(event.metadata),
      0,
    );
    if (size > maxAppendSize) throw MaxAppendSizeExceededError.fromMaxAppendSize(maxAppendSize);
    const written = encoded.map((event) => write(streamName, event));
    appends += 1;
    if (statsEvery > 0 && appends % statsEvery === 0)
      writeSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
    const last = streams.get(streamName)?.length ?? 0;
    return {
      success: true,
      nextExpectedRevision: BigInt(last - 1),
      ...(written[0] === undefined ? {} : { position: { ...written[0].position } }),
    };
  };

  async function* readStream(
    streamName: string,
    readOptions: ReadStreamOptions,
  ): AsyncGenerator<ResolvedEvent> {
    calls.readStream += 1;
    await yieldToLoop();
    const stream = streams.get(streamName);
    if (stream === undefined) throw new StreamNotFoundError(undefined, streamName);
    const backwards = readOptions.direction === BACKWARDS;
    const from = readOptions.fromRevision ?? (backwards ? END : START);
    const maxCount = Number(readOptions.maxCount ?? Number.MAX_SAFE_INTEGER);
    const selected = backwards
      ? stream.filter((record) => from === END || (from !== START && record.revision <= from)).reverse()
      : stream.filter((record) => from === START || (from !== END && record.revision >= from));
    for (const record of selected.slice(0, maxCount)) yield toResolved(record);
  }

  const isReadable = (position: ReadPosition): boolean =>
    position === START || position === END || boundaries.has(position.commit) || position.commit === next;

  async function* readAll(readOptions: ReadAllOptions): AsyncGenerator<AllStreamResolvedEvent> {
    calls.readAll += 1;
    await yieldToLoop();
    const backwards = readOptions.direction === BACKWARDS;
    const from = readOptions.fromPosition ?? (backwards ? END : START);
    if (!isReadable(from))
      throw new Error(
        `$all cannot be read from a position inside a record (${JSON.stringify(from, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))})`,
      );
    const maxCount = Number(readOptions.maxCount ?? Number.MAX_SAFE_INTEGER);
    const selected = backwards
      ? log
          .filter((record) => from === END || (from !== START && comparePositions(record.position, from) < 0))
          .reverse()
      : log.filter(
          (record) => from === START || (from !== END && comparePositions(record.position, from) >= 0),
        );
    for (const record of selected.slice(0, maxCount)) yield toResolved(record);
  }

  const subscribeToAll = (subscribeOptions: SubscribeToAllOptions): EsdbSubscription => {
    calls.subscribe += 1;
    const subscription = new ModelSubscription((closed) => live.delete(closed));
    const from = subscribeOptions.fromPosition ?? START;
    setImmediate(() => {
      if (from !== END) {
        for (const record of log) {
          if (from !== START && comparePositions(record.position, from) <= 0) continue;
          if (passes(subscribeOptions.filter, record)) subscription.emit('data', toResolved(record));
        }
      }
      live.set(subscription, subscribeOptions.filter);
      subscription.emit('confirmation');
    });
    return subscription;
  };

  return {
    appendToStream,
    readStream,
    readAll,
    subscribeToAll,
    dispose: async () => {
      for (const subscription of [...live.keys()]) await subscription.unsubscribe();
    },
    records: () => log,
    writeSystemEvent,
    dropSubscriptions: () => {
      for (const subscription of [...live.keys()]) {
        live.delete(subscription);
        subscription.emit('error', new UnavailableError());
      }
    },
    calls,
  };
};
