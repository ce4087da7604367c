import { Logger } from '../../adapters/log';
import { EventStore } from '../../adapters/store/port';
import { latestStoredCheckpoint } from './checkpoint';
import { signLogCheckpoint } from './log-proofs';

/**
 * The running server's signed checkpoints: every `seconds`, one of the log as it stands, kept in
 * the data folder's checkpoints/ — only when the log grew since the last one. Returns a stop that
 * waits for a checkpoint being signed.
 */
export const startPeriodicCheckpoints = (options: {
  readonly store: EventStore;
  readonly dataDir: string;
  readonly seconds: number;
  readonly log: Logger;
}): (() => Promise<void>) => {
  if (options.seconds === 0) return () => Promise.resolve();
  let signedUpTo = latestStoredCheckpoint(options.dataDir)?.checkpoint.lastPosition ?? 0;
  let signing: Promise<void> | null = null;
  const sign = async (): Promise<void> => {
    try {
      if ((await options.store.headPosition()) <= signedUpTo) return;
      const { checkpoint, path } = await signLogCheckpoint(options.store, options.dataDir);
      signedUpTo = checkpoint.lastPosition;
      options.log.info(
        { event: 'checkpoint-signed', size: checkpoint.size, root: checkpoint.root, path },
        `signed a checkpoint of the log: ${checkpoint.size} events, Merkle root ${checkpoint.root}`,
      );
    } catch (error) {
      options.log.warn(
        { event: 'checkpoint-failed', err: error },
        'a periodic checkpoint could not be signed',
      );
    }
  };
  const timer = setInterval(() => {
    if (signing === null) signing = sign().finally(() => (signing = null));
  }, options.seconds * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await signing;
  };
};
