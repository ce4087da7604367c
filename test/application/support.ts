import { UniquenessEvent } from '../../domain/uniqueness/uniqueness';
import { RequestContext } from '../../application/envelope';
import { EventStore } from '../../adapters/store/port';

export const context: RequestContext = { actor: 'test', method: 'test', correlationId: 'test-correlation' };

/** A real, registered event type with a payload that tells events apart. */
export const claimed = (ownerId: string): UniquenessEvent => ({
  type: 'NameClaimed',
  data: { kind: 'username', key: 'key', ownerId },
});

/** State that is the history of owners claimed, so a test sees exactly what a decision saw. */
export const historyDecider = {
  initialState: (): readonly string[] => [],
  evolve: (history: readonly string[], event: UniquenessEvent): readonly string[] => [
    ...history,
    event.data.ownerId,
  ],
};

/** A store whose `append` runs `before` first: a way to slip another writer in at the worst moment. */
export const withBeforeAppend = (
  store: EventStore,
  before: (stream: string, attempt: number) => Promise<void>,
): EventStore => {
  let attempts = 0;
  return {
    ...store,
    append: async (stream, expected, events, options) => {
      attempts += 1;
      await before(stream, attempts);
      return store.append(stream, expected, events, options);
    },
  };
};

export const ownersIn = async (store: EventStore, stream: string): Promise<string[]> =>
  (await store.readStream(stream)).map((event) => (event.data as { ownerId: string }).ownerId);

/** Resolves after `count` macrotasks: time enough for anything merely queued to have run. */
export const macrotasks = async (count = 5): Promise<void> => {
  for (let index = 0; index < count; index += 1) await new Promise((resolve) => setImmediate(resolve));
};
