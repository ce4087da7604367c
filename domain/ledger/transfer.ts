import * as t from 'io-ts';
import { MoneyCodec } from '../money';
import { SystemAccount, TransferCause } from './accounts';

/**
 * The ledger half of every balance event: what an auditor needs without joining anything.
 * `amount` is signed from the customer account's side (positive credits it); the counter-account
 * moves by −amount. `balanceAfter` is the customer account's balance once this entry applies.
 */
export const TransferFields = {
  transferId: t.string,
  amount: MoneyCodec,
  balanceAfter: MoneyCodec,
  counterAccount: SystemAccount,
  cause: TransferCause,
  comment: t.string,
};

/** Set on entries that belong to a multi-account operation or that correct an earlier entry. */
export const TransferLinks = t.partial({ operationId: t.string, correctsTransferId: t.string });

export const Transfer = t.intersection([t.type(TransferFields), TransferLinks], 'Transfer');
export type Transfer = t.TypeOf<typeof Transfer>;
