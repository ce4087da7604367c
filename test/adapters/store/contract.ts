import { describe, it } from 'node:test';
import { ContractTest, StoreContractOptions, StoreUnderTest } from './contract-support';
import { eventIdsContract } from './contract-event-ids';
import { payloadsContract } from './contract-payloads';
import { pipeliningContract } from './contract-pipelining';
import { readingContract } from './contract-reading';
import { revisionsContract } from './contract-revisions';

export { StoreContractOptions, StoreUnderTest } from './contract-support';

/**
 * The event store contract. Every implementation registers it under its own name and must pass all
 * of it: the application relies on nothing a store does beyond what is asserted here.
 */
export const runStoreContract = (
  name: string,
  openStore: () => Promise<StoreUnderTest>,
  options: StoreContractOptions = {},
): void => {
  const test: ContractTest = (title, body) => {
    it(title, async (context) => {
      const subject = await openStore();
      try {
        await body(subject, context);
      } finally {
        await subject.cleanup();
      }
    });
  };
  const skipTest: ContractTest = (title) => {
    it(title, { skip: `not part of ${name}'s semantics` }, () => undefined);
  };

  const suite = { name, options, test, skipTest };
  describe(`event store contract: ${name}`, () => {
    revisionsContract(suite);
    readingContract(suite);
    eventIdsContract(suite);
    payloadsContract(suite);
    pipeliningContract(suite);
  });
};
