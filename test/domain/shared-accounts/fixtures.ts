import { counterAccountFor } from '../../../domain/ledger/accounts';
import { BalanceCondition } from '../../../domain/ledger/conditions';
import { TransferRequest } from '../../../domain/ledger/transfer-request';
import { Money, ZERO } from '../../../domain/money';
import { SharedAccountCommand, sharedAccountDecider } from '../../../domain/shared-accounts/decide';
import { SharedAccountEvent } from '../../../domain/shared-accounts/events';
import { specify } from '../../support/decider-specification';
import { money } from '../../support/money';

export const spec = specify(sharedAccountDecider);

export const ACCOUNT_ID = 'a-1';
export const PARENT_ID = 'a-0';

export const created: SharedAccountEvent = {
  type: 'SharedAccountCreated',
  data: { accountId: ACCOUNT_ID, name: 'Research', parentId: '' },
};

export const subCreated: SharedAccountEvent = {
  type: 'SharedAccountCreated',
  data: { accountId: ACCOUNT_ID, name: 'Lab', parentId: PARENT_ID },
};

export const deleted: SharedAccountEvent = {
  type: 'SharedAccountDeleted',
  data: { accountId: ACCOUNT_ID, name: 'Research' },
};

export const restricted: SharedAccountEvent = {
  type: 'SharedAccountRestrictionChanged',
  data: { accountId: ACCOUNT_ID, restricted: true },
};

export const transfer = (
  cause: 'admin-adjustment' | 'balance-set' = 'admin-adjustment',
): TransferRequest => ({
  transferId: 't-1',
  cause,
  counterAccount: counterAccountFor(cause),
  comment: 'by test',
});

export const balanceAdjusted = (
  amount: Money,
  balanceAfter: Money,
  cause: 'admin-adjustment' | 'balance-set' = 'admin-adjustment',
): SharedAccountEvent => ({
  type: 'SharedAccountBalanceAdjusted',
  data: {
    accountId: ACCOUNT_ID,
    transferId: 't-1',
    amount,
    balanceAfter,
    counterAccount: counterAccountFor(cause),
    cause,
    comment: 'by test',
  },
});

export const adjust = (
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

export const withBalance = (balance: string, ...more: SharedAccountEvent[]): SharedAccountEvent[] => [
  created,
  balanceAdjusted(money(balance), money(balance)),
  ...more,
];
