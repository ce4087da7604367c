import { END, excludeSystemEvents } from '@eventstore/db-client';
import { EsdbClient, EsdbSubscription } from './client';
import { notifyAll } from '../notify';

/** Waits between attempts to re-subscribe after the connection drops: doubling, capped. */
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

/**
 * One catch-up subscription to $all (system events filtered out by the server) shared by every
 * listener of the store. It only says "something new may be readable": listeners pull with
 * readAll from their own checkpoint, so nothing depends on which notifications arrive, and one
 * is sent whenever the subscription is (re)confirmed, which closes the gap between a reader's
 * catch-up and the subscription going live.
 */
export const createAllNotifications = (client: EsdbClient) => {
  const listeners = new Set<() => void>();
  let subscription: EsdbSubscription | null = null;
  let retry: NodeJS.Timeout | null = null;
  let retryMs = FIRST_RETRY_MS;
  let closed = false;

  const notify = (): void => notifyAll(listeners);

  const start = (): void => {
    if (closed || subscription !== null || listeners.size === 0) return;
    const current = client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
    subscription = current;
    const lost = (): void => {
      if (subscription !== current) return;
      subscription = null;
      scheduleRestart();
    };
    current.on('confirmation', () => {
      retryMs = FIRST_RETRY_MS;
      notify();
    });
    current.on('data', notify);
    current.on('error', lost);
    current.on('end', lost);
  };

  const scheduleRestart = (): void => {
    if (closed || retry !== null || listeners.size === 0) return;
    retry = setTimeout(() => {
      retry = null;
      start();
      // Events may have been written while we were away: let every reader look.
      notify();
    }, retryMs);
    retry.unref();
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  };

  const stop = async (): Promise<void> => {
    if (retry !== null) clearTimeout(retry);
    retry = null;
    const current = subscription;
    subscription = null;
    await current?.unsubscribe().catch(() => undefined);
  };

  return {
    subscribe: (listener: () => void): (() => void) => {
      listeners.add(listener);
      start();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) void stop();
      };
    },
    close: async (): Promise<void> => {
      closed = true;
      listeners.clear();
      await stop();
    },
  };
};
