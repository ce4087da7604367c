import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { left, right } from 'fp-ts/Either';
import { Decider } from '../../domain/decider';
import { ConfigEvent } from '../../domain/config/config';
import { specify } from './decider-specification';

/** A toy decider over config events: counts values, refuses 'bad', and can be told to misbehave. */
type Toy = { count: number; seen: string[] };
type ToyCommand = { readonly name: string; readonly mutate?: boolean; readonly invalid?: boolean };

const toy: Decider<ToyCommand, Toy, ConfigEvent> = {
  initialState: () => ({ count: 0, seen: [] }),
  evolve: (state, event) =>
    event.type === 'ConfigValueSet'
      ? { count: state.count + 1, seen: [...state.seen, event.data.name] }
      : state,
  decide: (command, state) => {
    if (command.name === 'bad') return left({ code: 'Conflict', what: 'bad' });
    if (command.mutate === true) state.seen.push(command.name);
    const value = command.invalid === true ? (7 as unknown as string) : 'v';
    return right(
      state.seen.includes(command.name)
        ? []
        : [{ type: 'ConfigValueSet', data: { name: command.name, value } }],
    );
  },
};

const set = (name: string): ConfigEvent => ({ type: 'ConfigValueSet', data: { name, value: 'v' } });
const spec = specify(toy);

describe('the decider specification helper', () => {
  it('passes when the events match and returns the state they lead to', () => {
    const state = spec
      .given([set('a')])
      .when({ name: 'b' })
      .then([set('b')]);
    assert.deepEqual(state, { count: 2, seen: ['a', 'b'] });
  });

  it('fails when the events differ, or the command is refused', () => {
    assert.throws(
      () =>
        spec
          .given([])
          .when({ name: 'b' })
          .then([set('c')]),
      assert.AssertionError,
    );
    assert.throws(() => spec.given([]).when({ name: 'bad' }).then([]), /expected acceptance/);
  });

  it('fails thenNothingHappens when something happened', () => {
    spec
      .given([set('a')])
      .when({ name: 'a' })
      .thenNothingHappens();
    assert.throws(() => spec.given([]).when({ name: 'a' }).thenNothingHappens(), assert.AssertionError);
  });

  it('checks the code and the given fields of a refusal', () => {
    spec.given([]).when({ name: 'bad' }).thenFails('Conflict', { what: 'bad' });
    assert.throws(
      () => spec.given([]).when({ name: 'bad' }).thenFails('UserNotFound'),
      assert.AssertionError,
    );
    assert.throws(() => spec.given([]).when({ name: 'bad' }).thenFails('Conflict', { what: 'x' }), /what/);
    assert.throws(() => spec.given([]).when({ name: 'ok' }).thenFails('Conflict'), /was accepted/);
  });

  it('catches a decider that mutates the state it is given', () => {
    assert.throws(() => spec.given([]).when({ name: 'x', mutate: true }).then([]), TypeError);
  });

  it('catches an event its codec would not store', () => {
    assert.throws(
      () =>
        spec
          .given([])
          .when({ name: 'x', invalid: true })
          .thenState(() => {}),
      /does not decode/,
    );
  });
});
