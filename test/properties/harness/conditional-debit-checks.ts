import assert from 'node:assert/strict';
import { Either } from 'fp-ts/Either';
import { Folio } from '../../../application/folio';
import { userPolicy } from '../../../application/policy';
import { DomainError } from '../../../domain/errors';
import { canonicalMoney, Money, sumMoney, ZERO } from '../../../domain/money';
import { User } from '../../../domain/users/state';
import { Operation } from './operations';

export const show = (amount: Money): string => canonicalMoney(amount);

export const overdraftOf = (folio: Folio, user: User): Money =>
  user.overdraft.mode === 'individual'
    ? user.overdraft.amount
    : userPolicy(folio.models.config).defaultOverdraft;

export const total = (user: User): Money => sumMoney(Object.values(user.balances));

type ConditionalDebit = Extract<Operation, { kind: 'adjustIfAvailable' | 'adjustLeaveRemaining' }>;

/**
 * What must remain available after a conditional debit: nothing for IfAvailable. The limit is the
 * floor whatever the caller asks to leave, so a negative amount to leave counts as nothing.
 */
const leaveOf = (operation: ConditionalDebit): Money =>
  operation.kind === 'adjustLeaveRemaining' && operation.leaveRemaining > ZERO
    ? operation.leaveRemaining
    : ZERO;

/**
 * One conditional debit, judged against the user as it was just before: applied exactly when the
 * user is unrestricted, it is a credit, or enough credit stays available; refused without a trace
 * otherwise.
 */
export const assertConditionalDebitRespectsLimit = (
  folio: Folio,
  operation: ConditionalDebit,
  before: User,
  overdraft: Money,
  logBefore: number,
  logAfter: number,
  result: Either<DomainError, unknown>,
): void => {
  if (result._tag === 'Left') {
    assert.equal(logAfter, logBefore, `a refused ${operation.kind} (${result.left.code}) wrote events`);
    return;
  }
  const afterwards = folio.models.users.byId(before.userId);
  assert.ok(afterwards !== undefined);
  const available = total(before) + overdraft;
  const mayApply =
    !before.restricted || operation.amount >= ZERO || available + operation.amount >= leaveOf(operation);
  if (result.right === false) {
    assert.ok(
      !mayApply,
      `${operation.kind} of ${show(operation.amount)} refused with ${show(available)} available`,
    );
    assert.equal(logAfter, logBefore, 'a refused conditional debit wrote events');
    assert.deepEqual(afterwards.balances, before.balances, 'a refused conditional debit changed a balance');
    return;
  }
  assert.ok(
    mayApply,
    `${operation.kind} of ${show(operation.amount)} applied with only ${show(available)} available`,
  );
  assert.equal(
    show(total(afterwards)),
    show(total(before) + operation.amount),
    'the debit moved another amount',
  );
  if (before.restricted && operation.amount < ZERO)
    assert.ok(
      total(afterwards) >= -overdraft + leaveOf(operation),
      `balance ${show(total(afterwards))} is below the limit ${show(-overdraft)} (+ ${show(leaveOf(operation))} to leave)`,
    );
};
