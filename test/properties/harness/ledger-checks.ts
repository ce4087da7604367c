import assert from 'node:assert/strict';
import { decodeOrThrow } from '../../../application/envelope';
import { ComposedFolio } from '../../../application/folio';
import { RecordedEvent } from '../../../adapters/store/port';
import { ledgerAccountKey } from '../../../domain/ledger/accounts';
import { postingsOf } from '../../../domain/ledger/postings';
import { canonicalMoney, Money, ZERO } from '../../../domain/money';
import { LedgerEntry } from '../../../projections/transactions';

const show = (amount: Money): string => canonicalMoney(amount);

/**
 * Folds postingsOf over the log one event at a time. Customer accounts hold the balance their
 * entries state (balanceAfter), system accounts the negated sum of what they gave; after every
 * event the sum of all of them must be zero.
 */
export const assertEveryPrefixBalances = (log: readonly RecordedEvent[]): void => {
  const balances = new Map<string, Money>();
  let total = ZERO;
  for (const recorded of log) {
    for (const posting of postingsOf(decodeOrThrow(recorded).event)) {
      const customerBefore = balances.get(posting.account) ?? ZERO;
      const counterBefore = balances.get(posting.counterAccount) ?? ZERO;
      balances.set(posting.account, posting.balanceAfter);
      balances.set(posting.counterAccount, counterBefore - posting.amount);
      total += posting.balanceAfter - customerBefore - posting.amount;
    }
    assert.equal(
      show(total),
      '0',
      `trial balance is ${show(total)} at position ${recorded.position} (${recorded.type} on ${recorded.stream})`,
    );
  }
  let sum = ZERO;
  for (const balance of balances.values()) sum += balance;
  assert.equal(show(sum), '0', 'the balances folded from the log do not sum to zero');
};

/** Each entry's balanceAfter is the running sum of the amounts before it, and the last is the balance. */
const assertEntriesAddUp = (entries: readonly LedgerEntry[], balance: Money, what: string): void => {
  let running = ZERO;
  for (const entry of entries) {
    running += entry.amount;
    assert.equal(
      show(entry.balanceAfter),
      show(running),
      `${what}: entry ${entry.transferId} at position ${entry.position} says ${show(entry.balanceAfter)} after ${show(entry.amount)}, the running sum is ${show(running)}`,
    );
  }
  assert.equal(
    show(balance),
    show(running),
    `${what}: balance ${show(balance)}, its entries sum to ${show(running)}`,
  );
};

/**
 * Every personal account of every user (deleted ones too) and every shared account: the read
 * model's balance, the balance the aggregate decides against, and the ledger agree; and the ledger
 * holds no customer account that no user or shared account owns.
 */
export const assertBalancesEqualTransfers = async (folio: ComposedFolio): Promise<void> => {
  const { models, kernel } = folio;
  const owned = new Set<string>();
  for (const user of models.users.all()) {
    const { state } = await kernel.handlers.users.load(user.userId);
    assert.equal(state.status, 'present', `user ${user.userId} has no stream`);
    if (state.status !== 'present') continue;
    assert.deepEqual(
      Object.entries(state.balances).map(([name, balance]) => [name, show(balance)]),
      Object.entries(user.balances).map(([name, balance]) => [name, show(balance)]),
      `user ${user.username}: the aggregate and the read model disagree on the balances`,
    );
    for (const [account, balance] of Object.entries(user.balances)) {
      const key = ledgerAccountKey({ kind: 'user', userId: user.userId, account });
      owned.add(key);
      assertEntriesAddUp(
        models.transactions.entriesOf(key),
        balance,
        `${user.username} account '${account}'`,
      );
    }
  }
  for (const account of models.sharedAccounts.all()) {
    const { state } = await kernel.handlers.sharedAccounts.load(account.accountId);
    assert.equal(state.status === 'present' ? show(state.balance) : 'absent', show(account.balance));
    const key = ledgerAccountKey({ kind: 'shared', accountId: account.accountId });
    owned.add(key);
    assertEntriesAddUp(models.transactions.entriesOf(key), account.balance, `shared account ${account.name}`);
  }
  for (const key of models.transactions.balances().keys())
    if (!key.startsWith('system:')) assert.ok(owned.has(key), `ledger account ${key} belongs to nobody`);
};
