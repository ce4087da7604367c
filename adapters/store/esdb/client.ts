import {
  AllStreamResolvedEvent,
  AppendResult,
  AppendToStreamOptions,
  EventData,
  EventStoreDBClient,
  ReadAllOptions,
  ReadStreamOptions,
  ResolvedEvent,
  SubscribeToAllOptions,
} from '@eventstore/db-client';

/** A live subscription to $all, as far as the adapter listens to it. */
export interface EsdbSubscription {
  on(event: 'data', listener: (resolved: AllStreamResolvedEvent) => void): unknown;
  on(event: 'confirmation' | 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  unsubscribe(): Promise<void>;
}

/**
 * The part of `EventStoreDBClient` the adapter uses. Kept this small so that an in-memory model of
 * the server (test/support/esdb-model.ts) can implement it faithfully and run the store contract
 * without a server; the real client satisfies it as it is (checked where it is connected below).
 */
export interface EsdbClient {
  appendToStream(
    streamName: string,
    events: EventData[],
    options: AppendToStreamOptions,
  ): Promise<AppendResult>;
  readStream(streamName: string, options: ReadStreamOptions): AsyncIterable<ResolvedEvent>;
  readAll(options: ReadAllOptions): AsyncIterable<AllStreamResolvedEvent>;
  subscribeToAll(options: SubscribeToAllOptions): EsdbSubscription;
  dispose(): Promise<void>;
}

export class EsdbConnectionError extends Error {}

/**
 * Decisions read a stream and append at the revision they read, and an append's position is read
 * back at once: both must see the leader's log, not a follower's that may lag. So the connection
 * must prefer the leader, which is the client's default.
 */
export const checkNodePreference = (url: string): void => {
  const match = /[?&]nodePreference=([^&]*)/i.exec(url);
  const preference = match?.[1]?.toLowerCase();
  if (preference !== undefined && preference !== 'leader')
    throw new EsdbConnectionError(
      `nodePreference=${preference}: Folio reads what it has just written and must talk to the leader; remove the option or set nodePreference=leader`,
    );
};

/** Connects lazily (on the first call), as the client library does; `url` is an esdb:// connection string. */
export const connectEsdb = (url: string): EsdbClient => {
  checkNodePreference(url);
  const client: EsdbClient = EventStoreDBClient.connectionString(url);
  return client;
};
