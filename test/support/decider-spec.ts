import assert from 'node:assert/strict';
import { Either } from 'fp-ts/Either';
import { decideAll } from '../../domain/decider';
import { DomainError } from '../../domain/errors';

interface AnyDecider<Command, State, Event> {
  readonly decide: (command: Command, state: State) => Either<DomainError, readonly Event[]>;
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
}

/**
 * Decider specifications that read as `given(events).when(command).then(expectedEvents)`:
 * the state is folded from past events only, as the store would give it.
 */
export const specFor = <Command, State, Event>(decider: AnyDecider<Command, State, Event>) => ({
  given: (events: readonly Event[]) => {
    const state = events.reduce(decider.evolve, decider.initialState());
    return {
      /** One command, or several decided as one (as a command handler decides an array). */
      when: (command: Command | readonly Command[]) => {
        const decision = Array.isArray(command)
          ? decideAll(decider, command as readonly Command[], state)
          : decider.decide(command as Command, state);
        return {
          then: (expected: readonly Event[]): void => {
            assert.equal(decision._tag, 'Right', `expected events, got ${JSON.stringify(decision, bigints)}`);
            if (decision._tag === 'Right') assert.deepEqual(decision.right, expected);
          },
          thenNothing: (): void => {
            assert.equal(
              decision._tag,
              'Right',
              `expected no events, got ${JSON.stringify(decision, bigints)}`,
            );
            if (decision._tag === 'Right') assert.deepEqual(decision.right, []);
          },
          thenFails: (expected: Partial<DomainError> & Pick<DomainError, 'code'>): void => {
            assert.equal(
              decision._tag,
              'Left',
              `expected ${expected.code}, got ${JSON.stringify(decision, bigints)}`,
            );
            if (decision._tag === 'Left') assert.deepEqual({ ...decision.left, ...expected }, decision.left);
          },
          /** The events, for assertions the other forms cannot say. */
          events: (): readonly Event[] => {
            if (decision._tag === 'Left') assert.fail(`expected events, got ${decision.left.code}`);
            return decision.right;
          },
        };
      },
    };
  },
});

const bigints = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? `${value}n` : value);
