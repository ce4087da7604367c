import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Either, left, right } from 'fp-ts/Either';
import { decideAll, fold } from '../../../domain/decider';
import { DomainError } from '../../../domain/errors';
import { sharedAccountDecider } from '../../../domain/shared-accounts/decide';
import { SharedAccountEvent } from '../../../domain/shared-accounts/events';
import {
  readSharedAccountProperty,
  sharedAccountPropertyCommands,
} from '../../../domain/shared-accounts/properties';
import { SharedAccount } from '../../../domain/shared-accounts/state';
import { money } from '../../support/money';
import { ACCOUNT_ID, created } from './fixtures';

const USERS: Readonly<Record<string, string>> = { 'u-1': 'alice', 'u-2': 'bob', 'u-3': 'carol' };
const GROUPS: Readonly<Record<string, string>> = { 'g-1': 'Staff', 'g-2': 'Students' };

const idsOf =
  (names: Readonly<Record<string, string>>, kind: 'user' | 'group') =>
  (wanted: readonly string[]): Either<DomainError, readonly string[]> => {
    const ids: string[] = [];
    for (const name of wanted) {
      const id = Object.keys(names).find((key) => names[key]?.toLowerCase() === name.toLowerCase());
      if (id === undefined)
        return left(
          kind === 'user' ? { code: 'UserNotFound', username: name } : { code: 'GroupNotFound', group: name },
        );
      ids.push(id);
    }
    return right(ids);
  };

const NOW = new Date('2026-11-27T12:00:00.000Z');
const readContext = {
  now: NOW,
  defaultOverdraft: 0n,
  userName: (id: string) => USERS[id],
  groupName: (id: string) => GROUPS[id],
};
const writeContext = {
  transferId: 't-prop',
  comment: 'set through property',
  userIds: idsOf(USERS, 'user'),
  groupIds: idsOf(GROUPS, 'group'),
};

const valueOf = <T>(result: Either<DomainError, T>): T => {
  if (result._tag === 'Left') assert.fail(`expected a value, got ${JSON.stringify(result.left)}`);
  return result.right;
};
const errorOf = <T>(result: Either<DomainError, T>): DomainError => {
  if (result._tag === 'Right') assert.fail(`expected an error, got ${JSON.stringify(result.right)}`);
  return result.left;
};

const accountFrom = (events: readonly SharedAccountEvent[]): SharedAccount => {
  const state = fold(sharedAccountDecider, events);
  if (state.status !== 'present') throw new Error('no account');
  return state;
};

/** Sets properties the way setSharedAccountProperties does: commands per pair, decided as one. */
const writeAll = (
  pairs: readonly (readonly [string, string])[],
  history: readonly SharedAccountEvent[] = [created],
) => {
  let events = [...history];
  for (const [property, value] of pairs) {
    const commands = valueOf(
      sharedAccountPropertyCommands(accountFrom(events), property, value, writeContext),
    );
    const state = fold(sharedAccountDecider, events);
    events = [...events, ...valueOf(decideAll(sharedAccountDecider, commands, state))];
  }
  return { account: accountFrom(events), events };
};

const read = (account: SharedAccount, property: string, defaultOverdraft = 0n): string =>
  valueOf(readSharedAccountProperty(account, property, { ...readContext, defaultOverdraft }));

const research = accountFrom([created]);

const PROPERTIES = [
  'access-groups',
  'access-users',
  'account-id',
  'balance',
  'comment-option',
  'disabled',
  'invoice-option',
  'notes',
  'overdraft-amount',
  'pin',
  'restricted',
] as const;

const ROUND_TRIPS: readonly (readonly [string, string, string])[] = [
  ['access-groups', 'students, staff', 'Staff,Students'],
  ['access-users', 'carol,alice', 'alice,carol'],
  ['balance', '250', '250.00'],
  ['comment-option', 'comment_required', 'COMMENT_REQUIRED'],
  ['disabled', 'TRUE', 'true'],
  ['invoice-option', 'Always_Invoice', 'ALWAYS_INVOICE'],
  ['notes', 'grant 42', 'grant 42'],
  ['overdraft-amount', '7.5', '7.50'],
  ['pin', ' 1234 ', '1234'],
  ['restricted', 'True', 'true'],
];

describe('shared-account properties: reading', () => {
  it('shows a new account as the product does', () => {
    const shown = Object.fromEntries(PROPERTIES.map((property) => [property, read(research, property)]));
    assert.deepEqual(shown, {
      'access-groups': '',
      'access-users': '',
      'account-id': ACCOUNT_ID,
      balance: '0.00',
      'comment-option': 'COMMENT_OPTIONAL',
      disabled: 'false',
      'invoice-option': 'USER_CHOICE_OFF',
      notes: '',
      'overdraft-amount': '0.00',
      pin: '',
      restricted: 'false',
    });
  });

  it('shows the default overdraft until the account has its own', () => {
    assert.equal(read(research, 'overdraft-amount', money('15')), '15.00');
  });

  it('shows an account disabled only until the time it was disabled to', () => {
    const until = (iso: string) =>
      accountFrom([created, { type: 'SharedAccountDisabled', data: { accountId: ACCOUNT_ID, until: iso } }]);
    assert.equal(read(until('2026-11-27T12:00:01.000Z'), 'disabled'), 'true');
    assert.equal(read(until('2026-11-27T11:59:59.000Z'), 'disabled'), 'false');
    assert.equal(read(until(''), 'disabled'), 'true');
  });

  it('leaves out access holders that no longer exist', () => {
    const { account } = writeAll([['access-users', 'alice,bob']]);
    const withoutBob = { ...readContext, userName: (id: string) => (id === 'u-2' ? undefined : USERS[id]) };
    assert.equal(valueOf(readSharedAccountProperty(account, 'access-users', withoutBob)), 'alice');
  });

  it('refuses an unknown property, naming it', () => {
    assert.deepEqual(errorOf(readSharedAccountProperty(research, 'colour', readContext)), {
      code: 'UnknownProperty',
      entity: 'shared-account',
      property: 'colour',
    });
  });
});

describe('shared-account properties: writing', () => {
  for (const [property, value, shown] of ROUND_TRIPS)
    it(`${property} set to ${JSON.stringify(value)} reads back as ${JSON.stringify(shown)}`, () => {
      assert.equal(read(writeAll([[property, value]]).account, property), shown);
    });

  it('replaces the access list: grants the new, revokes the missing, keeps the rest', () => {
    const first = writeAll([['access-users', 'alice,bob']]);
    const second = writeAll([['access-users', 'bob,carol']], first.events);
    assert.deepEqual(second.events.slice(first.events.length), [
      {
        type: 'SharedAccountAccessChanged',
        data: { accountId: ACCOUNT_ID, principal: 'user', principalId: 'u-1', granted: false },
      },
      {
        type: 'SharedAccountAccessChanged',
        data: { accountId: ACCOUNT_ID, principal: 'user', principalId: 'u-3', granted: true },
      },
    ]);
    assert.equal(read(writeAll([['access-groups', '']], second.events).account, 'access-users'), 'bob,carol');
    assert.equal(read(writeAll([['access-users', '']], second.events).account, 'access-users'), '');
  });

  it('refuses an access list naming someone unknown', () => {
    assert.deepEqual(
      errorOf(sharedAccountPropertyCommands(research, 'access-users', 'alice,zed', writeContext)),
      {
        code: 'UserNotFound',
        username: 'zed',
      },
    );
    assert.equal(
      errorOf(sharedAccountPropertyCommands(research, 'access-groups', 'Nobody', writeContext)).code,
      'GroupNotFound',
    );
  });

  it('sets balance as a transfer against the adjustments account', () => {
    const { events } = writeAll([['balance', '12.5']]);
    assert.deepEqual(events.slice(1), [
      {
        type: 'SharedAccountBalanceAdjusted',
        data: {
          accountId: ACCOUNT_ID,
          transferId: 't-prop',
          amount: money('12.5'),
          balanceAfter: money('12.5'),
          counterAccount: 'system:adjustments',
          cause: 'balance-set',
          comment: 'set through property',
        },
      },
    ]);
  });

  it('accepts booleans in any case and refuses anything else', () => {
    assert.equal(
      read(
        writeAll([
          ['disabled', 'true'],
          ['disabled', 'FALSE'],
        ]).account,
        'disabled',
      ),
      'false',
    );
    assert.equal(
      read(
        writeAll([
          ['restricted', 'TRUE'],
          ['restricted', 'False'],
        ]).account,
        'restricted',
      ),
      'false',
    );
    assert.equal(
      errorOf(sharedAccountPropertyCommands(research, 'restricted', 'yes', writeContext)).code,
      'InvalidValue',
    );
  });

  it('refuses an option outside its list, a bad amount and a negative overdraft', () => {
    for (const [property, value] of [
      ['comment-option', 'SOMETIMES'],
      ['invoice-option', ''],
      ['balance', 'lots'],
      ['overdraft-amount', '-1'],
    ] as const)
      assert.equal(
        errorOf(sharedAccountPropertyCommands(research, property, value, writeContext)).code,
        'InvalidValue',
      );
  });

  it('refuses to write the read-only account-id', () => {
    assert.deepEqual(errorOf(sharedAccountPropertyCommands(research, 'account-id', 'x', writeContext)), {
      code: 'ReadOnlyProperty',
      entity: 'shared-account',
      property: 'account-id',
    });
  });

  it('refuses an unknown property, naming it', () => {
    assert.deepEqual(errorOf(sharedAccountPropertyCommands(research, 'colour', 'red', writeContext)), {
      code: 'UnknownProperty',
      entity: 'shared-account',
      property: 'colour',
    });
  });
});
