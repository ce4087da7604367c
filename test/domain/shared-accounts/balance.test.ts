import { describe, it } from 'node:test';
import { SharedAccountEvent } from '../../../domain/shared-accounts/events';
import { money } from '../../support/money';
import {
  ACCOUNT_ID,
  adjust,
  balanceAdjusted,
  created,
  restricted,
  spec,
  transfer,
  withBalance,
} from './fixtures';

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
