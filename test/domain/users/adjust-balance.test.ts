import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BalanceCondition } from '../../../domain/ledger/conditions';
import { MAX_ABS_MONEY, Money } from '../../../domain/money';
import { UserCommand, UserPolicy } from '../../../domain/users/commands';
import { UserEvent } from '../../../domain/users/events';
import { money } from '../../support/money';
import {
  aliceCreated,
  balanceAdjusted,
  defaultPolicy,
  restricted,
  spec,
  transfer,
  USER_ID,
} from './fixtures';

const adjust = (
  amount: string,
  condition: BalanceCondition = { kind: 'unconditional' },
  options: { account?: string; policy?: UserPolicy } = {},
): UserCommand => ({
  kind: 'AdjustBalance',
  account: options.account ?? '',
  transfer: transfer(),
  amount: money(amount),
  condition,
  policy: options.policy ?? defaultPolicy,
});

const ifAvailable: BalanceCondition = { kind: 'if-available' };
const leaving = (amount: string): BalanceCondition => ({
  kind: 'leave-remaining',
  leaveRemaining: money(amount),
});
const upTo = (limit: string): BalanceCondition => ({ kind: 'up-to', limit: money(limit) });

const withBalance = (balance: string, ...more: UserEvent[]): UserEvent[] => [
  aliceCreated,
  balanceAdjusted(money(balance), money(balance), { transferId: 't-0' }),
  ...more,
];

const individualOverdraft = (amount: string): UserEvent => ({
  type: 'UserOverdraftChanged',
  data: { userId: USER_ID, mode: 'individual', amount: money(amount) },
});

const siteOverdraft = (amount: string): UserPolicy => ({ ...defaultPolicy, defaultOverdraft: money(amount) });

describe('AdjustBalance, unconditional', () => {
  it('credits the default account, recording the balance after and the counter-account', () => {
    spec
      .given([aliceCreated])
      .when(adjust('5'))
      .then([balanceAdjusted(money('5'), money('5'))]);
  });

  it('debits past zero, even for a restricted user (an administrator decided it)', () => {
    spec
      .given(withBalance('1', restricted))
      .when(adjust('-3'))
      .then([balanceAdjusted(money('-3'), money('-2'))]);
  });

  it('adds ten tenths to exactly one', () => {
    let history: UserEvent[] = [aliceCreated];
    for (let step = 1; step <= 10; step += 1) {
      const after = money('0.1') * BigInt(step);
      spec
        .given(history)
        .when(adjust('0.1'))
        .then([balanceAdjusted(money('0.1'), after)]);
      history = [...history, balanceAdjusted(money('0.1'), after)];
    }
    spec
      .given(history)
      .when(adjust('0'))
      .thenState((state) => {
        assert.deepEqual(state.status === 'present' && state.balances, { '': money('1') });
      });
  });

  it('records nothing for a zero amount', () => {
    spec.given([aliceCreated]).when(adjust('0')).thenNothingHappens();
  });

  it('carries the operation and the corrected transfer it belongs to', () => {
    const linked: UserCommand = {
      ...(adjust('2') as Extract<UserCommand, { kind: 'AdjustBalance' }>),
      transfer: { ...transfer(), operationId: 'op-1', correctsTransferId: 't-0' },
    };
    const expected = balanceAdjusted(money('2'), money('2'));
    spec
      .given([aliceCreated])
      .when(linked)
      .then([
        {
          ...expected,
          data: { ...expected.data, operationId: 'op-1', correctsTransferId: 't-0' },
        } as UserEvent,
      ]);
  });

  it('refuses a balance beyond the largest amount Folio holds', () => {
    const nearMax: UserEvent = balanceAdjusted(MAX_ABS_MONEY, MAX_ABS_MONEY);
    spec.given([aliceCreated, nearMax]).when(adjust('0.000001')).thenFails('AmountOutOfRange', {
      field: 'balance',
    });
  });
});

describe('AdjustBalance, if available', () => {
  it('lets an unrestricted user go as far below zero as asked', () => {
    spec
      .given(withBalance('1'))
      .when(adjust('-100', ifAvailable))
      .then([balanceAdjusted(money('-100'), money('-99'))]);
  });

  it('debits a restricted user down to exactly zero', () => {
    spec
      .given(withBalance('5', restricted))
      .when(adjust('-5', ifAvailable))
      .then([balanceAdjusted(money('-5'), 0n)]);
  });

  it('refuses, naming what is available, a debit one micro-unit beyond the credit', () => {
    spec
      .given(withBalance('5', restricted))
      .when(adjust('-5.000001', ifAvailable))
      .thenFails('InsufficientCredit', { account: 'alice', available: '5', requested: '5.000001' });
  });

  it("counts the site's default overdraft as credit", () => {
    spec
      .given(withBalance('5', restricted))
      .when(adjust('-7', ifAvailable, { policy: siteOverdraft('2') }))
      .then([balanceAdjusted(money('-7'), money('-2'))]);
    spec
      .given(withBalance('5', restricted))
      .when(adjust('-7.01', ifAvailable, { policy: siteOverdraft('2') }))
      .thenFails('InsufficientCredit', { available: '7' });
  });

  it('uses an individual overdraft instead of the default, larger or smaller', () => {
    spec
      .given(withBalance('5', restricted, individualOverdraft('10')))
      .when(adjust('-15', ifAvailable, { policy: siteOverdraft('2') }))
      .then([balanceAdjusted(money('-15'), money('-10'))]);
    spec
      .given(withBalance('5', restricted, individualOverdraft('0')))
      .when(adjust('-6', ifAvailable, { policy: siteOverdraft('2') }))
      .thenFails('InsufficientCredit', { available: '5' });
  });

  it('always accepts a credit, even when the balance is below the limit', () => {
    spec
      .given(withBalance('-20', restricted))
      .when(adjust('1', ifAvailable))
      .then([balanceAdjusted(money('1'), money('-19'))]);
  });
});

describe('AdjustBalance, leaving an amount remaining', () => {
  it('debits while the amount is still available afterwards', () => {
    spec
      .given(withBalance('10', restricted))
      .when(adjust('-7', leaving('3')))
      .then([balanceAdjusted(money('-7'), money('3'))]);
  });

  it('refuses a debit that would leave less', () => {
    spec
      .given(withBalance('10', restricted))
      .when(adjust('-7.01', leaving('3')))
      .thenFails('InsufficientCredit', { available: '10', requested: '7.01' });
  });

  it('counts the overdraft as available', () => {
    spec
      .given(withBalance('10', restricted, individualOverdraft('5')))
      .when(adjust('-12', leaving('3')))
      .then([balanceAdjusted(money('-12'), money('-2'))]);
  });

  it('does not limit an unrestricted user', () => {
    spec
      .given(withBalance('10'))
      .when(adjust('-50', leaving('3')))
      .then([balanceAdjusted(money('-50'), money('-40'))]);
  });
});

describe('AdjustBalance, up to a limit', () => {
  it('credits in full while the limit is not reached', () => {
    spec
      .given(withBalance('3'))
      .when(adjust('5', upTo('10')))
      .then([balanceAdjusted(money('5'), money('8'))]);
  });

  it('credits only what reaches the limit', () => {
    spec
      .given(withBalance('8'))
      .when(adjust('5', upTo('10')))
      .then([balanceAdjusted(money('2'), money('10'))]);
  });

  it('records nothing at or above the limit: it never lowers a balance', () => {
    spec
      .given(withBalance('10'))
      .when(adjust('5', upTo('10')))
      .thenNothingHappens();
    spec
      .given(withBalance('12'))
      .when(adjust('5', upTo('10')))
      .thenNothingHappens();
  });
});

describe('AdjustBalance on named personal accounts', () => {
  const colour: UserPolicy = { ...defaultPolicy, personalAccounts: ['colour'] };

  it('books on a named account the site configures', () => {
    spec
      .given([aliceCreated])
      .when(adjust('4', { kind: 'unconditional' }, { account: 'colour', policy: colour }))
      .then([balanceAdjusted(money('4'), money('4'), { account: 'colour' })]);
  });

  it('refuses a named account the site does not configure', () => {
    spec
      .given([aliceCreated])
      .when(adjust('4', { kind: 'unconditional' }, { account: 'colour' }))
      .thenFails('PersonalAccountNotFound', { username: 'alice', account: 'colour' });
  });

  it("measures a restricted user's credit across all personal accounts", () => {
    spec
      .given(withBalance('5', restricted))
      .when(adjust('-5', ifAvailable, { account: 'colour', policy: colour }))
      .then([balanceAdjusted(money('-5'), money('-5'), { account: 'colour' })]);
    spec
      .given(withBalance('5', restricted))
      .when(adjust('-5.01', ifAvailable, { account: 'colour', policy: colour }))
      .thenFails('InsufficientCredit');
  });

  it('tops a named account up to the limit by its own balance, the default account by the total', () => {
    const history = [...withBalance('4'), balanceAdjusted(money('3'), money('3'), { account: 'colour' })];
    spec
      .given(history)
      .when(adjust('10', upTo('5'), { account: 'colour', policy: colour }))
      .then([balanceAdjusted(money('2'), money('5'), { account: 'colour' })]);
    spec
      .given(history)
      .when(adjust('10', upTo('10'), { policy: colour }))
      .then([balanceAdjusted(money('3'), money('7'))]);
  });
});

describe('SetBalance', () => {
  const setTo = (balance: string, options: { account?: string; policy?: UserPolicy } = {}): UserCommand => ({
    kind: 'SetBalance',
    account: options.account ?? '',
    transfer: transfer('t-1', 'balance-set'),
    balance: money(balance),
    policy: options.policy ?? defaultPolicy,
  });
  const set = (amount: Money, after: Money, account = ''): UserEvent =>
    balanceAdjusted(amount, after, { cause: 'balance-set', account });

  it('records the difference as a transfer against the adjustments account', () => {
    const [event] = [set(money('5.5'), money('7.5'))];
    assert.equal(event?.type === 'UserBalanceAdjusted' && event.data.counterAccount, 'system:adjustments');
    spec
      .given(withBalance('2'))
      .when(setTo('7.50'))
      .then([set(money('5.5'), money('7.5'))]);
  });

  it('lowers a restricted balance below zero (an administrator decided it)', () => {
    spec
      .given(withBalance('2', restricted))
      .when(setTo('-3'))
      .then([set(money('-5'), money('-3'))]);
  });

  it('records nothing when the balance already is that', () => {
    spec.given(withBalance('2')).when(setTo('2.000')).thenNothingHappens();
  });

  it('sets a named account, and refuses one the site does not configure', () => {
    const colour: UserPolicy = { ...defaultPolicy, personalAccounts: ['colour'] };
    spec
      .given(withBalance('2'))
      .when(setTo('1', { account: 'colour', policy: colour }))
      .then([set(money('1'), money('1'), 'colour')]);
    spec
      .given(withBalance('2'))
      .when(setTo('1', { account: 'colour' }))
      .thenFails('PersonalAccountNotFound', { account: 'colour' });
  });
});
