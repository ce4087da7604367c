import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { money } from '../../support/money';
import { aliceCreated, restricted, spec, USER_ID } from './fixtures';

describe('SetRestricted', () => {
  it('restricts an unrestricted user', () => {
    spec.given([aliceCreated]).when({ kind: 'SetRestricted', restricted: true }).then([restricted]);
  });

  it('lifts a restriction', () => {
    spec
      .given([aliceCreated, restricted])
      .when({ kind: 'SetRestricted', restricted: false })
      .then([{ type: 'UserRestrictionChanged', data: { userId: USER_ID, restricted: false } }]);
  });

  it('records nothing when the user is already so', () => {
    spec
      .given([aliceCreated, restricted])
      .when({ kind: 'SetRestricted', restricted: true })
      .thenNothingHappens();
    spec.given([aliceCreated]).when({ kind: 'SetRestricted', restricted: false }).thenNothingHappens();
  });
});

describe('SetOverdraft', () => {
  it('gives the user an individual overdraft', () => {
    const state = spec
      .given([aliceCreated])
      .when({ kind: 'SetOverdraft', setting: { mode: 'individual', amount: money('5') } })
      .then([
        { type: 'UserOverdraftChanged', data: { userId: USER_ID, mode: 'individual', amount: money('5') } },
      ]);
    assert.deepEqual(state.status === 'present' && state.overdraft, {
      mode: 'individual',
      amount: money('5'),
    });
  });

  it('returns the user to the site default, recording a zero amount', () => {
    const state = spec
      .given([
        aliceCreated,
        { type: 'UserOverdraftChanged', data: { userId: USER_ID, mode: 'individual', amount: money('5') } },
      ])
      .when({ kind: 'SetOverdraft', setting: { mode: 'default' } })
      .then([{ type: 'UserOverdraftChanged', data: { userId: USER_ID, mode: 'default', amount: 0n } }]);
    assert.deepEqual(state.status === 'present' && state.overdraft, { mode: 'default' });
  });
});

describe('DisablePrinting', () => {
  it('disables printing until a time', () => {
    const state = spec
      .given([aliceCreated])
      .when({ kind: 'DisablePrinting', until: '2026-12-01T10:00:00.000Z' })
      .then([{ type: 'UserPrintingDisabled', data: { userId: USER_ID, until: '2026-12-01T10:00:00.000Z' } }]);
    assert.equal(state.status === 'present' && state.printingDisabledUntil, '2026-12-01T10:00:00.000Z');
  });

  it('disables printing until re-enabled when no time is given', () => {
    const state = spec
      .given([aliceCreated])
      .when({ kind: 'DisablePrinting', until: '' })
      .then([{ type: 'UserPrintingDisabled', data: { userId: USER_ID, until: '' } }]);
    assert.equal(state.status === 'present' && state.printingDisabledUntil, 'forever');
  });
});

describe('EnablePrinting', () => {
  it('enables printing that was disabled', () => {
    const state = spec
      .given([aliceCreated, { type: 'UserPrintingDisabled', data: { userId: USER_ID, until: '' } }])
      .when({ kind: 'EnablePrinting' })
      .then([{ type: 'UserPrintingEnabled', data: { userId: USER_ID } }]);
    assert.equal(state.status === 'present' && state.printingDisabledUntil, '');
  });

  it('records nothing when printing is enabled', () => {
    spec.given([aliceCreated]).when({ kind: 'EnablePrinting' }).thenNothingHappens();
  });
});
