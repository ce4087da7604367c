import fc from 'fast-check';
import { describe, it } from 'node:test';
import { checkAsyncProperty } from '../../support/property';
import { CLIENTS, race, useTwoServers } from './concurrency-fixture';

describe('racing clients on two servers sharing one store', () => {
  useTwoServers();

  it('conditional debits racing on one restricted account never overdraw it', async () => {
    const cents = (max: number) => fc.integer({ min: 0, max }).map((value) => (value / 100).toFixed(2));
    await checkAsyncProperty(
      fc.asyncProperty(
        cents(2_000),
        fc.array(
          fc.tuple(
            cents(400).filter((text) => text !== '0.00'),
            fc.boolean(),
            cents(100),
          ),
          { minLength: CLIENTS, maxLength: CLIENTS },
        ),
        async (opening, debits) => {
          try {
            await race(opening, debits);
          } catch (error) {
            // fast-check shows the counterexample; this shows what went wrong with it.
            process.stderr.write(`conditional debit race failed: ${String(error)}\n`);
            throw error;
          }
        },
      ),
      8,
    );
  });
});
