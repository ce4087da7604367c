import { Either, left, right } from 'fp-ts/Either';
import { DomainError } from '../errors';
import { applyCondition, AvailableCredit } from '../ledger/conditions';
import { transferLinks } from '../ledger/transfer-request';
import { canonicalMoney, MAX_ABS_MONEY, Money } from '../money';
import { isDisabledAt } from '../properties';
import type { SharedAccountEvent } from '../shared-accounts/events';
import type { SharedAccount } from '../shared-accounts/state';
import type { UserEvent } from '../users/events';
import { balanceOf, totalBalance, User } from '../users/state';
import { insufficientCreditRefusal, sharedAccountDisabledRefusal, userPrintingRefusal } from './admission';
import { ChargeSharedAccountPrintJob, PrintRefusal, UserPrintJobCommand } from './commands';

const outOfRange = (balanceAfter: Money): DomainError | null =>
  balanceAfter > MAX_ABS_MONEY || balanceAfter < -MAX_ABS_MONEY
    ? { code: 'AmountOutOfRange', field: 'balance', value: canonicalMoney(balanceAfter) }
    : null;

/** A debit of `cost` within the account's credit? Unrestricted accounts always have enough. */
const creditRefusal = (
  account: string,
  cost: Money,
  balance: Money,
  credit: AvailableCredit,
): PrintRefusal | null => {
  const outcome = applyCondition({ kind: 'if-available' }, -cost, balance, credit);
  return outcome.outcome === 'refused' ? insufficientCreditRefusal(account, cost, outcome.available) : null;
};

/**
 * A job on the user's stream. Refusals are facts, not errors: the decision records them (and the
 * caller answers with a fault), so the log shows every job a user tried. A charge is checked against
 * the revision it is appended at, so two concurrent jobs can never overdraw a restricted user.
 */
export const decideUserPrintJob = (
  command: UserPrintJobCommand,
  user: User,
  credit: AvailableCredit,
): Either<DomainError, readonly UserEvent[]> => {
  const refused = (refusal: PrintRefusal, sharedAccountId: string): readonly UserEvent[] => [
    {
      type: 'PrintJobRefused',
      data: {
        userId: user.userId,
        job: command.job,
        cost: command.cost,
        sharedAccountId,
        reason: refusal.reason,
        detail: refusal.detail,
      },
    },
  ];
  switch (command.kind) {
    case 'RefusePrintJob':
      return right(refused(command.refusal, command.sharedAccountId));
    case 'ChargePrintJob': {
      const refusal =
        command.refusal ??
        userPrintingRefusal(user.printingDisabledUntil, command.now) ??
        creditRefusal(user.username, command.cost, totalBalance(user), credit);
      if (refusal !== null) return right(refused(refusal, ''));
      const balanceAfter = balanceOf(user, '') - command.cost;
      const problem = outOfRange(balanceAfter);
      if (problem !== null) return left(problem);
      return right([
        {
          type: 'PrintJobCharged',
          data: {
            userId: user.userId,
            account: '',
            job: command.job,
            transferId: command.transfer.transferId,
            amount: -command.cost,
            balanceAfter,
            counterAccount: command.transfer.counterAccount,
            cause: command.transfer.cause,
            comment: command.transfer.comment,
            ...transferLinks(command.transfer),
          },
        },
      ]);
    }
  }
};

/**
 * A job charged to a shared account. A refusal (account disabled, not enough credit) is an error here
 * because it must be recorded on the user's stream, which this decision cannot write.
 */
export const decideSharedAccountPrintJob = (
  command: ChargeSharedAccountPrintJob,
  account: SharedAccount,
  credit: AvailableCredit,
): Either<DomainError, readonly SharedAccountEvent[]> => {
  const refusal = isDisabledAt(account.disabledUntil, command.now)
    ? sharedAccountDisabledRefusal(command.accountName, account.disabledUntil)
    : creditRefusal(command.accountName, command.cost, account.balance, credit);
  if (refusal !== null)
    return left({
      code: 'PrintJobRefused',
      username: command.username,
      printer: command.job.printer,
      reason: refusal.reason,
      detail: refusal.detail,
    });
  const balanceAfter = account.balance - command.cost;
  const problem = outOfRange(balanceAfter);
  if (problem !== null) return left(problem);
  return right([
    {
      type: 'SharedAccountPrintJobCharged',
      data: {
        accountId: account.accountId,
        userId: command.userId,
        job: command.job,
        transferId: command.transfer.transferId,
        amount: -command.cost,
        balanceAfter,
        counterAccount: command.transfer.counterAccount,
        cause: command.transfer.cause,
        comment: command.transfer.comment,
        ...transferLinks(command.transfer),
      },
    },
  ]);
};
