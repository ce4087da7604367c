import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Either } from 'fp-ts/Either';
import { fold } from '../../../domain/decider';
import { DomainError } from '../../../domain/errors';
import { UserPolicy } from '../../../domain/users/commands';
import { userDecider } from '../../../domain/users/decide';
import { UserEvent } from '../../../domain/users/events';
import { readUserProperty, userPropertyCommand } from '../../../domain/users/properties';
import { User } from '../../../domain/users/state';
import { money } from '../../support/money';
import { aliceCreated, balanceAdjusted, defaultPolicy, directoryUserCreated, USER_ID } from './fixtures';

const NOW = new Date('2026-11-27T12:00:00.000Z');
const readContext = { now: NOW, policy: defaultPolicy, counts: { jobCount: 7, pageCount: 42 } };
const writeContext = {
  transferId: 't-prop',
  comment: 'set through property',
  policy: defaultPolicy,
  hashSecret: (secret: string) => `hashed:${secret}`,
};

const userFrom = (events: readonly UserEvent[]): User => {
  const state = fold(userDecider, events);
  assert.equal(state.status, 'present');
  if (state.status !== 'present') throw new Error('no user');
  return state;
};

const alice = userFrom([aliceCreated]);

const valueOf = <T>(result: Either<DomainError, T>): T => {
  if (result._tag === 'Left') assert.fail(`expected a value, got ${JSON.stringify(result.left)}`);
  return result.right;
};

const errorOf = <T>(result: Either<DomainError, T>): DomainError => {
  if (result._tag === 'Right') assert.fail(`expected an error, got ${JSON.stringify(result.right)}`);
  return result.left;
};

const read = (user: User, property: string, policy: UserPolicy = defaultPolicy): string =>
  valueOf(readUserProperty(user, property, { ...readContext, policy }));

/** Sets properties the way setUserProperties does: build each command, decide it, fold the events. */
const writeAll = (pairs: readonly (readonly [string, string])[]): User => {
  let history: UserEvent[] = [];
  for (const [property, value] of pairs) {
    const current = userFrom([aliceCreated, ...history]);
    const command = valueOf(userPropertyCommand(property, value, writeContext));
    history = [...history, ...valueOf(userDecider.decide(command, { status: 'present', ...current }))];
  }
  return userFrom([aliceCreated, ...history]);
};

const READABLE = [
  'balance',
  'primary-card-number',
  'card-number',
  'secondary-card-number',
  'card-number2',
  'department',
  'email',
  'full-name',
  'notes',
  'office',
  'username-alias',
  'home',
  'disabled-print',
  'disabled-net',
  'restricted',
  'print-stats.job-count',
  'print-stats.page-count',
  'net-stats.data-mb',
  'net-stats.time-hours',
  'dont-hold-jobs-in-release-station',
  'dont-apply-printer-filter-rules',
  'dont-archive',
  'auto-release-jobs',
  'printer-cost-adjustment-rate-percent',
  'overdraft-amount',
  'internal',
  'other-emails',
  'account-selection.mode',
  'account-selection.can-charge-personal',
  'account-selection.can-charge-shared-from-list',
  'account-selection.can-charge-shared-by-pin',
  'auto-shared-account',
] as const;

const READ_ONLY = [
  'print-stats.job-count',
  'print-stats.page-count',
  'net-stats.data-mb',
  'net-stats.time-hours',
  'internal',
  'account-selection.mode',
  'account-selection.can-charge-personal',
  'account-selection.can-charge-shared-from-list',
  'account-selection.can-charge-shared-by-pin',
  'auto-shared-account',
] as const;

/** Every writable property: a value to write, and what reading it back shows. */
const ROUND_TRIPS: readonly (readonly [string, string, string])[] = [
  ['balance', '1234.5', '1234.50'],
  ['primary-card-number', ' 1234 ', '1234'],
  ['secondary-card-number', '5678', '5678'],
  ['department', 'Mathematics', 'Mathematics'],
  ['email', 'alice@example.org', 'alice@example.org'],
  ['full-name', 'Alice Liddell', 'Alice Liddell'],
  ['notes', 'likes rabbits', 'likes rabbits'],
  ['office', 'B 12', 'B 12'],
  ['username-alias', 'al', 'al'],
  ['home', '\\\\server\\alice', '\\\\server\\alice'],
  ['other-emails', 'a@x.org, b@y.org', 'a@x.org, b@y.org'],
  ['disabled-print', 'TRUE', 'true'],
  ['disabled-net', 'True', 'true'],
  ['restricted', 'tRuE', 'true'],
  ['dont-hold-jobs-in-release-station', 'true', 'true'],
  ['dont-apply-printer-filter-rules', 'true', 'true'],
  ['dont-archive', 'true', 'true'],
  ['auto-release-jobs', 'true', 'true'],
  ['printer-cost-adjustment-rate-percent', '87.5', '87.5'],
  ['overdraft-amount', '12.5', '12.50'],
];

describe('user properties: reading', () => {
  for (const property of READABLE)
    it(`${property} is readable as a string`, () => {
      assert.equal(typeof read(alice, property), 'string');
    });

  it('shows a new user as the product does', () => {
    const shown = Object.fromEntries(READABLE.map((property) => [property, read(alice, property)]));
    assert.deepEqual(shown, {
      balance: '0.00',
      'primary-card-number': '',
      'card-number': '',
      'secondary-card-number': '',
      'card-number2': '',
      department: '',
      email: '',
      'full-name': '',
      notes: '',
      office: '',
      'username-alias': '',
      home: '',
      'disabled-print': 'false',
      'disabled-net': 'false',
      restricted: 'false',
      // Counts come from the print-stats read model, passed in the read context.
      'print-stats.job-count': '7',
      'print-stats.page-count': '42',
      'net-stats.data-mb': '0',
      'net-stats.time-hours': '0',
      'dont-hold-jobs-in-release-station': 'false',
      'dont-apply-printer-filter-rules': 'false',
      'dont-archive': 'false',
      'auto-release-jobs': 'false',
      'printer-cost-adjustment-rate-percent': '100',
      'overdraft-amount': '0.00',
      internal: 'true',
      'other-emails': '',
      'account-selection.mode': 'AUTO_CHARGE_TO_PERSONAL_ACCOUNT',
      'account-selection.can-charge-personal': 'true',
      'account-selection.can-charge-shared-from-list': 'false',
      'account-selection.can-charge-shared-by-pin': 'false',
      'auto-shared-account': '',
    });
  });

  it('reads the card aliases as the primary and secondary card numbers', () => {
    const user = writeAll([
      ['primary-card-number', '111'],
      ['secondary-card-number', '222'],
    ]);
    assert.equal(read(user, 'card-number'), '111');
    assert.equal(read(user, 'card-number2'), '222');
  });

  it('shows the balance as the total of all personal accounts, as a plain decimal', () => {
    const user = userFrom([
      aliceCreated,
      balanceAdjusted(money('10.015'), money('10.015')),
      balanceAdjusted(money('-12'), money('-12'), { account: 'colour' }),
    ]);
    assert.equal(read(user, 'balance'), '-1.985');
  });

  it('shows the site default overdraft until the user has an individual one', () => {
    const policy = { ...defaultPolicy, defaultOverdraft: money('3') };
    assert.equal(read(alice, 'overdraft-amount', policy), '3.00');
    assert.equal(read(writeAll([['overdraft-amount', '0']]), 'overdraft-amount', policy), '0.00');
  });

  it('shows printing disabled only until the time it was disabled to', () => {
    const until = (iso: string) =>
      userFrom([aliceCreated, { type: 'UserPrintingDisabled', data: { userId: USER_ID, until: iso } }]);
    assert.equal(read(until('2026-11-27T13:00:00.000Z'), 'disabled-print'), 'true');
    assert.equal(read(until('2026-11-27T11:00:00.000Z'), 'disabled-print'), 'false');
  });

  it('shows a directory user as not internal', () => {
    assert.equal(read(userFrom([directoryUserCreated]), 'internal'), 'false');
  });

  for (const property of ['card-pin', 'password'])
    it(`refuses to read the write-only ${property}`, () => {
      assert.deepEqual(errorOf(readUserProperty(alice, property, readContext)), {
        code: 'WriteOnlyProperty',
        entity: 'user',
        property,
      });
    });

  it('refuses an unknown property, naming it', () => {
    assert.deepEqual(errorOf(readUserProperty(alice, 'shoe-size', readContext)), {
      code: 'UnknownProperty',
      entity: 'user',
      property: 'shoe-size',
    });
  });
});

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
