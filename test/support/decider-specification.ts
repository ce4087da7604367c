import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { Decider, decideAll } from '../../domain/decider';
import { DomainError, DomainErrorCode } from '../../domain/errors';
import { decodeEvent, DomainEvent, encodeEventData, eventVersion } from '../../domain/events';

type ErrorOf<Code extends DomainErrorCode> = Extract<DomainError, { code: Code }>;
type ErrorDetails<Code extends DomainErrorCode> = Partial<Omit<ErrorOf<Code>, 'code'>>;

/** What a decision must turn out to be, once the command has been decided against the given history. */
export interface DecisionExpectation<State, Event> {
  /** The command is accepted and records exactly these events; returns the state they lead to. */
  then(expected: readonly Event[]): State;
  /** The command is accepted and records nothing: it was already true (idempotence). */
  thenNothingHappens(): void;
  /** The command is refused with this error code and, when given, these error fields. */
  thenFails<Code extends DomainErrorCode>(code: Code, details?: ErrorDetails<Code>): void;
  /** The command is accepted (whatever it records) and the resulting state passes `check`. */
  thenState(check: (state: State) => void): void;
}

export interface DeciderSpecification<Command, State, Event> {
  /** `when` takes one command, or several decided as one (as a command handler decides an array). */
  given(events: readonly Event[]): {
    when(command: Command | readonly Command[]): DecisionExpectation<State, Event>;
  };
}

const show = (value: unknown): string => inspect(value, { depth: 8, breakLength: 110 });

/** Freezes a value deeply, so that a decider that mutates its inputs throws instead of passing. */
const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
};

/** Every event a decider records must survive the store: encode, JSON, decode gives it back unchanged. */
const assertStorable = (event: DomainEvent): void => {
  const stored: unknown = JSON.parse(JSON.stringify(encodeEventData(event)));
  const decoded = decodeEvent(event.type, eventVersion(event.type), stored);
  assert.ok(decoded._tag === 'Right', `${event.type} does not decode: ${show(decoded)}`);
  assert.deepEqual(decoded.right, event, `${event.type} changes when stored`);
};

/**
 * Given/when/then for deciders, in the spirit of Emmett's DeciderSpecification: the history is folded
 * with the decider's own `evolve`, the command decided against it, and the outcome compared.
 *
 *   specify(userDecider).given([created]).when({ kind: 'SetRestricted', restricted: true })
 *     .then([{ type: 'UserRestrictionChanged', data: { userId, restricted: true } }]);
 */
export const specify = <Command, State, Event extends DomainEvent>(
  decider: Decider<Command, State, Event>,
): DeciderSpecification<Command, State, Event> => ({
  given: (history) => ({
    when: (command) => {
      const before = deepFreeze(history.reduce(decider.evolve, decider.initialState()));
      const frozen = deepFreeze(command);
      const decision = Array.isArray(frozen)
        ? decideAll(decider, frozen as readonly Command[], before)
        : decider.decide(frozen as Command, before);
      const accepted = (): readonly Event[] => {
        if (decision._tag === 'Left') assert.fail(`expected acceptance, was refused: ${show(decision.left)}`);
        decision.right.forEach(assertStorable);
        return decision.right;
      };
      const after = (events: readonly Event[]): State => events.reduce(decider.evolve, before);
      return {
        then: (expected) => {
          const events = accepted();
          assert.deepEqual(events, expected);
          return after(events);
        },
        thenNothingHappens: () => {
          assert.deepEqual(accepted(), [], 'expected no events');
        },
        thenFails: (code, details = {}) => {
          if (decision._tag === 'Right')
            assert.fail(`expected refusal ${code}, was accepted with ${show(decision.right)}`);
          assert.equal(decision.left.code, code, show(decision.left));
          const actual = decision.left as unknown as Record<string, unknown>;
          for (const [field, value] of Object.entries(details))
            assert.deepEqual(actual[field], value, `field ${field} of ${show(decision.left)}`);
        },
        thenState: (check) => check(after(accepted())),
      };
    },
  }),
});
