import { describe, it } from 'node:test';
import { UserCommand } from '../../../domain/users/commands';
import { money } from '../../support/money';
import {
  aliceCreated,
  balanceAdjusted,
  defaultPolicy,
  directoryUserCreated,
  spec,
  transfer,
  USER_ID,
} from './fixtures';

describe('several user commands decided as one (setUserProperties): all or nothing', () => {
  it('decides each change against the state the previous ones left', () => {
    spec
      .given([aliceCreated])
      .when([
        { kind: 'SetRestricted', restricted: true },
        {
          kind: 'AdjustBalance',
          account: '',
          transfer: transfer(),
          amount: money('-1'),
          condition: { kind: 'if-available' },
          policy: defaultPolicy,
        },
      ])
      .thenFails('InsufficientCredit');
  });

  it('records the events of every change, in order', () => {
    spec
      .given([aliceCreated])
      .when([
        { kind: 'ChangeUserDetails', changes: { fullName: 'Alice' } },
        {
          kind: 'SetBalance',
          account: '',
          transfer: transfer(),
          balance: money('3'),
          policy: defaultPolicy,
        },
        { kind: 'SetRestricted', restricted: true },
        { kind: 'ChangeUserDetails', changes: { fullName: 'Alice' } },
      ])
      .then([
        { type: 'UserDetailsChanged', data: { userId: USER_ID, changes: { fullName: 'Alice' } } },
        balanceAdjusted(money('3'), money('3')),
        { type: 'UserRestrictionChanged', data: { userId: USER_ID, restricted: true } },
      ]);
  });

  it('one refusal refuses all: nothing of the accepted changes is recorded', () => {
    const commands: UserCommand[] = [
      { kind: 'ChangeUserDetails', changes: { fullName: 'Bob' } },
      { kind: 'SetBalance', account: '', transfer: transfer(), balance: money('3'), policy: defaultPolicy },
      { kind: 'SetPassword', passwordHash: 'h' },
    ];
    spec.given([directoryUserCreated]).when(commands).thenFails('NotAnInternalUser');
  });

  it('an empty list records nothing', () => {
    spec.given([aliceCreated]).when([]).thenNothingHappens();
  });
});
