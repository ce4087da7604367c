import { describe, it } from 'node:test';
import { userDecider } from '../../../domain/users/decide';
import { specFor } from '../../support/decider-spec';

const user = specFor(userDecider);

describe('user: CreateUser', () => {
  it('a user from the directory: not internal, with details and both card numbers', () => {
    user
      .given([])
      .when({
        kind: 'CreateUser',
        userId: 'u1',
        username: 'CORP\\Alice',
        internal: false,
        source: 'directory',
        details: { fullName: 'Alice', department: '' },
        primaryCardNumber: '1001',
        secondaryCardNumber: '2001',
        pinHash: '',
        passwordHash: '',
      })
      .then([
        {
          type: 'UserCreated',
          data: { userId: 'u1', username: 'corp\\alice', internal: false, source: 'directory' },
        },
        { type: 'UserDetailsChanged', data: { userId: 'u1', changes: { fullName: 'Alice' } } },
        { type: 'UserCardNumberChanged', data: { userId: 'u1', slot: 'primary', cardNumber: '1001' } },
        { type: 'UserCardNumberChanged', data: { userId: 'u1', slot: 'secondary', cardNumber: '2001' } },
      ]);
  });

  it('with its initial settings, decided with the creation as one append', () => {
    user
      .given([])
      .when([
        {
          kind: 'CreateUser',
          userId: 'u1',
          username: 'bob',
          internal: false,
          source: 'directory',
          details: {},
          primaryCardNumber: '',
          pinHash: '',
          passwordHash: '',
        },
        { kind: 'SetRestricted', restricted: true },
        {
          kind: 'AdjustBalance',
          account: '',
          amount: 5_000_000n,
          condition: { kind: 'unconditional' },
          policy: { defaultOverdraft: 0n, personalAccounts: [] },
          transfer: {
            transferId: 't1',
            cause: 'opening-balance',
            counterAccount: 'system:opening-balances',
            comment: 'initial settings of Staff',
          },
        },
      ])
      .then([
        {
          type: 'UserCreated',
          data: { userId: 'u1', username: 'bob', internal: false, source: 'directory' },
        },
        { type: 'UserRestrictionChanged', data: { userId: 'u1', restricted: true } },
        {
          type: 'UserBalanceAdjusted',
          data: {
            userId: 'u1',
            account: '',
            transferId: 't1',
            amount: 5_000_000n,
            balanceAfter: 5_000_000n,
            counterAccount: 'system:opening-balances',
            cause: 'opening-balance',
            comment: 'initial settings of Staff',
          },
        },
      ]);
  });
});
