import { EventEnvelope } from '../domain/envelope';
import { isSharedAccountEvent } from '../domain/events';
import { nameKey } from '../domain/names';
import { SUB_ACCOUNT_SEPARATOR } from '../domain/shared-accounts/decide';
import { evolveSharedAccount, SharedAccount, SharedAccountState } from '../domain/shared-accounts/state';
import { createNameIndex } from './name-index';
import { byKey, ReadModel } from './read-model';

export const createSharedAccountsReadModel = () => {
  const accounts = new Map<string, SharedAccount>();
  let indexStale = false;
  // The listing order changes only with a new account, a rename, a move or a delete (the same changes
  // that make the name index stale); balances change far more often, so the cache holds ids and a
  // listing always shows each account as it is now.
  let sortedIdsCache: readonly string[] | null = null;

  const fullName = (account: SharedAccount): string => {
    const parent = account.parentId === '' ? undefined : accounts.get(account.parentId);
    return parent === undefined ? account.name : `${parent.name}${SUB_ACCOUNT_SEPARATOR}${account.name}`;
  };

  const byFullName = createNameIndex((id) => {
    const account = accounts.get(id);
    return account === undefined || account.deleted ? undefined : fullName(account);
  });

  // A parent's rename changes its sub-accounts' full names, so the index is rebuilt lazily.
  const index = () => {
    if (indexStale) {
      byFullName.clear();
      for (const account of accounts.values())
        if (!account.deleted) byFullName.add(fullName(account), account.accountId);
      indexStale = false;
    }
    return byFullName;
  };

  const active = (id: string | undefined): SharedAccount | undefined => {
    const account = id === undefined ? undefined : accounts.get(id);
    return account === undefined || account.deleted ? undefined : account;
  };

  return {
    name: 'shared-accounts',
    apply: ({ event }: EventEnvelope): void => {
      if (!isSharedAccountEvent(event)) return;
      const current = accounts.get(event.data.accountId);
      const state: SharedAccountState =
        current === undefined ? { status: 'absent' } : { status: 'present', ...current };
      const next = evolveSharedAccount(state, event);
      if (next.status !== 'present') return;
      const { status: _status, ...account } = next;
      accounts.set(account.accountId, account);
      if (
        current === undefined ||
        current.name !== account.name ||
        current.deleted !== account.deleted ||
        current.parentId !== account.parentId
      ) {
        indexStale = true;
        sortedIdsCache = null;
      }
    },
    /** By full name, `parent\sub` for sub-accounts, case-insensitive; deleted accounts are not found. */
    findByName: (name: string): SharedAccount | undefined => active(index().find(name)),
    byId: (accountId: string): SharedAccount | undefined => accounts.get(accountId),
    fullName,
    subAccounts: (parentId: string): readonly SharedAccount[] =>
      [...accounts.values()].filter((account) => account.parentId === parentId && !account.deleted),
    /** Accounts not deleted, by full name (case-insensitive): the order every listing pages through. */
    sorted: (): readonly SharedAccount[] => {
      sortedIdsCache ??= [...accounts.values()]
        .filter((account) => !account.deleted)
        .sort(byKey((account) => nameKey(fullName(account))))
        .map((account) => account.accountId);
      return sortedIdsCache.map((id) => accounts.get(id) as SharedAccount);
    },
    all: (): Iterable<SharedAccount> => accounts.values(),
    snapshot: () => [...accounts.values()].sort(byKey((account) => account.accountId)),
    restore: (snapshot: unknown): void => {
      accounts.clear();
      for (const account of snapshot as SharedAccount[]) accounts.set(account.accountId, account);
      indexStale = true;
      sortedIdsCache = null;
    },
  } satisfies ReadModel & Record<string, unknown>;
};

export type SharedAccountsReadModel = ReturnType<typeof createSharedAccountsReadModel>;
