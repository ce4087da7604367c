import { Either, isLeft, right } from 'fp-ts/Either';
import { DomainError } from './errors';

/**
 * An aggregate's behaviour as three plain functions. `decide` never reads a clock or any
 * other state than the one it is given: time and reference data arrive in the command.
 */
export interface Decider<Command, State, Event> {
  readonly decide: (command: Command, state: State) => Either<DomainError, readonly Event[]>;
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
}

/** Compile-time proof that a switch handled every member of a union. */
export const assertNever = (value: never): never => {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
};

/**
 * Several commands decided as one, as a command handler decides an array of them: each against the
 * state the previous ones left; any refusal refuses all, so nothing of the accepted ones is recorded.
 */
export const decideAll = <Command, State, Event>(
  decider: Pick<Decider<Command, State, Event>, 'decide' | 'evolve'>,
  commands: readonly Command[],
  state: State,
): Either<DomainError, readonly Event[]> => {
  const events: Event[] = [];
  let current = state;
  for (const command of commands) {
    const decided = decider.decide(command, current);
    if (isLeft(decided)) return decided;
    events.push(...decided.right);
    current = decided.right.reduce(decider.evolve, current);
  }
  return right(events);
};

export const fold = <State, Event>(
  decider: Pick<Decider<unknown, State, Event>, 'evolve' | 'initialState'>,
  events: readonly Event[],
): State => events.reduce(decider.evolve, decider.initialState());
