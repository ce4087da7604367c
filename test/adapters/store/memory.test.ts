import { createMemoryEventStore } from '../../../adapters/store/memory';
import { runStoreContract } from './contract';

// The in-memory store keeps nothing across a close, so it offers no reopen: the durability test skips.
runStoreContract('in-memory', async () => {
  const store = createMemoryEventStore();
  return { store, cleanup: () => store.close() };
});
