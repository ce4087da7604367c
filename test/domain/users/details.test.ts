import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserEvent } from '../../../domain/users/events';
import { aliceCreated, directoryUserCreated, spec, USER_ID } from './fixtures';

const detailsChanged = (changes: Extract<UserEvent, { type: 'UserDetailsChanged' }>['data']['changes']) =>
  ({ type: 'UserDetailsChanged', data: { userId: USER_ID, changes } }) as const;

describe('ChangeUserDetails', () => {
  it('records the fields that change', () => {
    spec
      .given([aliceCreated])
      .when({ kind: 'ChangeUserDetails', changes: { fullName: 'Alice L', department: 'Maths' } })
      .then([detailsChanged({ fullName: 'Alice L', department: 'Maths' })]);
  });

  it('leaves out fields that already hold the value', () => {
    spec
      .given([aliceCreated, detailsChanged({ fullName: 'Alice L', email: 'a@example.org' })])
      .when({ kind: 'ChangeUserDetails', changes: { fullName: 'Alice L', email: 'alice@example.org' } })
      .then([detailsChanged({ email: 'alice@example.org' })]);
  });

  it('records nothing when every field already holds its value', () => {
    spec
      .given([aliceCreated, detailsChanged({ notes: 'x' })])
      .when({ kind: 'ChangeUserDetails', changes: { notes: 'x' } })
      .thenNothingHappens();
  });

  it('clears a field with an empty string', () => {
    const state = spec
      .given([aliceCreated, detailsChanged({ office: 'B12' })])
      .when({ kind: 'ChangeUserDetails', changes: { office: '' } })
      .then([detailsChanged({ office: '' })]);
    assert.equal(state.status === 'present' ? state.details.office : undefined, '');
  });

  it('records nothing when clearing a field that was never set', () => {
    spec
      .given([aliceCreated])
      .when({ kind: 'ChangeUserDetails', changes: { office: '' } })
      .thenNothingHappens();
  });
});

describe('SetCardNumber', () => {
  it('sets the primary card number', () => {
    spec
      .given([aliceCreated])
      .when({ kind: 'SetCardNumber', slot: 'primary', cardNumber: '1234' })
      .then([
        { type: 'UserCardNumberChanged', data: { userId: USER_ID, slot: 'primary', cardNumber: '1234' } },
      ]);
  });

  it('sets the secondary card number independently of the primary', () => {
    const state = spec
      .given([
        aliceCreated,
        { type: 'UserCardNumberChanged', data: { userId: USER_ID, slot: 'primary', cardNumber: '1234' } },
      ])
      .when({ kind: 'SetCardNumber', slot: 'secondary', cardNumber: '1234' })
      .then([
        { type: 'UserCardNumberChanged', data: { userId: USER_ID, slot: 'secondary', cardNumber: '1234' } },
      ]);
    assert.equal(state.status === 'present' && state.primaryCardNumber, '1234');
    assert.equal(state.status === 'present' && state.secondaryCardNumber, '1234');
  });

  it('records nothing when the slot already holds the number', () => {
    spec
      .given([
        aliceCreated,
        { type: 'UserCardNumberChanged', data: { userId: USER_ID, slot: 'secondary', cardNumber: '99' } },
      ])
      .when({ kind: 'SetCardNumber', slot: 'secondary', cardNumber: '99' })
      .thenNothingHappens();
  });

  it('clears a card number with an empty string', () => {
    spec
      .given([
        aliceCreated,
        { type: 'UserCardNumberChanged', data: { userId: USER_ID, slot: 'primary', cardNumber: '1234' } },
      ])
      .when({ kind: 'SetCardNumber', slot: 'primary', cardNumber: '' })
      .then([{ type: 'UserCardNumberChanged', data: { userId: USER_ID, slot: 'primary', cardNumber: '' } }]);
  });
});

describe('SetPin', () => {
  it('records the hash of the new PIN', () => {
    const state = spec
      .given([aliceCreated])
      .when({ kind: 'SetPin', pinHash: 'hash-1' })
      .then([{ type: 'UserPinChanged', data: { userId: USER_ID, pinHash: 'hash-1' } }]);
    assert.equal(state.status === 'present' && state.hasPin, true);
  });

  it('clears the PIN with an empty hash', () => {
    const state = spec
      .given([aliceCreated, { type: 'UserPinChanged', data: { userId: USER_ID, pinHash: 'hash-1' } }])
      .when({ kind: 'SetPin', pinHash: '' })
      .then([{ type: 'UserPinChanged', data: { userId: USER_ID, pinHash: '' } }]);
    assert.equal(state.status === 'present' && state.hasPin, false);
  });

  it('sets a PIN for a directory user too', () => {
    spec
      .given([directoryUserCreated])
      .when({ kind: 'SetPin', pinHash: 'hash-1' })
      .then([{ type: 'UserPinChanged', data: { userId: USER_ID, pinHash: 'hash-1' } }]);
  });
});

describe('SetPassword', () => {
  it('records the hash of an internal user password', () => {
    spec
      .given([aliceCreated])
      .when({ kind: 'SetPassword', passwordHash: 'hash-2' })
      .then([{ type: 'UserPasswordChanged', data: { userId: USER_ID, passwordHash: 'hash-2' } }]);
  });

  it('refuses a password for a user from the directory, which holds that password', () => {
    spec
      .given([directoryUserCreated])
      .when({ kind: 'SetPassword', passwordHash: 'hash-2' })
      .thenFails('NotAnInternalUser', { username: 'bob' });
  });
});

describe('SetSwitches', () => {
  it('records the switches that change', () => {
    spec
      .given([aliceCreated])
      .when({ kind: 'SetSwitches', changes: { dontArchive: true, disabledNet: false } })
      .then([{ type: 'UserSwitchesChanged', data: { userId: USER_ID, changes: { dontArchive: true } } }]);
  });

  it('records nothing when every switch already has its value (all start off)', () => {
    spec
      .given([
        aliceCreated,
        { type: 'UserSwitchesChanged', data: { userId: USER_ID, changes: { autoReleaseJobs: true } } },
      ])
      .when({ kind: 'SetSwitches', changes: { autoReleaseJobs: true, dontHoldJobsInReleaseStation: false } })
      .thenNothingHappens();
  });

  it('turns a switch off again', () => {
    spec
      .given([
        aliceCreated,
        {
          type: 'UserSwitchesChanged',
          data: { userId: USER_ID, changes: { dontApplyPrinterFilterRules: true } },
        },
      ])
      .when({ kind: 'SetSwitches', changes: { dontApplyPrinterFilterRules: false } })
      .then([
        {
          type: 'UserSwitchesChanged',
          data: { userId: USER_ID, changes: { dontApplyPrinterFilterRules: false } },
        },
      ]);
  });
});

describe('SetCostAdjustment', () => {
  it('records a new percentage', () => {
    spec
      .given([aliceCreated])
      .when({ kind: 'SetCostAdjustment', percent: '87.5' })
      .then([{ type: 'UserCostAdjustmentChanged', data: { userId: USER_ID, percent: '87.5' } }]);
  });

  it('records nothing for the percentage already in force (100 by default)', () => {
    spec.given([aliceCreated]).when({ kind: 'SetCostAdjustment', percent: '100' }).thenNothingHappens();
  });
});

describe('ResetCounts', () => {
  it('records who reset the counts and what they were', () => {
    spec
      .given([aliceCreated])
      .when({ kind: 'ResetCounts', resetBy: 'admin', jobCountBefore: 3, pageCountBefore: 12 })
      .then([
        {
          type: 'UserCountsReset',
          data: { userId: USER_ID, resetBy: 'admin', jobCountBefore: 3, pageCountBefore: 12 },
        },
      ]);
  });
});
