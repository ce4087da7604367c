import { describe, it } from 'node:test';
import { money } from '../../support/money';
import { adjust, balanceAdjusted, created, restricted, spec, transfer } from './fixtures';

describe('several shared-account commands decided as one', () => {
  it('applies every change in order, each against the state the previous left', () => {
    spec
      .given([created])
      .when([
        { kind: 'SetSharedAccountBalance', transfer: transfer('balance-set'), balance: money('3') },
        { kind: 'SetSharedAccountRestricted', restricted: true },
        adjust('-3', { kind: 'if-available' }),
      ])
      .then([
        balanceAdjusted(money('3'), money('3'), 'balance-set'),
        restricted,
        balanceAdjusted(money('-3'), 0n),
      ]);
  });

  it('one refusal refuses all', () => {
    spec
      .given([created])
      .when([
        { kind: 'SetSharedAccountRestricted', restricted: true },
        adjust('-0.01', { kind: 'if-available' }),
      ])
      .thenFails('InsufficientCredit');
  });
});
