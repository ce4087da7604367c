import { Either, left, right } from 'fp-ts/Either';
import { DomainError } from '../errors';
import { canonicalMoney, MAX_ABS_MONEY, Money, ZERO } from '../money';
import { applyCondition, AvailableCredit, BalanceCondition } from './conditions';
import { SystemAccount, TransferCause } from './accounts';
import { transferLinks, TransferRequest } from './transfer-request';

/** The transfer fields every balance-adjusted event (user or shared account) records. */
export interface BookedTransfer {
  readonly transferId: string;
  readonly amount: Money;
  readonly balanceAfter: Money;
  readonly counterAccount: SystemAccount;
  readonly cause: TransferCause;
  readonly comment: string;
  readonly operationId?: string;
  readonly correctsTransferId?: string;
}

/**
 * Books `amount` on a balance of `balanceBefore`, refusing what would leave either the amount or
 * the balance outside the range Folio keeps (the event codec would refuse it anyway).
 */
export const bookTransfer = (
  balanceBefore: Money,
  transfer: TransferRequest,
  amount: Money,
): Either<DomainError, BookedTransfer> => {
  const balanceAfter = balanceBefore + amount;
  if (balanceAfter > MAX_ABS_MONEY || balanceAfter < -MAX_ABS_MONEY)
    return left({ code: 'AmountOutOfRange', field: 'balance', value: canonicalMoney(balanceAfter) });
  // Setting a balance across the range moves up to twice the limit, which the event codec refuses.
  if (amount > MAX_ABS_MONEY || amount < -MAX_ABS_MONEY)
    return left({ code: 'AmountOutOfRange', field: 'amount', value: canonicalMoney(amount) });
  return right({
    transferId: transfer.transferId,
    amount,
    balanceAfter,
    counterAccount: transfer.counterAccount,
    cause: transfer.cause,
    comment: transfer.comment,
    ...transferLinks(transfer),
  });
};

/**
 * The amount a conditional adjustment moves (zero: nothing to do), or InsufficientCredit naming
 * `accountName` when the condition refuses it.
 */
export const conditionalAmount = (
  condition: BalanceCondition,
  amount: Money,
  measured: Money,
  credit: AvailableCredit,
  accountName: string,
): Either<DomainError, Money> => {
  const outcome = applyCondition(condition, amount, measured, credit);
  switch (outcome.outcome) {
    case 'refused':
      return left({
        code: 'InsufficientCredit',
        account: accountName,
        available: canonicalMoney(outcome.available),
        requested: canonicalMoney(-amount),
      });
    case 'nothing-to-do':
      return right(ZERO);
    case 'apply':
      return right(outcome.amount);
  }
};
