import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Folio } from '../../application/folio';
import { canonicalMoney, MAX_ABS_MONEY, Money, ZERO } from '../../domain/money';
import { nameKey, normalizeUsername } from '../../domain/names';
import { checkAsyncProperty } from '../support/property';
import { startMemoryFolio } from './harness/folio';
import { execute } from './harness/execute';
import { amount, Operation, SHARED_ACCOUNTS, USERNAMES } from './harness/operations';

/** One user as the model knows it: whatever its name, the same id, balance and transfers. */
interface Identity {
  userId: string;
  balance: Money;
  readonly transfers: Money[];
}

type NameOperation = Extract<Operation, { kind: 'createUser' | 'adjust' | 'renameUser' | 'deleteUser' }>;

const username = fc.constantFrom(...USERNAMES);
const nameOperation: fc.Arbitrary<NameOperation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('createUser' as const), username }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      username,
      amount,
      account: fc.constant(''),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('renameUser' as const), from: username, to: username }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteUser' as const), username }) },
);

const show = (money: Money): string => canonicalMoney(money);

/**
 * What the model expects of one operation: whether it succeeds, and how names and identities move.
 * Names are case-insensitive, so the model keys them as the domain does.
 */
const applyToModel = (
  names: Map<string, Identity>,
  identities: Identity[],
  operation: NameOperation,
): boolean => {
  switch (operation.kind) {
    case 'createUser': {
      const name = normalizeUsername(operation.username);
      if (names.has(name)) return false;
      const identity: Identity = { userId: '', balance: ZERO, transfers: [] };
      names.set(name, identity);
      identities.push(identity);
      return true;
    }
    case 'adjust': {
      const identity = names.get(normalizeUsername(operation.username));
      if (identity === undefined) return false;
      const after = identity.balance + operation.amount;
      if (after > MAX_ABS_MONEY || after < -MAX_ABS_MONEY) return false;
      if (operation.amount !== ZERO) identity.transfers.push(operation.amount);
      identity.balance = after;
      return true;
    }
    case 'renameUser': {
      const from = normalizeUsername(operation.from);
      const to = normalizeUsername(operation.to);
      const identity = names.get(from);
      if (identity === undefined) return false;
      if (from === to) return true;
      if (names.has(to)) return false;
      names.delete(from);
      names.set(to, identity);
      return true;
    }
    case 'deleteUser':
      return names.delete(normalizeUsername(operation.username));
  }
};

/** Every identity keeps its id, balance and transfers, found under whatever name it has now. */
const assertTransfersAttached = (
  folio: Folio,
  names: Map<string, Identity>,
  identities: Identity[],
): void => {
  for (const identity of identities) {
    const user = folio.models.users.byId(identity.userId);
    assert.ok(user !== undefined, `user ${identity.userId} vanished`);
    assert.equal(show(user.balances[''] ?? ZERO), show(identity.balance), `${user.username}: balance`);
    assert.deepEqual(
      folio.models.transactions.entriesOf(`user:${identity.userId}`).map((entry) => show(entry.amount)),
      identity.transfers.map(show),
      `${user.username} (${identity.userId}): transfers`,
    );
  }
  for (const [name, identity] of names) {
    assert.equal(folio.models.users.findByUsername(name)?.userId, identity.userId, `${name} is another user`);
    const balance = folio.services.balances.getUserAccountBalance(name, '');
    assert.equal(balance._tag === 'Right' ? show(balance.right) : balance.left.code, show(identity.balance));
  }
  for (const name of USERNAMES)
    if (!names.has(normalizeUsername(name)))
      assert.equal(folio.models.users.findByUsername(name), undefined, `${name} should be free`);
};

/** A shared account as the model knows it; a sub-account's full name follows its parent's renames. */
interface Account {
  accountId: string;
  name: string;
  parent: Account | null;
  deleted: boolean;
  balance: Money;
  readonly transfers: Money[];
}

type AccountOperation = Extract<
  Operation,
  { kind: 'createShared' | 'adjustShared' | 'renameShared' | 'deleteShared' }
>;

const sharedName = fc.constantFrom(...SHARED_ACCOUNTS, 'lab', 'lab\\x', 'Proj\\A');
const accountOperation: fc.Arbitrary<AccountOperation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('createShared' as const), name: sharedName }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('adjustShared' as const), name: sharedName, amount }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('renameShared' as const), from: sharedName, to: sharedName }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteShared' as const), name: sharedName }) },
);

const fullNameOf = (account: Account): string =>
  account.parent === null ? account.name : `${account.parent.name}\\${account.name}`;

const split = (fullName: string): { parent: string | null; name: string } => {
  const separator = fullName.indexOf('\\');
  return separator < 0
    ? { parent: null, name: fullName }
    : { parent: fullName.slice(0, separator), name: fullName.slice(separator + 1) };
};

/** The shared-account rules the model mirrors: parents are live top-level accounts, full names are unique. */
const applyToAccounts = (accounts: Account[], operation: AccountOperation): boolean => {
  const live = accounts.filter((account) => !account.deleted);
  const find = (fullName: string) =>
    live.find((account) => nameKey(fullNameOf(account)) === nameKey(fullName));
  const parentOf = (fullName: string): Account | null | undefined => {
    const { parent } = split(fullName);
    return parent === null
      ? null
      : live.find((account) => account.parent === null && nameKey(account.name) === nameKey(parent));
  };
  switch (operation.kind) {
    case 'createShared': {
      const parent = parentOf(operation.name);
      if (parent === undefined || find(operation.name) !== undefined) return false;
      accounts.push({
        accountId: '',
        name: split(operation.name).name,
        parent,
        deleted: false,
        balance: ZERO,
        transfers: [],
      });
      return true;
    }
    case 'adjustShared': {
      const account = find(operation.name);
      const after = (account?.balance ?? ZERO) + operation.amount;
      if (account === undefined || after > MAX_ABS_MONEY || after < -MAX_ABS_MONEY) return false;
      if (operation.amount !== ZERO) account.transfers.push(operation.amount);
      account.balance = after;
      return true;
    }
    case 'renameShared': {
      const account = find(operation.from);
      const parent = parentOf(operation.to);
      if (account === undefined || parent === undefined || parent === account) return false;
      if (parent !== null && live.some((other) => other.parent === account)) return false;
      const holder = find(operation.to);
      if (holder !== undefined && holder !== account) return false;
      account.name = split(operation.to).name;
      account.parent = parent;
      return true;
    }
    case 'deleteShared': {
      const account = find(operation.name);
      if (account === undefined || live.some((other) => other.parent === account)) return false;
      account.deleted = true;
      return true;
    }
  }
};

/** Every account keeps its id, balance and transfers, and is found under its full name of now. */
const assertAccountTransfersAttached = (folio: Folio, accounts: Account[]): void => {
  for (const account of accounts) {
    const stored = folio.models.sharedAccounts.byId(account.accountId);
    assert.ok(stored !== undefined, `shared account ${account.accountId} vanished`);
    assert.equal(show(stored.balance), show(account.balance), `${fullNameOf(account)}: balance`);
    assert.deepEqual(
      folio.models.transactions.entriesOf(`shared:${account.accountId}`).map((entry) => show(entry.amount)),
      account.transfers.map(show),
      `${fullNameOf(account)} (${account.accountId}): transfers`,
    );
    if (account.deleted) continue;
    assert.equal(folio.models.sharedAccounts.fullName(stored), fullNameOf(account), 'full name');
    assert.equal(
      folio.models.sharedAccounts.findByName(fullNameOf(account))?.accountId,
      account.accountId,
      `${fullNameOf(account)} is another account`,
    );
  }
};

describe('rename properties', () => {
  it('a rename keeps every past transfer attached', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(
        fc.array(nameOperation, { minLength: 1, maxLength: 50, size: 'max' }),
        async (list) => {
          const { folio } = await startMemoryFolio();
          const names = new Map<string, Identity>();
          const identities: Identity[] = [];
          for (const [step, operation] of list.entries()) {
            const expected = applyToModel(names, identities, operation);
            const result = await execute(folio, operation);
            assert.equal(result._tag === 'Right', expected, `step ${step}: ${JSON.stringify(result)}`);
            if (operation.kind === 'createUser' && expected) {
              const created = folio.models.users.findByUsername(operation.username);
              const identity = identities[identities.length - 1];
              assert.ok(created !== undefined && identity !== undefined);
              assert.ok(
                identities.every((other) => other.userId !== created.userId),
                'a new user took an old id',
              );
              identity.userId = created.userId;
            }
            assertTransfersAttached(folio, names, identities);
          }
        },
      ),
      80,
    );
  });

  it('a rename keeps every past transfer attached, for shared accounts and their sub-accounts too', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(
        fc.array(accountOperation, { minLength: 1, maxLength: 50, size: 'max' }),
        async (list) => {
          const { folio } = await startMemoryFolio();
          const accounts: Account[] = [];
          for (const [step, operation] of list.entries()) {
            const expected = applyToAccounts(accounts, operation);
            const result = await execute(folio, operation);
            assert.equal(result._tag === 'Right', expected, `step ${step}: ${JSON.stringify(result)}`);
            if (operation.kind === 'createShared' && expected) {
              const created = folio.models.sharedAccounts.findByName(operation.name);
              const account = accounts[accounts.length - 1];
              assert.ok(created !== undefined && account !== undefined);
              assert.ok(
                accounts.every((other) => other.accountId !== created.accountId),
                'a new account took an old id',
              );
              account.accountId = created.accountId;
            }
            assertAccountTransfersAttached(folio, accounts);
          }
        },
      ),
      80,
    );
  });
});
