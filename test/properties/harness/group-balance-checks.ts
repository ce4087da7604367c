import assert from 'node:assert/strict';
import { Either } from 'fp-ts/Either';
import { decodeOrThrow } from '../../../application/envelope';
import { Folio } from '../../../application/folio';
import { findGroup, groupMembers } from '../../../application/resolve';
import { RecordedEvent } from '../../../adapters/store/port';
import { DomainError } from '../../../domain/errors';
import { ledgerAccountKey } from '../../../domain/ledger/accounts';
import { canonicalMoney, MAX_ABS_MONEY, Money, sumMoney, ZERO } from '../../../domain/money';
import { carriesOperation } from '../../../application/operation-steps';
import { userStream } from '../../../domain/streams';
import { Operation } from './operations';

export type GroupBalanceOperation = Extract<Operation, { kind: 'groupAdjust' | 'groupSet' | 'groupUpTo' }>;

type Balances = Readonly<Record<string, Money>>;

export const isGroupBalanceOperation = (operation: Operation): operation is GroupBalanceOperation =>
  operation.kind === 'groupAdjust' || operation.kind === 'groupSet' || operation.kind === 'groupUpTo';

const show = (amount: Money): string => canonicalMoney(amount);

/** A member's balance in the operation's account once the operation applies to it. */
const expectedBalance = (operation: GroupBalanceOperation, balances: Balances): Money => {
  const current = balances[operation.account] ?? ZERO;
  switch (operation.kind) {
    case 'groupAdjust':
      return current + operation.amount;
    case 'groupSet':
      return operation.balance;
    case 'groupUpTo': {
      // Measured on the total for the default account, as conditional debits are; never lowers a balance.
      const measured = operation.account === '' ? sumMoney(Object.values(balances)) : current;
      const room = operation.limit - measured;
      const credit = operation.amount < room ? operation.amount : room;
      return credit > ZERO ? current + credit : current;
    }
  }
};

const allBalances = (folio: Folio): Map<string, Balances> =>
  new Map([...folio.models.users.all()].map((user) => [user.userId, user.balances]));

const inRange = (balance: Money): boolean => balance <= MAX_ABS_MONEY && balance >= -MAX_ABS_MONEY;

interface Before {
  readonly memberIds: readonly string[];
  readonly balances: ReadonlyMap<string, Balances>;
  readonly logLength: number;
}

export const captureBefore = (folio: Folio, operation: GroupBalanceOperation, logLength: number): Before => {
  const group = findGroup(folio.models, operation.group);
  return {
    memberIds:
      group._tag === 'Right' ? groupMembers(folio.models, group.right).map((user) => user.userId) : [],
    balances: allBalances(folio),
    logLength,
  };
};

/**
 * Either the operation was recorded, every member it names is its member from before and got
 * exactly the change the mode promises (one entry carrying the operation id, none when nothing
 * changes), and nobody else changed; or it was not recorded and no balance changed at all.
 */
export const assertEveryMemberOrNone = (
  folio: Folio,
  log: readonly RecordedEvent[],
  operation: GroupBalanceOperation,
  before: Before,
): { readonly started: boolean } => {
  const written = log.slice(before.logLength).map(decodeOrThrow);
  const starts = written.flatMap(({ event }) =>
    event.type === 'GroupBalanceOperationStarted' ? [event] : [],
  );
  const after = allBalances(folio);
  if (starts.length === 0) {
    assert.deepEqual(after, before.balances, 'an operation that never started changed a balance');
    return { started: false };
  }
  assert.equal(starts.length, 1, 'one call started several operations');
  const { operationId, userIds } = (starts[0] as (typeof starts)[number]).data;
  assert.deepEqual(userIds, before.memberIds, 'the operation names other users than the members');
  const completions = written.filter(
    ({ event }) => event.type === 'BulkOperationCompleted' && event.data.operationId === operationId,
  );
  assert.equal(completions.length, 1, 'the operation was not completed exactly once');
  const completion = completions[0]?.event;
  if (completion?.type === 'BulkOperationCompleted')
    assert.deepEqual(completion.data.skipped, [], 'the operation skipped members');

  const entries = folio.models.transactions.entries().filter((entry) => entry.operationId === operationId);
  const members = new Set(before.memberIds);
  for (const [userId, balances] of before.balances) {
    const now = after.get(userId);
    if (!members.has(userId)) {
      assert.deepEqual(now, balances, `non-member ${userId} changed`);
      continue;
    }
    const expected = expectedBalance(operation, balances);
    const current = balances[operation.account] ?? ZERO;
    const key = ledgerAccountKey({ kind: 'user', userId, account: operation.account });
    const own = entries.filter((entry) => entry.account === key);
    assert.equal(
      show(now?.[operation.account] ?? ZERO),
      show(expected),
      `member ${userId}: ${show(current)} became ${show(now?.[operation.account] ?? ZERO)}`,
    );
    assert.equal(own.length, expected === current ? 0 : 1, `member ${userId} has ${own.length} entries`);
    for (const entry of own) assert.equal(show(entry.amount), show(expected - current));
  }
  assert.ok(
    entries.every((entry) => [...members].some((userId) => entry.account.startsWith(`user:${userId}`))),
    'an entry of the operation belongs to a non-member',
  );
  return { started: true };
};

/**
 * After a group operation raced a change to one member (`changed`): either no operation started and
 * the call was refused; or it started and completed once, every member it names carries exactly one
 * event of it (its entry, or the `UserBalanceUnchanged` marker when it moved nothing) but those its
 * completion skips, who carry none — and only the changed member may be skipped, and the call answers
 * success exactly when no one was, GroupOperationPartlyApplied naming the skipped members otherwise.
 */
export const assertEveryMemberOrNamed = (
  log: readonly RecordedEvent[],
  before: Before,
  result: Either<DomainError, unknown>,
  changed: { readonly userId: string; readonly username: string },
): void => {
  const written = log.slice(before.logLength);
  const start = written.map(decodeOrThrow).find(({ event }) => event.type === 'GroupBalanceOperationStarted');
  if (start?.event.type !== 'GroupBalanceOperationStarted') {
    assert.equal(result._tag, 'Left', 'answered success without starting an operation');
    return;
  }
  const { operationId, userIds } = start.event.data;
  assert.deepEqual(userIds, before.memberIds, 'the operation names other users than the members');
  const completions = written
    .map(decodeOrThrow)
    .flatMap(({ event }) =>
      event.type === 'BulkOperationCompleted' && event.data.operationId === operationId ? [event.data] : [],
    );
  assert.equal(completions.length, 1, 'the operation was not completed exactly once');
  const completion = completions[0];
  assert.ok(completion !== undefined);
  const skipped = new Set(completion.skipped.map(({ id }) => id));
  for (const userId of userIds) {
    const own = written.filter(
      (recorded) => recorded.stream === userStream(userId) && carriesOperation(operationId)(recorded),
    );
    assert.equal(own.length, skipped.has(userId) ? 0 : 1, `member ${userId} carries ${own.length} events`);
  }
  assert.equal(completion.applied, userIds.length - skipped.size, 'the completion miscounts');
  if (skipped.size === 0) {
    assert.equal(result._tag, 'Right', `answered ${JSON.stringify(result)} though every member was applied`);
    return;
  }
  assert.equal(result._tag, 'Left');
  if (result._tag !== 'Left') return;
  assert.equal(result.left.code, 'GroupOperationPartlyApplied');
  if (result.left.code !== 'GroupOperationPartlyApplied') return;
  assert.equal(result.left.operationId, operationId);
  assert.equal(result.left.applied, completion.applied);
  assert.deepEqual([...skipped], [changed.userId], 'a member nobody changed was skipped');
  assert.match(
    result.left.skipped,
    new RegExp(`'${changed.username}'`),
    'the answer names the skipped member',
  );
};

/** A refusal as out of range is justified: a member's resulting balance, or the transfer to it, is beyond the range. */
export const assertRefusalJustified = (
  operation: GroupBalanceOperation,
  before: Before,
  result: Either<DomainError, unknown>,
): void => {
  if (result._tag === 'Right' || result.left.code !== 'AmountOutOfRange') return;
  const outOfRange = (balances: Balances): boolean => {
    const expected = expectedBalance(operation, balances);
    return !inRange(expected) || !inRange(expected - (balances[operation.account] ?? ZERO));
  };
  assert.ok(
    before.memberIds.some((userId) => outOfRange(before.balances.get(userId) ?? {})),
    'refused as out of range, yet every member balance and transfer would stay in range',
  );
};
