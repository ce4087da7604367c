import { counterAccountFor, TransferCause } from '../../../domain/ledger/accounts';
import { TransferRequest } from '../../../domain/ledger/transfer-request';
import { Money, ZERO } from '../../../domain/money';
import { UserPolicy } from '../../../domain/users/commands';
import { userDecider } from '../../../domain/users/decide';
import { UserEvent } from '../../../domain/users/events';
import { specify } from '../../support/decider-specification';

export const spec = specify(userDecider);

export const USER_ID = 'u-1';

export const aliceCreated: UserEvent = {
  type: 'UserCreated',
  data: { userId: USER_ID, username: 'alice', internal: true, source: 'internal' },
};

export const directoryUserCreated: UserEvent = {
  type: 'UserCreated',
  data: { userId: USER_ID, username: 'bob', internal: false, source: 'directory' },
};

export const restricted: UserEvent = {
  type: 'UserRestrictionChanged',
  data: { userId: USER_ID, restricted: true },
};

export const deleted: UserEvent = {
  type: 'UserDeleted',
  data: { userId: USER_ID, username: 'alice', redacted: false },
};

/** No named personal accounts, no overdraft: the site defaults. */
export const defaultPolicy: UserPolicy = { defaultOverdraft: ZERO, personalAccounts: [] };

type AdjustmentCause = Exclude<TransferCause, 'print-charge' | 'correction'>;

export const transfer = (
  transferId = 't-1',
  cause: AdjustmentCause = 'admin-adjustment',
  comment = 'by test',
): TransferRequest => ({ transferId, cause, counterAccount: counterAccountFor(cause), comment });

/** The event a transfer books on one of alice's accounts. */
export const balanceAdjusted = (
  amount: Money,
  balanceAfter: Money,
  options: { transferId?: string; account?: string; cause?: AdjustmentCause; comment?: string } = {},
): UserEvent => {
  const request = transfer(options.transferId, options.cause, options.comment);
  return {
    type: 'UserBalanceAdjusted',
    data: {
      userId: USER_ID,
      account: options.account ?? '',
      transferId: request.transferId,
      amount,
      balanceAfter,
      counterAccount: request.counterAccount,
      cause: request.cause,
      comment: request.comment,
    },
  };
};
