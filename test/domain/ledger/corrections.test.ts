import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Either } from 'fp-ts/Either';
import { DomainError } from '../../../domain/errors';
import { RecordedTransfer } from '../../../domain/ledger/corrections';
import { SharedAccountEvent } from '../../../domain/shared-accounts/events';
import { sharedAccountDecider } from '../../../domain/shared-accounts/decide';
import { UserEvent } from '../../../domain/users/events';
import { userDecider } from '../../../domain/users/decide';
import { moneyFromUnits } from '../../../domain/money';

/** Emmett-style specification: given these events, when this command, then these events (or this error). */
const given = (events: readonly UserEvent[]) => ({
  when: (command: Parameters<typeof userDecider.decide>[0]): Either<DomainError, readonly UserEvent[]> =>
    userDecider.decide(command, events.reduce(userDecider.evolve, userDecider.initialState())),
});

const created: UserEvent = {
  type: 'UserCreated',
  data: { userId: 'u1', username: 'alice', internal: true, source: 'internal' },
};
const topUp: UserEvent = {
  type: 'UserBalanceAdjusted',
  data: {
    userId: 'u1',
    account: '',
    transferId: 't1',
    amount: moneyFromUnits(25),
    balanceAfter: moneyFromUnits(25),
    counterAccount: 'system:card-sales',
    cause: 'card-redemption',
    comment: 'card 1234',
  },
};
const original: RecordedTransfer = { ...topUp.data, account: '' };
const correction = (correctionId: string) =>
  ({ kind: 'CorrectTransfer', original, correctionId, comment: 'card redeemed twice' }) as const;
const corrected: UserEvent = {
  type: 'UserBalanceAdjusted',
  data: {
    userId: 'u1',
    account: '',
    transferId: 'c1',
    amount: moneyFromUnits(-25),
    balanceAfter: 0n,
    counterAccount: 'system:card-sales',
    cause: 'correction',
    comment: 'card redeemed twice',
    correctsTransferId: 't1',
  },
};

describe('correcting a transfer', () => {
  it("books the opposite amount against the original's counter-account, pointing to the original", () => {
    assert.deepEqual(given([created, topUp]).when(correction('c1')), { _tag: 'Right', right: [corrected] });
  });

  it('refuses a second correction of the same transfer, naming the first', () => {
    assert.deepEqual(given([created, topUp, corrected]).when(correction('c2')), {
      _tag: 'Left',
      left: { code: 'TransferAlreadyCorrected', transferId: 't1', correctionId: 'c1' },
    });
  });

  it('refuses to correct a correction', () => {
    const decision = given([created, topUp, corrected]).when({
      kind: 'CorrectTransfer',
      original: { ...corrected.data, account: '' },
      correctionId: 'c2',
      comment: 'undo the undo',
    });
    assert.equal(decision._tag === 'Left' && decision.left.code, 'TransferNotCorrectable');
  });

  it("corrects a deleted user's transfer: the ledger outlives the account", () => {
    const deleted: UserEvent = {
      type: 'UserDeleted',
      data: { userId: 'u1', username: 'alice', redacted: false },
    };
    assert.deepEqual(given([created, topUp, deleted]).when(correction('c1')), {
      _tag: 'Right',
      right: [corrected],
    });
  });

  it('goes below zero if it must: a correction is a fact, not a conditional debit', () => {
    const spent: UserEvent = {
      type: 'UserBalanceAdjusted',
      data: {
        ...topUp.data,
        transferId: 't2',
        amount: moneyFromUnits(-20),
        balanceAfter: moneyFromUnits(5),
        cause: 'print-charge',
        counterAccount: 'system:print-revenue:p1',
      },
    };
    const decision = given([created, topUp, spent]).when(correction('c1'));
    assert.equal(
      decision._tag === 'Right' &&
        decision.right[0]?.type === 'UserBalanceAdjusted' &&
        decision.right[0].data.balanceAfter,
      moneyFromUnits(-20),
    );
  });

  it('works the same on a shared account', () => {
    const events: SharedAccountEvent[] = [
      { type: 'SharedAccountCreated', data: { accountId: 's1', name: 'Physics', parentId: '' } },
      {
        type: 'SharedAccountBalanceAdjusted',
        data: {
          accountId: 's1',
          transferId: 't9',
          amount: moneyFromUnits(-3),
          balanceAfter: moneyFromUnits(-3),
          counterAccount: 'system:print-revenue:p1',
          cause: 'print-charge',
          comment: 'job',
        },
      },
    ];
    const state = events.reduce(sharedAccountDecider.evolve, sharedAccountDecider.initialState());
    const command = {
      kind: 'CorrectSharedAccountTransfer',
      original: {
        transferId: 't9',
        account: '',
        amount: moneyFromUnits(-3),
        counterAccount: 'system:print-revenue:p1',
        cause: 'print-charge',
      },
      correctionId: 'c9',
      comment: 'printer jammed',
    } as const;
    const decision = sharedAccountDecider.decide(command, state);
    assert.equal(decision._tag, 'Right');
    const booked = decision._tag === 'Right' ? decision.right[0] : undefined;
    assert.ok(booked?.type === 'SharedAccountBalanceAdjusted');
    assert.equal(booked.data.amount, moneyFromUnits(3));
    assert.equal(booked.data.counterAccount, 'system:print-revenue:p1');
    assert.equal(booked.data.correctsTransferId, 't9');
    const after = sharedAccountDecider.evolve(state, booked);
    assert.equal(sharedAccountDecider.decide(command, after)._tag, 'Left');
  });
});
