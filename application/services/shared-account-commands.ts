import { Either, isLeft } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { SharedAccountCommand } from '../../domain/shared-accounts/decide';
import { SharedAccount } from '../../domain/shared-accounts/state';
import { RequestContext } from '../envelope';
import { ok, ReadYourWrites, Result } from '../kernel';
import { ReadModels } from '../../projections';
import { CommandHandlers } from '../command-handlers';

import { findSharedAccount } from '../resolve';

/** What changing a shared account uses: its handler, and the read model that finds it by name. */
export interface SharedAccountCommandPorts {
  readonly handlers: Pick<CommandHandlers, 'sharedAccounts'>;
  readonly models: Pick<ReadModels, 'sharedAccounts'>;
  readonly readYourWrites: ReadYourWrites;
}

/** Decides the commands together against the account's current state and appends them in one write. */
export const executeOnSharedAccount = async (
  ports: Pick<SharedAccountCommandPorts, 'handlers' | 'readYourWrites'>,
  context: RequestContext,
  account: SharedAccount,
  commands: readonly SharedAccountCommand[],
): Result<true> => {
  const done = await ports.readYourWrites(
    await ports.handlers.sharedAccounts.handle(account.accountId, commands, context),
  );
  return isLeft(done) ? done : ok;
};

/** Finds the account by name, builds its commands from it, and executes them. */
export const onSharedAccount = async (
  ports: SharedAccountCommandPorts,
  context: RequestContext,
  name: string,
  commands: (account: SharedAccount) => Either<DomainError, readonly SharedAccountCommand[]>,
): Result<true> => {
  const account = findSharedAccount(ports.models, name);
  if (isLeft(account)) return account;
  const built = commands(account.right);
  return isLeft(built) ? built : executeOnSharedAccount(ports, context, account.right, built.right);
};
