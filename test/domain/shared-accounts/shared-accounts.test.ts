import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BalanceCondition } from '../../../domain/ledger/conditions';
import { Money, ZERO } from '../../../domain/money';
import { SharedAccountCommand } from '../../../domain/shared-accounts/decide';
import { SharedAccountEvent } from '../../../domain/shared-accounts/events';
import { money } from '../../support/money';
import {
  ACCOUNT_ID,
  balanceAdjusted,
  created,
  deleted,
  PARENT_ID,
  restricted,
  spec,
  subCreated,
  transfer,
} from './fixtures';

const adjust = (
  amount: string,
  condition: BalanceCondition,
  defaultOverdraft: Money = ZERO,
): SharedAccountCommand => ({
  kind: 'AdjustSharedAccountBalance',
  transfer: transfer(),
  amount: money(amount),
  condition,
  defaultOverdraft,
});
const withBalance = (balance: string, ...more: SharedAccountEvent[]): SharedAccountEvent[] => [
  created,
  balanceAdjusted(money(balance), money(balance)),
  ...more,
];

describe('CreateSharedAccount', () => {
  it('creates a top-level account', () => {
    const state = spec
      .given([])
      .when({ kind: 'CreateSharedAccount', accountId: ACCOUNT_ID, name: 'Research', parentId: '' })
      .then([created]);
    assert.equal(state.status === 'present' && state.balance, 0n);
    assert.equal(state.status === 'present' && state.commentOption, 'COMMENT_OPTIONAL');
    assert.equal(state.status === 'present' && state.invoiceOption, 'USER_CHOICE_OFF');
  });

  it('creates a sub-account under a parent, by its own name', () => {
    spec
      .given([])
      .when({ kind: 'CreateSharedAccount', accountId: ACCOUNT_ID, name: 'Lab', parentId: PARENT_ID })
      .then([subCreated]);
  });

  it('refuses a name holding the parent\\sub separator, or an invalid one', () => {
    spec
      .given([])
      .when({ kind: 'CreateSharedAccount', accountId: ACCOUNT_ID, name: 'Research\\Lab', parentId: '' })
      .thenFails('InvalidName', { kind: 'shared-account' });
    spec
      .given([])
      .when({ kind: 'CreateSharedAccount', accountId: ACCOUNT_ID, name: '', parentId: '' })
      .thenFails('InvalidName', { kind: 'shared-account' });
  });

  it('refuses to create the account twice on its stream', () => {
    spec
      .given([created])
      .when({ kind: 'CreateSharedAccount', accountId: ACCOUNT_ID, name: 'Research', parentId: '' })
      .thenFails('SharedAccountAlreadyExists', { account: 'Research' });
  });
});

describe('RenameSharedAccount', () => {
  it('renames a top-level account, recording old and new full names', () => {
    const state = spec
      .given([created])
      .when({
        kind: 'RenameSharedAccount',
        name: 'Science',
        parentId: '',
        fullNameFrom: 'Research',
        fullNameTo: 'Science',
      })
      .then([
        {
          type: 'SharedAccountRenamed',
          data: { accountId: ACCOUNT_ID, from: 'Research', to: 'Science', parentId: '' },
        },
      ]);
    assert.equal(state.status === 'present' && state.name, 'Science');
  });

  it('renames a sub-account: its own name changes, the parent stays', () => {
    const state = spec
      .given([subCreated])
      .when({
        kind: 'RenameSharedAccount',
        name: 'Workshop',
        parentId: PARENT_ID,
        fullNameFrom: 'Research\\Lab',
        fullNameTo: 'Research\\Workshop',
      })
      .then([
        {
          type: 'SharedAccountRenamed',
          data: {
            accountId: ACCOUNT_ID,
            from: 'Research\\Lab',
            to: 'Research\\Workshop',
            parentId: PARENT_ID,
          },
        },
      ]);
    assert.equal(state.status === 'present' && state.name, 'Workshop');
    assert.equal(state.status === 'present' && state.parentId, PARENT_ID);
  });

  it('records nothing when a renamed sub-account is renamed to the name it has', () => {
    spec
      .given([
        subCreated,
        {
          type: 'SharedAccountRenamed',
          data: {
            accountId: ACCOUNT_ID,
            from: 'Research\\Lab',
            to: 'Research\\Workshop',
            parentId: PARENT_ID,
          },
        },
      ])
      .when({
        kind: 'RenameSharedAccount',
        name: 'Workshop',
        parentId: PARENT_ID,
        fullNameFrom: 'Research\\Workshop',
        fullNameTo: 'Research\\Workshop',
      })
      .thenNothingHappens();
  });

  it('moves a top-level account under a parent', () => {
    const state = spec
      .given([created])
      .when({
        kind: 'RenameSharedAccount',
        name: 'Research',
        parentId: PARENT_ID,
        fullNameFrom: 'Research',
        fullNameTo: 'Faculty\\Research',
      })
      .then([
        {
          type: 'SharedAccountRenamed',
          data: { accountId: ACCOUNT_ID, from: 'Research', to: 'Faculty\\Research', parentId: PARENT_ID },
        },
      ]);
    assert.equal(state.status === 'present' && state.name, 'Research');
  });

  it('keeps the balance across a rename', () => {
    spec
      .given(withBalance('9'))
      .when({
        kind: 'RenameSharedAccount',
        name: 'X',
        parentId: '',
        fullNameFrom: 'Research',
        fullNameTo: 'X',
      })
      .thenState((state) => assert.equal(state.status === 'present' && state.balance, money('9')));
  });

  it('records nothing for the same name under the same parent', () => {
    spec
      .given([created])
      .when({
        kind: 'RenameSharedAccount',
        name: 'Research',
        parentId: '',
        fullNameFrom: 'Research',
        fullNameTo: 'Research',
      })
      .thenNothingHappens();
  });

  it('refuses an invalid new name', () => {
    spec
      .given([created])
      .when({
        kind: 'RenameSharedAccount',
        name: 'A\\B',
        parentId: '',
        fullNameFrom: 'Research',
        fullNameTo: 'A\\B',
      })
      .thenFails('InvalidName');
  });
});

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
    { kind: 'ApplyAllToSharedAccount', commands: [{ kind: 'EnableSharedAccount' }] },
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

describe('ChangeSharedAccountDetails', () => {
  it('records the settings that change', () => {
    spec
      .given([created])
      .when({
        kind: 'ChangeSharedAccountDetails',
        changes: {
          notes: 'grant 42',
          pin: '9876',
          commentOption: 'COMMENT_OPTIONAL',
          invoiceOption: 'ALWAYS_INVOICE',
        },
      })
      .then([
        {
          type: 'SharedAccountDetailsChanged',
          data: {
            accountId: ACCOUNT_ID,
            changes: { notes: 'grant 42', pin: '9876', invoiceOption: 'ALWAYS_INVOICE' },
          },
        },
      ]);
  });

  it('records nothing when nothing changes', () => {
    spec
      .given([created])
      .when({ kind: 'ChangeSharedAccountDetails', changes: { notes: '', commentOption: 'COMMENT_OPTIONAL' } })
      .thenNothingHappens();
  });
});

describe('restriction, overdraft, disabling', () => {
  it('restricts and lifts a restriction, recording nothing when already so', () => {
    spec.given([created]).when({ kind: 'SetSharedAccountRestricted', restricted: true }).then([restricted]);
    spec
      .given([created, restricted])
      .when({ kind: 'SetSharedAccountRestricted', restricted: true })
      .thenNothingHappens();
    spec
      .given([created, restricted])
      .when({ kind: 'SetSharedAccountRestricted', restricted: false })
      .then([
        { type: 'SharedAccountRestrictionChanged', data: { accountId: ACCOUNT_ID, restricted: false } },
      ]);
  });

  it('sets an individual overdraft and returns to the default', () => {
    spec
      .given([created])
      .when({ kind: 'SetSharedAccountOverdraft', setting: { mode: 'individual', amount: money('50') } })
      .then([
        {
          type: 'SharedAccountOverdraftChanged',
          data: { accountId: ACCOUNT_ID, mode: 'individual', amount: money('50') },
        },
      ]);
    spec
      .given([created])
      .when({ kind: 'SetSharedAccountOverdraft', setting: { mode: 'default' } })
      .then([
        {
          type: 'SharedAccountOverdraftChanged',
          data: { accountId: ACCOUNT_ID, mode: 'default', amount: 0n },
        },
      ]);
  });

  it('disables until a time or until re-enabled, and enables again', () => {
    const state = spec
      .given([created])
      .when({ kind: 'DisableSharedAccount', until: '' })
      .then([{ type: 'SharedAccountDisabled', data: { accountId: ACCOUNT_ID, until: '' } }]);
    assert.equal(state.status === 'present' && state.disabledUntil, 'forever');
    spec
      .given([
        created,
        { type: 'SharedAccountDisabled', data: { accountId: ACCOUNT_ID, until: '2026-12-01T00:00:00Z' } },
      ])
      .when({ kind: 'EnableSharedAccount' })
      .then([{ type: 'SharedAccountEnabled', data: { accountId: ACCOUNT_ID } }]);
    spec.given([created]).when({ kind: 'EnableSharedAccount' }).thenNothingHappens();
  });
});

describe('SetSharedAccountAccess', () => {
  const grant = (principal: 'user' | 'group', principalId: string, granted = true): SharedAccountEvent => ({
    type: 'SharedAccountAccessChanged',
    data: { accountId: ACCOUNT_ID, principal, principalId, granted },
  });

  it('grants a user and a group access, each on its own list', () => {
    const state = spec
      .given([created, grant('user', 'u-1')])
      .when({ kind: 'SetSharedAccountAccess', principal: 'group', principalId: 'g-1', granted: true })
      .then([grant('group', 'g-1')]);
    assert.deepEqual(state.status === 'present' && state.accessUserIds, ['u-1']);
    assert.deepEqual(state.status === 'present' && state.accessGroupIds, ['g-1']);
  });

  it('granting twice records nothing', () => {
    spec
      .given([created, grant('user', 'u-1')])
      .when({ kind: 'SetSharedAccountAccess', principal: 'user', principalId: 'u-1', granted: true })
      .thenNothingHappens();
  });

  it('a user id granted does not count as a group of the same id', () => {
    spec
      .given([created, grant('user', 'x')])
      .when({ kind: 'SetSharedAccountAccess', principal: 'group', principalId: 'x', granted: true })
      .then([grant('group', 'x')]);
  });

  it('revokes access, and revoking access never granted records nothing', () => {
    const state = spec
      .given([created, grant('user', 'u-1'), grant('user', 'u-2')])
      .when({ kind: 'SetSharedAccountAccess', principal: 'user', principalId: 'u-1', granted: false })
      .then([grant('user', 'u-1', false)]);
    assert.deepEqual(state.status === 'present' && state.accessUserIds, ['u-2']);
    spec
      .given([created])
      .when({ kind: 'SetSharedAccountAccess', principal: 'group', principalId: 'g-1', granted: false })
      .thenNothingHappens();
  });
});

describe('AdjustSharedAccountBalance', () => {
  it('credits and debits unconditionally', () => {
    spec
      .given([created])
      .when(adjust('10', { kind: 'unconditional' }))
      .then([balanceAdjusted(money('10'), money('10'))]);
    spec
      .given(withBalance('1', restricted))
      .when(adjust('-5', { kind: 'unconditional' }))
      .then([balanceAdjusted(money('-5'), money('-4'))]);
  });

  it('records nothing for a zero amount', () => {
    spec
      .given([created])
      .when(adjust('0', { kind: 'unconditional' }))
      .thenNothingHappens();
  });

  it('debits a restricted account if available, down to its overdraft and no further', () => {
    spec
      .given(withBalance('5', restricted))
      .when(adjust('-8', { kind: 'if-available' }, money('3')))
      .then([balanceAdjusted(money('-8'), money('-3'))]);
    spec
      .given(withBalance('5', restricted))
      .when(adjust('-8.01', { kind: 'if-available' }, money('3')))
      .thenFails('InsufficientCredit', { account: 'Research', available: '8', requested: '8.01' });
  });

  it('uses an individual overdraft instead of the default', () => {
    const individual: SharedAccountEvent = {
      type: 'SharedAccountOverdraftChanged',
      data: { accountId: ACCOUNT_ID, mode: 'individual', amount: money('1') },
    };
    spec
      .given(withBalance('5', restricted, individual))
      .when(adjust('-6.5', { kind: 'if-available' }, money('3')))
      .thenFails('InsufficientCredit', { available: '6' });
  });

  it('leaves the requested amount available, or refuses', () => {
    spec
      .given(withBalance('10', restricted))
      .when(adjust('-6', { kind: 'leave-remaining', leaveRemaining: money('4') }))
      .then([balanceAdjusted(money('-6'), money('4'))]);
    spec
      .given(withBalance('10', restricted))
      .when(adjust('-6.5', { kind: 'leave-remaining', leaveRemaining: money('4') }))
      .thenFails('InsufficientCredit');
  });

  it('does not limit an unrestricted account', () => {
    spec
      .given(withBalance('1'))
      .when(adjust('-100', { kind: 'if-available' }))
      .then([balanceAdjusted(money('-100'), money('-99'))]);
  });

  it('credits up to a limit and never lowers the balance', () => {
    spec
      .given(withBalance('7'))
      .when(adjust('5', { kind: 'up-to', limit: money('10') }))
      .then([balanceAdjusted(money('3'), money('10'))]);
    spec
      .given(withBalance('11'))
      .when(adjust('5', { kind: 'up-to', limit: money('10') }))
      .thenNothingHappens();
  });
});

describe('SetSharedAccountBalance', () => {
  it('records the difference as a transfer', () => {
    spec
      .given(withBalance('2'))
      .when({ kind: 'SetSharedAccountBalance', transfer: transfer('balance-set'), balance: money('0.5') })
      .then([balanceAdjusted(money('-1.5'), money('0.5'), 'balance-set')]);
  });

  it('records nothing when the balance already is that', () => {
    spec
      .given(withBalance('2'))
      .when({ kind: 'SetSharedAccountBalance', transfer: transfer('balance-set'), balance: money('2') })
      .thenNothingHappens();
  });
});

describe('ApplyAllToSharedAccount', () => {
  it('applies every change in order, each against the state the previous left', () => {
    spec
      .given([created])
      .when({
        kind: 'ApplyAllToSharedAccount',
        commands: [
          { kind: 'SetSharedAccountBalance', transfer: transfer('balance-set'), balance: money('3') },
          { kind: 'SetSharedAccountRestricted', restricted: true },
          adjust('-3', { kind: 'if-available' }),
        ],
      })
      .then([
        balanceAdjusted(money('3'), money('3'), 'balance-set'),
        restricted,
        balanceAdjusted(money('-3'), 0n),
      ]);
  });

  it('one refusal refuses all', () => {
    spec
      .given([created])
      .when({
        kind: 'ApplyAllToSharedAccount',
        commands: [
          { kind: 'SetSharedAccountRestricted', restricted: true },
          adjust('-0.01', { kind: 'if-available' }),
        ],
      })
      .thenFails('InsufficientCredit');
  });
});
