import { Either, isLeft } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { SharedAccountCommand } from '../../domain/shared-accounts/decide';
import { SharedAccount } from '../../domain/shared-accounts/state';
import { RequestContext } from '../envelope';
import { Kernel, ok, Result, settled } from '../kernel';
import { findSharedAccount } from '../resolve';

/** Decides the commands together against the account's current state and appends them in one write. */
export const executeOnSharedAccount = async (
  kernel: Kernel,
  context: RequestContext,
  account: SharedAccount,
  commands: readonly SharedAccountCommand[],
): Result<true> => {
  const done = await settled(
    kernel,
    await kernel.handlers.sharedAccounts.handle(
      account.accountId,
      { kind: 'ApplyAllToSharedAccount', commands },
      context,
    ),
  );
  return isLeft(done) ? done : ok;
};

/** Finds the account by name, builds its commands from it, and executes them. */
export const onSharedAccount = async (
  kernel: Kernel,
  context: RequestContext,
  name: string,
  commands: (account: SharedAccount) => Either<DomainError, readonly SharedAccountCommand[]>,
): Result<true> => {
  const account = findSharedAccount(kernel.models, name);
  if (isLeft(account)) return account;
  const built = commands(account.right);
  return isLeft(built) ? built : executeOnSharedAccount(kernel, context, account.right, built.right);
};
