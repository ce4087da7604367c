import { counterAccountFor } from '../../../domain/ledger/accounts';
import { TransferRequest } from '../../../domain/ledger/transfer-request';
import { Money } from '../../../domain/money';
import { sharedAccountDecider } from '../../../domain/shared-accounts/decide';
import { SharedAccountEvent } from '../../../domain/shared-accounts/events';
import { specify } from '../../support/decider-specification';

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
