import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { counterAccountFor } from '../../domain/ledger/accounts';
import { BalanceCondition } from '../../domain/ledger/conditions';
import { Money } from '../../domain/money';
import { UserCommand } from '../../domain/users/commands';
import { measuredBalance } from '../../domain/users/decide';
import { User } from '../../domain/users/state';
import { UserEvent } from '../../domain/users/events';
import { UserState } from '../../domain/users/state';
import { ReadModels } from '../../projections';
import { CommandHandler } from '../command-handler';
import { RequestContext } from '../envelope';
import { IdGenerator } from '../ids';
import { ok, ReadYourWrites, Result } from '../kernel';
import { userPolicy } from '../policy';
import { findUser } from '../resolve';

/** What the balance methods use, and nothing else. */
export interface BalancePorts {
  readonly users: CommandHandler<UserCommand, UserState, UserEvent>;
  /** Users are found by name and card; the config gives the overdraft and personal-account policy. */
  readonly models: Pick<ReadModels, 'users' | 'config'>;
  readonly ids: IdGenerator;
  readonly readYourWrites: ReadYourWrites;
}

export const createBalanceServices = ({ users, models, ids, readYourWrites }: BalancePorts) => {
  const adjustCommand = (
    amount: Money,
    comment: string,
    account: string,
    condition: BalanceCondition,
  ): UserCommand => ({
    kind: 'AdjustBalance',
    account,
    amount,
    condition,
    policy: userPolicy(models.config),
    transfer: {
      transferId: ids(),
      cause: 'admin-adjustment',
      counterAccount: counterAccountFor('admin-adjustment'),
      comment,
    },
  });

  // No card changes hands here, so the command goes straight to the user's handler (no claims).
  const run = async (context: RequestContext, user: User, command: UserCommand): Result<true> => {
    const done = await readYourWrites(await users.handle(user.userId, command, context));
    return isLeft(done) ? done : ok;
  };

  const onUser = async (
    context: RequestContext,
    username: string,
    command: () => UserCommand,
  ): Result<true> => {
    const user = findUser(models, username);
    return isLeft(user) ? user : run(context, user.right, command());
  };

  /** A refused conditional debit is an answer (false), not a fault; anything else stays an error. */
  const refusedAsFalse = async (result: Result<true>): Result<boolean> => {
    const settled = await result;
    if (isLeft(settled)) return settled.left.code === 'InsufficientCredit' ? right(false) : settled;
    return right(true);
  };

  return {
    getUserAccountBalance: (username: string, account: string): Either<DomainError, Money> => {
      const user = findUser(models, username);
      if (isLeft(user)) return user;
      if (account !== '' && !userPolicy(models.config).personalAccounts.includes(account))
        return left({ code: 'PersonalAccountNotFound', username: user.right.username, account });
      return right(measuredBalance(user.right, account));
    },
    adjustUserAccountBalance: (
      context: RequestContext,
      username: string,
      amount: Money,
      comment: string,
      account: string,
    ) => onUser(context, username, () => adjustCommand(amount, comment, account, { kind: 'unconditional' })),
    adjustUserAccountBalanceIfAvailable: (
      context: RequestContext,
      username: string,
      amount: Money,
      comment: string,
      account: string,
    ) =>
      refusedAsFalse(
        onUser(context, username, () => adjustCommand(amount, comment, account, { kind: 'if-available' })),
      ),
    adjustUserAccountBalanceIfAvailableLeaveRemaining: (
      context: RequestContext,
      username: string,
      amount: Money,
      leaveRemaining: Money,
      comment: string,
      account: string,
    ) =>
      refusedAsFalse(
        onUser(context, username, () =>
          adjustCommand(amount, comment, account, { kind: 'leave-remaining', leaveRemaining }),
        ),
      ),
    setUserAccountBalance: (
      context: RequestContext,
      username: string,
      balance: Money,
      comment: string,
      account: string,
    ) =>
      onUser(context, username, () => ({
        kind: 'SetBalance',
        account,
        balance,
        policy: userPolicy(models.config),
        transfer: {
          transferId: ids(),
          cause: 'balance-set',
          counterAccount: counterAccountFor('balance-set'),
          comment,
        },
      })),
    adjustUserAccountBalanceByCardNumber: async (
      context: RequestContext,
      card: string,
      amount: Money,
      comment: string,
      account: string,
    ): Result<boolean> => {
      const user = models.users.findByCardNumber(card.trim());
      if (user === undefined) return right(false);
      const done = await run(
        context,
        user,
        adjustCommand(amount, comment, account, { kind: 'unconditional' }),
      );
      return isLeft(done) ? done : right(true);
    },
  };
};

export type BalanceServices = ReturnType<typeof createBalanceServices>;
