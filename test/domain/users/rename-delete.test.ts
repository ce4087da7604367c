import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserCommand } from '../../../domain/users/commands';
import { money } from '../../support/money';
import {
  aliceCreated,
  balanceAdjusted,
  defaultPolicy,
  deleted,
  directoryUserCreated,
  spec,
  transfer,
  USER_ID,
} from './fixtures';

describe('RenameUser', () => {
  it('renames, recording the old and the new name', () => {
    spec
      .given([aliceCreated])
      .when({ kind: 'RenameUser', newUsername: 'alice2' })
      .then([{ type: 'UserRenamed', data: { userId: USER_ID, from: 'alice', to: 'alice2' } }]);
  });

  it('keeps the balance and the id across a rename', () => {
    spec
      .given([aliceCreated, balanceAdjusted(money('3'), money('3'))])
      .when({ kind: 'RenameUser', newUsername: 'Carol' })
      .thenState((state) => {
        assert.equal(state.status === 'present' && state.username, 'carol');
        assert.equal(state.status === 'present' && state.userId, USER_ID);
        assert.deepEqual(state.status === 'present' && state.balances, { '': money('3') });
      });
  });

  it('records nothing when the new name differs only in case', () => {
    spec.given([aliceCreated]).when({ kind: 'RenameUser', newUsername: 'ALICE' }).thenNothingHappens();
  });

  it('refuses an invalid name', () => {
    spec.given([aliceCreated]).when({ kind: 'RenameUser', newUsername: '' }).thenFails('InvalidName');
  });

  it('refuses to give an internal user a name with / \\ or @', () => {
    spec
      .given([aliceCreated])
      .when({ kind: 'RenameUser', newUsername: 'alice@example.org' })
      .thenFails('InvalidName', { kind: 'user' });
  });

  it('gives a directory user a name with @', () => {
    spec
      .given([directoryUserCreated])
      .when({ kind: 'RenameUser', newUsername: 'bob@example.org' })
      .then([{ type: 'UserRenamed', data: { userId: USER_ID, from: 'bob', to: 'bob@example.org' } }]);
  });
});

describe('DeleteUser', () => {
  const withPersonalData = [
    aliceCreated,
    { type: 'UserDetailsChanged', data: { userId: USER_ID, changes: { fullName: 'Alice', email: 'a@x' } } },
    { type: 'UserCardNumberChanged', data: { userId: USER_ID, slot: 'primary', cardNumber: '1234' } },
    { type: 'UserCardNumberChanged', data: { userId: USER_ID, slot: 'secondary', cardNumber: '5678' } },
    { type: 'UserPinChanged', data: { userId: USER_ID, pinHash: 'pin' } },
    { type: 'UserPasswordChanged', data: { userId: USER_ID, passwordHash: 'pw' } },
    balanceAdjusted(money('2'), money('2')),
  ] as const;

  it('deletes a user, keeping its data for the history', () => {
    const state = spec.given(withPersonalData).when({ kind: 'DeleteUser', redact: false }).then([deleted]);
    assert.equal(state.status === 'present' && state.deleted, true);
    assert.equal(state.status === 'present' && state.details.fullName, 'Alice');
    assert.equal(state.status === 'present' && state.primaryCardNumber, '1234');
  });

  it('with redact, wipes personal data but keeps the ledger', () => {
    const state = spec
      .given(withPersonalData)
      .when({ kind: 'DeleteUser', redact: true })
      .then([{ type: 'UserDeleted', data: { userId: USER_ID, username: 'alice', redacted: true } }]);
    assert.equal(state.status, 'present');
    if (state.status !== 'present') return;
    assert.equal(state.deleted, true);
    assert.equal(state.redacted, true);
    assert.deepEqual(state.details, {});
    assert.equal(state.primaryCardNumber, '');
    assert.equal(state.secondaryCardNumber, '');
    assert.equal(state.hasPin, false);
    assert.equal(state.passwordHash, '');
    assert.deepEqual(state.balances, { '': money('2') });
  });

  it('refuses to delete a user twice', () => {
    spec.given([aliceCreated, deleted]).when({ kind: 'DeleteUser', redact: false }).thenFails('UserNotFound');
  });
});

describe('commands on a user that is not there', () => {
  const everyCommand: readonly UserCommand[] = [
    { kind: 'ChangeUserDetails', changes: { notes: 'x' } },
    { kind: 'SetCardNumber', slot: 'primary', cardNumber: '1' },
    { kind: 'SetPin', pinHash: 'h' },
    { kind: 'SetPassword', passwordHash: 'h' },
    { kind: 'SetRestricted', restricted: true },
    { kind: 'SetOverdraft', setting: { mode: 'default' } },
    { kind: 'DisablePrinting', until: '' },
    { kind: 'EnablePrinting' },
    { kind: 'SetSwitches', changes: { dontArchive: true } },
    { kind: 'SetCostAdjustment', percent: '50' },
    { kind: 'ResetCounts', resetBy: 'admin', jobCountBefore: 0, pageCountBefore: 0 },
    { kind: 'RenameUser', newUsername: 'zed' },
    { kind: 'DeleteUser', redact: true },
    {
      kind: 'AdjustBalance',
      account: '',
      transfer: transfer(),
      amount: money('1'),
      condition: { kind: 'unconditional' },
      policy: defaultPolicy,
    },
    { kind: 'SetBalance', account: '', transfer: transfer(), balance: money('1'), policy: defaultPolicy },
  ];

  for (const command of everyCommand) {
    it(`${command.kind} on an absent user is refused with UserNotFound`, () => {
      spec.given([]).when(command).thenFails('UserNotFound');
    });
    it(`${command.kind} on a deleted user is refused with UserNotFound naming it`, () => {
      spec.given([aliceCreated, deleted]).when(command).thenFails('UserNotFound', { username: 'alice' });
    });
  }
});
