import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ImportLookups } from '../../../domain/imports/plan';
import { tsvLines } from '../../../domain/imports/tsv';
import { planCardNumberImport, planUserImport } from '../../../domain/imports/user-plan';
import { moneyFromUnits } from '../../../domain/money';
import { evolveUser, User, UserState } from '../../../domain/users/state';

const user = (userId: string, username: string, extra: Partial<User> = {}): User => {
  const state = evolveUser({ status: 'absent' } as UserState, {
    type: 'UserCreated',
    data: { userId, username, internal: false, source: 'directory' },
  });
  if (state.status !== 'present') throw new Error('not created');
  const { status: _status, ...created } = state;
  return { ...created, ...extra };
};

const alice = user('u-alice', 'alice', { primaryCardNumber: '1001' });
const bob = user('u-bob', 'bob', { internal: true, hasPin: true });

const lookups: ImportLookups = {
  userByName: (name) => [alice, bob].find((u) => u.username === name.toLowerCase()),
  cardHolder: (card) =>
    [alice, bob].find((u) => u.primaryCardNumber === card || u.secondaryCardNumber === card),
  sharedAccountByName: () => undefined,
  sharedAccounts: () => [],
  groupIdByName: () => undefined,
  newId: (kind, key) => `new-${kind}-${key}`,
};

const file = (...rows: string[][]) => tsvLines(rows.map((row) => row.join('\t')).join('\n'));

describe('user import files are validated line by line before anything is applied', () => {
  it('a valid line becomes an entry holding only the fields it sets; blank fields change nothing', () => {
    const plan = planUserImport(
      file(['alice', '12.50', 'Y', 'Alice A', '', 'Maths']),
      { kind: 'users', createNewUsers: false },
      lookups,
    );
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.users, [
      {
        line: 1,
        userId: 'u-alice',
        username: 'alice',
        create: false,
        internal: false,
        details: { fullName: 'Alice A', department: 'Maths' },
        restricted: true,
        balance: 12_500_000n,
      },
    ]);
  });

  it('every bad line is reported by its number in the file, and the good lines are still planned', () => {
    const plan = planUserImport(
      tsvLines(
        [
          '# comment line, not data',
          'alice\tlots',
          '',
          'bob\t1\tmaybe',
          'carol\t5',
          'a/b\t1',
          'alice\t3',
          'dave\t1\tN\t\t\t\t\t1001',
          'erin\t1\tN\tx\tx\tx\tx\tx\tx\tx\tx\tx\tx\tx\textra',
        ].join('\r\n'),
      ),
      { kind: 'users', createNewUsers: true },
      lookups,
    );
    assert.deepEqual(
      plan.problems.map((problem) => problem.line),
      [2, 4, 7, 8, 9],
    );
    assert.match(plan.problems[0]?.message ?? '', /balance 'lots' is not an amount/);
    assert.match(plan.problems[1]?.message ?? '', /restricted 'maybe' is not Y or N/);
    assert.match(plan.problems[2]?.message ?? '', /already on line 2/);
    assert.match(plan.problems[3]?.message ?? '', /card\/ID number '1001' already belongs to user 'alice'/);
    assert.match(plan.problems[4]?.message ?? '', /15 columns; the format has at most 14/);
    // 'a/b' is a valid directory username (only internal usernames exclude '/').
    assert.deepEqual(
      plan.users.map((entry) => [entry.username, entry.create, entry.balance]),
      [
        ['carol', true, moneyFromUnits(5)],
        ['a/b', true, moneyFromUnits(1)],
      ],
    );
    assert.equal(plan.users[0]?.userId, 'new-user-carol');
    assert.equal(plan.lines, 7, 'the comment and the blank line are not data');
  });

  it('with createNewUsers false an unknown user is ignored, not a problem', () => {
    const plan = planUserImport(file(['zed', '1']), { kind: 'users', createNewUsers: false }, lookups);
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.users, []);
    assert.match(plan.ignored[0]?.message ?? '', /'zed' does not exist and createNewUsers is false/);
  });

  it('one card number never goes to two users of the same file', () => {
    const plan = planUserImport(
      file(['x1', '', '', '', '', '', '', '777'], ['x2', '', '', '', '', '', '', '', '', '', '777']),
      { kind: 'users', createNewUsers: true },
      lookups,
    );
    assert.deepEqual(
      plan.users.map((entry) => entry.username),
      ['x1'],
    );
    assert.match(plan.problems[0]?.message ?? '', /'777' is also given on line 1/);
  });

  it('internal users: a new one needs a password; existing passwords and PINs are kept unless overwritten', () => {
    const lines = file(
      ['bob', 'newpw', '', '', '', '', '', '', '', '9999'],
      ['newbie', '', '1'],
      ['alice', 'pw'],
    );
    const kept = planUserImport(
      lines,
      { kind: 'internal-users', overwritePasswords: false, overwritePINs: false },
      lookups,
    );
    assert.deepEqual(
      kept.problems.map((problem) => [problem.line, problem.message]),
      [
        [2, 'a new internal user needs a password'],
        [3, "user 'alice' exists and is not an internal user (its password is kept by the directory)"],
      ],
    );
    assert.equal(kept.users[0]?.password, undefined);
    assert.equal(kept.users[0]?.pin, undefined, 'bob has a PIN already');
    const overwritten = planUserImport(
      lines,
      { kind: 'internal-users', overwritePasswords: true, overwritePINs: true },
      lookups,
    );
    assert.equal(overwritten.users[0]?.password, 'newpw');
    assert.equal(overwritten.users[0]?.pin, '9999');
  });

  it('internal usernames follow the internal rule (no / \\ @)', () => {
    const plan = planUserImport(
      file(['x@y', 'pw']),
      { kind: 'internal-users', overwritePasswords: false, overwritePINs: false },
      lookups,
    );
    assert.match(plan.problems[0]?.message ?? '', /username 'x@y' is not valid: it contains/);
  });
});

describe('card/ID number files', () => {
  it('give existing users a primary card; unknown users and cards held by someone else are reported', () => {
    const plan = planCardNumberImport(
      file(['BOB', '2002', '4321'], ['alice', '1001'], ['nobody', '3003'], ['alice', '2002'], ['bob']),
      false,
      lookups,
    );
    assert.deepEqual(plan.users, [
      { line: 1, userId: 'u-bob', username: 'bob', create: false, internal: true, primaryCardNumber: '2002' },
      {
        line: 2,
        userId: 'u-alice',
        username: 'alice',
        create: false,
        internal: false,
        primaryCardNumber: '1001',
      },
    ]);
    assert.deepEqual(
      plan.problems.map((problem) => [problem.line, problem.message]),
      [
        [3, "user 'nobody' does not exist"],
        [4, "user 'alice' is already on line 2"],
        [5, "user 'bob' is already on line 1"],
      ],
    );
  });

  it('a number another user holds leaves the line unapplied and reported', () => {
    const plan = planCardNumberImport(file(['bob', '1001']), true, lookups);
    assert.deepEqual(plan.users, []);
    assert.match(plan.problems[0]?.message ?? '', /'1001' already belongs to user 'alice'/);
  });

  it('a PIN is set when the user has none, or when the caller overwrites PINs', () => {
    assert.equal(planCardNumberImport(file(['alice', '5', '1111']), false, lookups).users[0]?.pin, '1111');
    assert.equal(planCardNumberImport(file(['bob', '5', '1111']), false, lookups).users[0]?.pin, undefined);
    assert.equal(planCardNumberImport(file(['bob', '5', '1111']), true, lookups).users[0]?.pin, '1111');
  });
});
