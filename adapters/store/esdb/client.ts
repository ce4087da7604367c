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

/** Connects lazily (on the first call), as the client library does; `url` is an esdb:// connection string. */
export const connectEsdb = (url: string): EsdbClient => {
  const client: EsdbClient = EventStoreDBClient.connectionString(url);
  return client;
};
