import { DomainEvent } from '../events';
import { Money } from '../money';
import { SystemAccount, TransferCause } from './accounts';
import { ledgerAccountKey } from './accounts';

/** One transfer as the ledger books it: the customer account's side; the counter side is −amount. */
export interface Posting {
  readonly transferId: string;
  /** Ledger key of the customer account: `user:<id>`, `user:<id>/<account>`, `shared:<id>`. */
  readonly account: string;
  readonly counterAccount: SystemAccount;
  readonly amount: Money;
  readonly balanceAfter: Money;
  readonly cause: TransferCause;
  readonly comment: string;
  readonly operationId?: string;
  readonly correctsTransferId?: string;
}

/** The transfers an event books; most events book none. Every balance-changing event must appear here. */
export const postingsOf = (event: DomainEvent): readonly Posting[] => {
  switch (event.type) {
    case 'UserBalanceAdjusted': {
      const { userId, account, ...transfer } = event.data;
      return [{ ...transfer, account: ledgerAccountKey({ kind: 'user', userId, account }) }];
    }
    case 'SharedAccountBalanceAdjusted': {
      const { accountId, ...transfer } = event.data;
      return [{ ...transfer, account: ledgerAccountKey({ kind: 'shared', accountId }) }];
    }
    case 'PrintJobCharged': {
      const { userId, account, job: _job, ...transfer } = event.data;
      return [{ ...transfer, account: ledgerAccountKey({ kind: 'user', userId, account }) }];
    }
    case 'SharedAccountPrintJobCharged': {
      const { accountId, userId: _userId, job: _job, ...transfer } = event.data;
      return [{ ...transfer, account: ledgerAccountKey({ kind: 'shared', accountId }) }];
    }
    default:
      return [];
  }
};
