import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { nameKey } from '../../domain/names';
import {
  SharedAccountCommand,
  sharedAccountDecider,
  SUB_ACCOUNT_SEPARATOR,
} from '../../domain/shared-accounts/decide';
import { SharedAccount } from '../../domain/shared-accounts/state';
import { RequestContext } from '../envelope';
import { ok, Result } from '../kernel';
import { CommandHandlers } from '../command-handlers';
import { handleStep, OnceStep } from '../operation-steps';
import {
  ClaimPorts,
  claimKey,
  claimKeyForCreation,
  inFlightCreation,
  mayGiveBackCreationClaims,
  refuseStoredLookAlike,
  releaseKey,
} from '../uniqueness';
import { executeOnSharedAccount, SharedAccountCommandPorts } from './shared-account-commands';

/** Creating, renaming and deleting an account also claims and releases its name. */
export interface SharedAccountLifecyclePorts extends ClaimPorts, SharedAccountCommandPorts {
  readonly handlers: Pick<CommandHandlers, 'claims' | 'sharedAccounts'>;
}

/** The unique key of an account's name: its own name under its parent, so renaming a parent moves no claims. */
const claimKeyOf = (parentId: string, name: string): string =>
  parentId === '' ? nameKey(name) : `${parentId}${SUB_ACCOUNT_SEPARATOR}${nameKey(name)}`;

const loadAccount = (ports: SharedAccountLifecyclePorts, accountId: string) =>
  ports.handlers.sharedAccounts.load(accountId);

/** Owner check for a shared-account name claim: does the account's own stream still hold the name? */
const accountHoldsKey =
  (ports: SharedAccountLifecyclePorts, key: string) =>
  async (accountId: string): Promise<boolean> => {
    const { state } = await loadAccount(ports, accountId);
    return state.status === 'present' && !state.deleted && claimKeyOf(state.parentId, state.name) === key;
  };

const accountUnborn =
  (ports: SharedAccountLifecyclePorts) =>
  async (accountId: string): Promise<boolean> =>
    (await loadAccount(ports, accountId)).state.status === 'absent';

export interface NewSharedAccount {
  readonly accountId: string;
  readonly parentId: string;
  readonly name: string;
  /** As the caller wrote it, for the fault when the name is taken. */
  readonly fullName: string;
}

/**
 * Creates a shared account: claims its name under its parent first (racing creators: exactly one
 * wins), then writes the account's stream, with `settings` decided in the same append. A retry with
 * the same `accountId` finds its claim already held.
 */
export const createSharedAccount = async (
  ports: SharedAccountLifecyclePorts,
  context: RequestContext,
  account: NewSharedAccount,
  settings: (created: SharedAccount) => readonly SharedAccountCommand[] = () => [],
  /** When the creation is an operation's step: written exactly once. */
  once?: OnceStep,
): Result<SharedAccount> => {
  const { parentId, name } = account;
  const key = claimKeyOf(parentId, name);
  const conflict = { code: 'SharedAccountAlreadyExists', account: account.fullName } as const;
  const holdsKey = accountHoldsKey(ports, key);
  const stored = refuseStoredLookAlike(
    ports.models.sharedAccounts.findByName(account.fullName)?.accountId,
    account.accountId,
    conflict,
  );
  if (isLeft(stored)) return stored;
  // An operation's step keeps the id its operation chose; any other creation may adopt an unborn claimant's.
  const claimed =
    once === undefined
      ? await claimKeyForCreation(
          ports,
          'shared-account',
          key,
          account.accountId,
          { holdsKey, unborn: accountUnborn(ports) },
          conflict,
          context,
        )
      : await claimKey(ports, 'shared-account', key, account.accountId, holdsKey, conflict, context).then(
          (result) =>
            isLeft(result) ? result : right({ ownerId: account.accountId, newlyClaimed: result.right }),
        );
  if (isLeft(claimed)) return claimed;
  const accountId = claimed.right.ownerId;
  return inFlightCreation(accountId, async () => {
    const create: SharedAccountCommand = { kind: 'CreateSharedAccount', accountId, name, parentId };
    const created = await ports.readYourWrites(
      await handleStep(
        ports.handlers.sharedAccounts,
        accountId,
        (state): Either<DomainError, readonly SharedAccountCommand[]> => {
          // The settings are chosen for the account as its creation leaves it.
          const creation = sharedAccountDecider.decide(create, state);
          if (isLeft(creation)) return creation;
          const fresh = creation.right.reduce(sharedAccountDecider.evolve, state);
          const more = fresh.status === 'present' ? settings(fresh) : [];
          return right([create, ...more]);
        },
        context,
        once,
      ),
    );
    if (isLeft(created)) {
      // A claim whose creation failed is given back at once, unless another creation adopted it meanwhile.
      if (claimed.right.newlyClaimed && (await mayGiveBackCreationClaims(accountId, accountUnborn(ports))))
        await releaseKey(ports, 'shared-account', key, accountId, context);
      return created;
    }
    const state = created.right.state;
    if (state.status === 'absent')
      return left({ code: 'Conflict', what: `account ${account.fullName} was not created` });
    const { status: _status, ...record } = state;
    return right(record);
  });
};

/** Deletes an account without sub-accounts and gives its name up; its history stays. */
export const deleteSharedAccount = async (
  ports: SharedAccountLifecyclePorts,
  context: RequestContext,
  account: SharedAccount,
): Result<true> => {
  const fullName = ports.models.sharedAccounts.fullName(account);
  if (ports.models.sharedAccounts.subAccounts(account.accountId).length > 0)
    return left({ code: 'SharedAccountHasSubAccounts', account: fullName });
  const deleted = await ports.readYourWrites(
    await ports.handlers.sharedAccounts.handle(
      account.accountId,
      { kind: 'DeleteSharedAccount', fullName },
      context,
    ),
  );
  if (isLeft(deleted)) return deleted;
  await releaseKey(
    ports,
    'shared-account',
    claimKeyOf(account.parentId, account.name),
    account.accountId,
    context,
  );
  return ok;
};

/**
 * Moves an account to a new name and parent: claims the new name first, renames, then gives the old
 * name up (or the new one back when the rename fails), so a name is never free while still in use.
 */
export const renameSharedAccount = async (
  ports: SharedAccountLifecyclePorts,
  context: RequestContext,
  account: SharedAccount,
  to: { readonly parentId: string; readonly name: string; readonly fullName: string },
): Result<true> => {
  const oldKey = claimKeyOf(account.parentId, account.name);
  const newKey = claimKeyOf(to.parentId, to.name);
  const conflict = { code: 'SharedAccountAlreadyExists', account: to.fullName } as const;
  const stored = refuseStoredLookAlike(
    ports.models.sharedAccounts.findByName(to.fullName)?.accountId,
    account.accountId,
    conflict,
  );
  if (isLeft(stored)) return stored;
  let claimedNew = false;
  if (newKey !== oldKey) {
    const claimed = await claimKey(
      ports,
      'shared-account',
      newKey,
      account.accountId,
      accountHoldsKey(ports, newKey),
      conflict,
      context,
    );
    if (isLeft(claimed)) return claimed;
    claimedNew = claimed.right;
  }
  const fullNameFrom = ports.models.sharedAccounts.fullName(account);
  const renamed = await executeOnSharedAccount(ports, context, account, [
    {
      kind: 'RenameSharedAccount',
      name: to.name,
      parentId: to.parentId,
      fullNameFrom,
      fullNameTo: to.fullName,
    },
  ]);
  if (isLeft(renamed)) {
    if (claimedNew) await releaseKey(ports, 'shared-account', newKey, account.accountId, context);
    return renamed;
  }
  if (newKey !== oldKey) await releaseKey(ports, 'shared-account', oldKey, account.accountId, context);
  return ok;
};
