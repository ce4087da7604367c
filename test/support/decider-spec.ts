import assert from 'node:assert/strict';
import { Decider, fold } from '../../domain/decider';
import { DomainError } from '../../domain/errors';

/**
 * Decider specifications that read as given/when/then: `spec(decider).given(events).when(command)
 * .then(expectedEvents)` or `.thenFails(expectedError)`.
 */
export const spec = <Command, State, Event>(decider: Decider<Command, State, Event>) => ({
  given: (events: readonly Event[]) => ({
    when: (command: Command) => {
      const decision = decider.decide(command, fold(decider, events));
      return {
        then: (expected: readonly Event[]): void => {
          assert.equal(
            decision._tag,
            'Right',
            `expected events, got ${JSON.stringify(decision, bigintText)}`,
          );
          if (decision._tag === 'Right') assert.deepEqual(decision.right, expected);
        },
        thenFails: (expected: Partial<DomainError> & Pick<DomainError, 'code'>): void => {
          assert.equal(
            decision._tag,
            'Left',
            `expected ${expected.code}, got ${JSON.stringify(decision, bigintText)}`,
          );
          if (decision._tag === 'Left') assert.deepEqual({ ...decision.left, ...expected }, decision.left);
        },
      };
    },
  }),
});

const bigintText = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? `${value}n` : value;
