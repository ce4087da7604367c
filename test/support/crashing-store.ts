import { EventStore } from '../../adapters/store/port';

export class SimulatedCrash extends Error {
  constructor(append: number) {
    super(`simulated crash at append ${append}`);
    this.name = 'SimulatedCrash';
  }
}

/**
 * Where a process dies: at its `atAppend`-th append once armed, either before that append reaches the
 * store or after it is durable but before the reply arrives. From then on every append fails, as
 * nothing more leaves a dead process; appends already in flight complete, as they would on a server.
 */
export interface CrashPlan {
  readonly atAppend: number;
  readonly when: 'before-write' | 'after-write';
}

export const crashingStore = (store: EventStore) => {
  let plan: CrashPlan | null = null;
  let appends = 0;
  let crashed = false;
  const reachedStore = new Set<Promise<unknown>>();
  const forward: EventStore['append'] = (stream, expected, events, options) => {
    const appended = store.append(stream, expected, events, options);
    reachedStore.add(appended);
    void appended.then(
      () => reachedStore.delete(appended),
      () => reachedStore.delete(appended),
    );
    return appended;
  };
  const wrapped: EventStore = {
    ...store,
    append: async (stream, expected, events, options) => {
      if (crashed) throw new SimulatedCrash(appends);
      if (plan === null) return forward(stream, expected, events, options);
      appends += 1;
      if (appends < plan.atAppend) return forward(stream, expected, events, options);
      crashed = true;
      if (plan.when === 'after-write') await forward(stream, expected, events, options);
      throw new SimulatedCrash(appends);
    },
    // The store outlives the process: the restarted one opens it again.
    close: async () => undefined,
  };
  return {
    store: wrapped,
    arm: (next: CrashPlan): void => {
      plan = next;
      appends = 0;
    },
    crashed: (): boolean => crashed,
    /**
     * Resolves once every append that reached the store has committed or failed: the state the store
     * is in when the dead process is gone (a dead process commits nothing later).
     */
    settled: async (): Promise<void> => {
      await Promise.allSettled([...reachedStore]);
    },
  };
};
