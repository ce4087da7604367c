import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserCommand } from '../../../domain/users/commands';
import { aliceCreated, deleted, spec, USER_ID } from './fixtures';

const createAlice = (overrides: Partial<Extract<UserCommand, { kind: 'CreateUser' }>> = {}): UserCommand => ({
  kind: 'CreateUser',
  userId: USER_ID,
  username: 'alice',
  internal: true,
  source: 'internal',
  details: {},
  primaryCardNumber: '',
  pinHash: '',
  passwordHash: '',
  ...overrides,
});

describe('CreateUser', () => {
  it('creates a user with nothing but a name', () => {
    spec.given([]).when(createAlice()).then([aliceCreated]);
  });

  it('records details, card, PIN and password as their own facts, leaving out empty ones', () => {
    spec
      .given([])
      .when(
        createAlice({
          details: { fullName: 'Alice Liddell', email: 'alice@example.org', office: '' },
          primaryCardNumber: '1234',
          pinHash: 'pin-hash',
          passwordHash: 'password-hash',
        }),
      )
      .then([
        aliceCreated,
        {
          type: 'UserDetailsChanged',
          data: { userId: USER_ID, changes: { fullName: 'Alice Liddell', email: 'alice@example.org' } },
        },
        { type: 'UserCardNumberChanged', data: { userId: USER_ID, slot: 'primary', cardNumber: '1234' } },
        { type: 'UserPinChanged', data: { userId: USER_ID, pinHash: 'pin-hash' } },
        { type: 'UserPasswordChanged', data: { userId: USER_ID, passwordHash: 'password-hash' } },
      ]);
  });

  it('stores the username in lower case (usernames are case-insensitive)', () => {
    spec
      .given([])
      .when(createAlice({ username: 'ALICE' }))
      .then([aliceCreated]);
  });

  it('starts a new user unrestricted, with a zero default account and normal prices', () => {
    spec
      .given([])
      .when(createAlice())
      .thenState((state) => {
        assert.equal(state.status, 'present');
        if (state.status !== 'present') return;
        assert.equal(state.restricted, false);
        assert.deepEqual(state.balances, { '': 0n });
        assert.deepEqual(state.overdraft, { mode: 'default' });
        assert.equal(state.costAdjustmentPercent, '100');
        assert.equal(state.deleted, false);
      });
  });

  it('creates directory users, whose names may hold @ or \\', () => {
    spec
      .given([])
      .when(createAlice({ username: 'DOMAIN\\Alice', internal: false, source: 'directory' }))
      .then([
        {
          type: 'UserCreated',
          data: { userId: USER_ID, username: 'domain\\alice', internal: false, source: 'directory' },
        },
      ]);
  });

  for (const name of ['alice/x', 'alice\\x', 'alice@example.org'])
    it(`refuses the internal username ${JSON.stringify(name)} (no / \\ or @ in internal names)`, () => {
      spec
        .given([])
        .when(createAlice({ username: name }))
        .thenFails('InvalidName', { kind: 'user', name });
    });

  for (const [name, why] of [
    ['', 'empty'],
    [' alice', 'leading space'],
    ['alice ', 'trailing space'],
    ['al\u0001ice', 'control character'],
    ['a'.repeat(256), 'longer than 255'],
  ] as const)
    it(`refuses a username that is ${why}`, () => {
      spec
        .given([])
        .when(createAlice({ username: name }))
        .thenFails('InvalidName', { kind: 'user' });
    });

  it('refuses to create a user twice on the same stream', () => {
    spec.given([aliceCreated]).when(createAlice()).thenFails('UserAlreadyExists', { username: 'alice' });
  });

  it('refuses to bring a deleted user back on its old stream', () => {
    spec.given([aliceCreated, deleted]).when(createAlice()).thenFails('UserAlreadyExists');
  });
});
