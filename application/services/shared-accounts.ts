import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { counterAccountFor } from '../../domain/ledger/accounts';
import { overdraftModeName, overdraftSettingFor } from '../../domain/ledger/overdraft';
import { Money } from '../../domain/money';
import { disabledUntil } from '../../domain/properties';
import {
  SharedAccountCommand,
  SUB_ACCOUNT_SEPARATOR,
  validateSharedAccountName,
} from '../../domain/shared-accounts/decide';
import { addressedSharedAccountName } from '../../domain/shared-accounts/names';
import { SharedAccount } from '../../domain/shared-accounts/state';
import { RequestContext } from '../envelope';
import { ok, Result } from '../kernel';
import { ReadModels } from '../../projections';
import { IdGenerator } from '../ids';

import { sharedAccountDefaultOverdraft } from '../policy';
import { findSharedAccount } from '../resolve';
import { onSharedAccount } from './shared-account-commands';
import {
  createSharedAccount,
  deleteSharedAccount,
  renameSharedAccount,
  SharedAccountLifecyclePorts,
} from './shared-account-lifecycle';
import { createSharedAccountListingServices } from './shared-account-listing';
import { createSharedAccountPropertyServices } from './shared-account-properties';

/**
 * What the shared-account methods use: the lifecycle's ports, ids for transfers and new accounts, and
 * the read models that find the users and groups given access and the default overdraft.
 */
export interface SharedAccountPorts extends SharedAccountLifecyclePorts {
  readonly models: Pick<ReadModels, 'sharedAccounts' | 'users' | 'groups' | 'config'>;
  readonly ids: IdGenerator;
}

type ParsedName = { readonly parent: string; readonly name: string };

const splitFullName = (name: string): ParsedName => {
  const fullName = addressedSharedAccountName(name);
  const separator = fullName.indexOf(SUB_ACCOUNT_SEPARATOR);
  return separator < 0
    ? { parent: '', name: fullName }
    : { parent: fullName.slice(0, separator), name: fullName.slice(separator + 1) };
};

export const createSharedAccountServices = (ports: SharedAccountPorts) => {
  const { models } = ports;

  /** Resolves `parent\sub` to the parent's id ('' for a top-level name) and validates the own name. */
  const placement = (fullName: string): Either<DomainError, { parentId: string; name: string }> => {
    const parsed = splitFullName(fullName);
    const valid = validateSharedAccountName(parsed.name);
    if (isLeft(valid)) return valid;
    if (parsed.parent === '') return right({ parentId: '', name: valid.right });
    const parent = models.sharedAccounts.findByName(parsed.parent);
    if (parent === undefined || parent.parentId !== '')
      return left({ code: 'ParentAccountNotFound', account: fullName, parent: parsed.parent });
    return right({ parentId: parent.accountId, name: valid.right });
  };

  const onAccount = (
    context: RequestContext,
    name: string,
    commands: (account: SharedAccount) => Either<DomainError, readonly SharedAccountCommand[]>,
  ) => onSharedAccount(ports, context, name, commands);

  const balanceTransfer = (comment: string, cause: 'admin-adjustment' | 'balance-set') => ({
    transferId: ports.ids(),
    cause,
    counterAccount: counterAccountFor(cause),
    comment,
  });

  return {
    ...createSharedAccountListingServices(ports),
    ...createSharedAccountPropertyServices(ports),
    getSharedAccountAccountBalance: (name: string): Either<DomainError, Money> => {
      const account = findSharedAccount(models, name);
      return isLeft(account) ? account : right(account.right.balance);
    },
    adjustSharedAccountAccountBalance: (
      context: RequestContext,
      name: string,
      amount: Money,
      comment: string,
    ) =>
      onAccount(context, name, () =>
        right([
          {
            kind: 'AdjustSharedAccountBalance',
            amount,
            condition: { kind: 'unconditional' },
            defaultOverdraft: sharedAccountDefaultOverdraft(models.config),
            transfer: balanceTransfer(comment, 'admin-adjustment'),
          },
        ]),
      ),
    setSharedAccountAccountBalance: (
      context: RequestContext,
      name: string,
      balance: Money,
      comment: string,
    ) =>
      onAccount(context, name, () =>
        right([
          { kind: 'SetSharedAccountBalance', balance, transfer: balanceTransfer(comment, 'balance-set') },
        ]),
      ),
    getSharedAccountOverdraftMode: (name: string): Either<DomainError, string> => {
      const account = findSharedAccount(models, name);
      return isLeft(account) ? account : right(overdraftModeName(account.right.overdraft));
    },
    setSharedAccountOverdraftMode: (context: RequestContext, name: string, mode: string) =>
      onAccount(context, name, (account): Either<DomainError, readonly SharedAccountCommand[]> => {
        const setting = overdraftSettingFor(
          mode,
          account.overdraft,
          sharedAccountDefaultOverdraft(models.config),
        );
        return isLeft(setting)
          ? setting
          : right([{ kind: 'SetSharedAccountOverdraft', setting: setting.right }]);
      }),
    disableSharedAccount: (context: RequestContext, name: string, minutes: number) =>
      onAccount(context, name, (): Either<DomainError, readonly SharedAccountCommand[]> => {
        const until = disabledUntil(ports.clock(), minutes);
        if (isLeft(until)) return until;
        return right([
          until.right === null
            ? { kind: 'EnableSharedAccount' }
            : { kind: 'DisableSharedAccount', until: until.right },
        ]);
      }),

    addNewSharedAccount: async (context: RequestContext, fullName: string): Result<true> => {
      const placed = placement(fullName);
      if (isLeft(placed)) return placed;
      const created = await createSharedAccount(ports, context, {
        accountId: ports.ids(),
        ...placed.right,
        fullName,
      });
      return isLeft(created) ? created : ok;
    },

    renameSharedAccount: async (context: RequestContext, oldName: string, newName: string): Result<true> => {
      const account = findSharedAccount(models, oldName);
      if (isLeft(account)) return account;
      const placed = placement(newName);
      if (isLeft(placed)) return placed;
      const { parentId, name } = placed.right;
      if (parentId !== '' && models.sharedAccounts.subAccounts(account.right.accountId).length > 0)
        return left({ code: 'SharedAccountHasSubAccounts', account: oldName });
      if (parentId === account.right.accountId)
        return left({
          code: 'InvalidName',
          kind: 'shared-account',
          name: newName,
          reason: 'an account cannot be its own parent',
        });
      return renameSharedAccount(ports, context, account.right, { parentId, name, fullName: newName });
    },

    deleteExistingSharedAccount: async (context: RequestContext, name: string): Result<true> => {
      const account = findSharedAccount(models, name);
      return isLeft(account) ? account : deleteSharedAccount(ports, context, account.right);
    },
  };
};

export type SharedAccountServices = ReturnType<typeof createSharedAccountServices>;
