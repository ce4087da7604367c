import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { userDecider } from '../../../domain/users/decide';
import { userPropertyCommand } from '../../../domain/users/properties';
import { money } from '../../support/money';
import { directoryUserCreated, USER_ID } from './fixtures';
import {
  writeContext,
  userFrom,
  valueOf,
  errorOf,
  read,
  writeAll,
  READ_ONLY,
  ROUND_TRIPS,
} from './properties-fixture';

describe('user properties: writing', () => {
  for (const [property, value, shown] of ROUND_TRIPS)
    it(`${property} set to ${JSON.stringify(value)} reads back as ${JSON.stringify(shown)}`, () => {
      assert.equal(read(writeAll([[property, value]]), property), shown);
    });

  it('writes the card aliases to the primary and secondary slots', () => {
    assert.deepEqual(valueOf(userPropertyCommand('card-number', '42', writeContext)), {
      kind: 'SetCardNumber',
      slot: 'primary',
      cardNumber: '42',
    });
    assert.deepEqual(valueOf(userPropertyCommand('card-number2', '43', writeContext)), {
      kind: 'SetCardNumber',
      slot: 'secondary',
      cardNumber: '43',
    });
  });

  it('accepts booleans in any case and turns them off again', () => {
    for (const value of ['false', 'FALSE', 'False', ' false '])
      assert.equal(
        read(
          writeAll([
            ['restricted', 'TRUE'],
            ['restricted', value],
          ]),
          'restricted',
        ),
        'false',
      );
    assert.equal(
      read(
        writeAll([
          ['disabled-print', 'true'],
          ['disabled-print', 'FALSE'],
        ]),
        'disabled-print',
      ),
      'false',
    );
  });

  it('refuses a boolean that is neither true nor false', () => {
    for (const value of ['yes', '1', ''])
      assert.equal(errorOf(userPropertyCommand('restricted', value, writeContext)).code, 'InvalidValue');
  });

  it('sets balance as a transfer against the adjustments account, like any balance change', () => {
    const user = writeAll([['balance', '5']]);
    const command = valueOf(userPropertyCommand('balance', '7.25', writeContext));
    assert.deepEqual(valueOf(userDecider.decide(command, { status: 'present', ...user })), [
      {
        type: 'UserBalanceAdjusted',
        data: {
          userId: USER_ID,
          account: '',
          transferId: 't-prop',
          amount: money('2.25'),
          balanceAfter: money('7.25'),
          counterAccount: 'system:adjustments',
          cause: 'balance-set',
          comment: 'set through property',
        },
      },
    ]);
  });

  it('refuses a balance that is not an amount, or too large', () => {
    assert.equal(errorOf(userPropertyCommand('balance', 'ten', writeContext)).code, 'InvalidValue');
    assert.equal(errorOf(userPropertyCommand('balance', '1e13', writeContext)).code, 'AmountOutOfRange');
  });

  it('stores only a hash of the PIN, and clears it with an empty value', () => {
    assert.deepEqual(valueOf(userPropertyCommand('card-pin', '1234', writeContext)), {
      kind: 'SetPin',
      pinHash: 'hashed:1234',
    });
    assert.deepEqual(valueOf(userPropertyCommand('card-pin', '', writeContext)), {
      kind: 'SetPin',
      pinHash: '',
    });
  });

  it('stores only a hash of the password and refuses a blank one', () => {
    assert.deepEqual(valueOf(userPropertyCommand('password', 's3cret', writeContext)), {
      kind: 'SetPassword',
      passwordHash: 'hashed:s3cret',
    });
    assert.equal(errorOf(userPropertyCommand('password', '', writeContext)).code, 'InvalidValue');
  });

  it('refuses a password for a user that is not internal', () => {
    const command = valueOf(userPropertyCommand('password', 's3cret', writeContext));
    const bob = userFrom([directoryUserCreated]);
    assert.equal(
      errorOf(userDecider.decide(command, { status: 'present', ...bob })).code,
      'NotAnInternalUser',
    );
  });

  it('refuses a negative overdraft and a percentage outside 0 to 100000', () => {
    assert.equal(errorOf(userPropertyCommand('overdraft-amount', '-1', writeContext)).code, 'InvalidValue');
    for (const value of ['-1', '100000.01', 'much'])
      assert.equal(
        errorOf(userPropertyCommand('printer-cost-adjustment-rate-percent', value, writeContext)).code,
        'InvalidValue',
      );
  });

  for (const property of READ_ONLY)
    it(`refuses to write the read-only ${property}`, () => {
      assert.deepEqual(errorOf(userPropertyCommand(property, 'x', writeContext)), {
        code: 'ReadOnlyProperty',
        entity: 'user',
        property,
      });
    });

  it('refuses an unknown property, naming it', () => {
    assert.deepEqual(errorOf(userPropertyCommand('shoe-size', '42', writeContext)), {
      code: 'UnknownProperty',
      entity: 'user',
      property: 'shoe-size',
    });
  });
});
