import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  configDecider,
  ConfigEvent,
  configValue,
  MAX_CONFIG_VALUE_LENGTH,
} from '../../../domain/config/config';
import { fold } from '../../../domain/decider';
import { specify } from '../../support/decider-specification';

const spec = specify(configDecider);
const valueSet = (name: string, value: string): ConfigEvent => ({
  type: 'ConfigValueSet',
  data: { name, value },
});

describe('SetConfigValue', () => {
  it('sets a value', () => {
    const state = spec
      .given([])
      .when({ kind: 'SetConfigValue', name: 'user.default-overdraft', value: '5.00' })
      .then([valueSet('user.default-overdraft', '5.00')]);
    assert.equal(configValue(state, 'user.default-overdraft'), '5.00');
  });

  it('replaces a value', () => {
    spec
      .given([valueSet('a', '1')])
      .when({ kind: 'SetConfigValue', name: 'a', value: '2' })
      .thenState((state) => assert.equal(configValue(state, 'a'), '2'));
  });

  it('records nothing when the value is already set', () => {
    spec
      .given([valueSet('a', '1')])
      .when({ kind: 'SetConfigValue', name: 'a', value: '1' })
      .thenNothingHappens();
  });

  it('unsets a value with an empty string, and an unset name reads as ""', () => {
    const state = spec
      .given([valueSet('a', '1')])
      .when({ kind: 'SetConfigValue', name: 'a', value: '' })
      .then([valueSet('a', '')]);
    assert.deepEqual(state.values, {});
    assert.equal(configValue(state, 'a'), '');
    spec.given([]).when({ kind: 'SetConfigValue', name: 'never-set', value: '' }).thenNothingHappens();
  });

  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])
    it(`stores ${name} as a plain name that never touches Object.prototype`, () => {
      assert.equal(configValue(configDecider.initialState(), name), '');
      const state = spec
        .given([])
        .when({ kind: 'SetConfigValue', name, value: 'x' })
        .then([valueSet(name, 'x')]);
      assert.equal(configValue(state, name), 'x');
      assert.equal(Object.getPrototypeOf(state.values), Object.prototype);
      assert.deepEqual(Object.keys(state.values), [name]);
      const cleared = fold(configDecider, [valueSet(name, 'x'), valueSet(name, '')]);
      assert.equal(configValue(cleared, name), '');
      assert.deepEqual(Object.keys(cleared.values), []);
      assert.equal(({} as Record<string, unknown>).x, undefined);
      assert.equal(typeof Object.prototype.toString, 'function');
    });

  it('accepts a value of the longest length and refuses one character more', () => {
    const longest = 'v'.repeat(MAX_CONFIG_VALUE_LENGTH);
    spec
      .given([])
      .when({ kind: 'SetConfigValue', name: 'big', value: longest })
      .then([valueSet('big', longest)]);
    spec
      .given([])
      .when({ kind: 'SetConfigValue', name: 'big', value: `${longest}v` })
      .thenFails('InvalidValue', { field: 'big', expected: `at most ${MAX_CONFIG_VALUE_LENGTH} characters` });
  });

  for (const name of ['', ' padded', 'tab\tname'])
    it(`refuses the name ${JSON.stringify(name)}`, () => {
      spec
        .given([])
        .when({ kind: 'SetConfigValue', name, value: 'x' })
        .thenFails('InvalidName', { kind: 'config' });
    });
});

describe('ChangeAdminPassword', () => {
  it('records the hash of the new password, every time', () => {
    const state = spec
      .given([{ type: 'AdminPasswordChanged', data: { passwordHash: 'h1' } }])
      .when({ kind: 'ChangeAdminPassword', passwordHash: 'h2' })
      .then([{ type: 'AdminPasswordChanged', data: { passwordHash: 'h2' } }]);
    assert.equal(state.adminPasswordHash, 'h2');
  });
});
