import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SharedAccountCommand } from '../../../domain/shared-accounts/decide';
import { money } from '../../support/money';
import { adjust, created, deleted, spec, transfer, withBalance } from './fixtures';

describe('DeleteSharedAccount', () => {
  it('deletes the account, recording its full name; the history stays', () => {
    const state = spec
      .given(withBalance('2'))
      .when({ kind: 'DeleteSharedAccount', fullName: 'Research' })
      .then([deleted]);
    assert.equal(state.status === 'present' && state.deleted, true);
    assert.equal(state.status === 'present' && state.balance, money('2'));
  });

  const commands: readonly SharedAccountCommand[] = [
    { kind: 'RenameSharedAccount', name: 'X', parentId: '', fullNameFrom: 'Research', fullNameTo: 'X' },
    { kind: 'DeleteSharedAccount', fullName: 'Research' },
    { kind: 'ChangeSharedAccountDetails', changes: { notes: 'x' } },
    { kind: 'SetSharedAccountRestricted', restricted: true },
    { kind: 'SetSharedAccountOverdraft', setting: { mode: 'default' } },
    { kind: 'DisableSharedAccount', until: '' },
    { kind: 'EnableSharedAccount' },
    { kind: 'SetSharedAccountAccess', principal: 'user', principalId: 'u-1', granted: true },
    adjust('1', { kind: 'unconditional' }),
    { kind: 'SetSharedAccountBalance', transfer: transfer('balance-set'), balance: money('1') },
  ];
  for (const command of commands) {
    it(`${command.kind} on a deleted account is refused, naming it`, () => {
      spec
        .given([created, deleted])
        .when(command)
        .thenFails('SharedAccountNotFound', { account: 'Research' });
    });
    it(`${command.kind} on an absent account is refused`, () => {
      spec.given([]).when(command).thenFails('SharedAccountNotFound');
    });
  }
});
