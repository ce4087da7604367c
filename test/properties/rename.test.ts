import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Folio } from '../../adapters/application/folio';
import { canonicalMoney, MAX_ABS_MONEY, Money, ZERO } from '../../domain/money';
import { normalizeUsername } from '../../domain/names';
import { checkAsyncProperty } from '../support/property';
import { startMemoryFolio } from './harness/folio';
import { amount, execute, Operation, USERNAMES } from './harness/operations';

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
});
