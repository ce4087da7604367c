import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEventLog } from '../support/event-log';
import { money } from '../support/money';
import { adjustUser, createUser, readModelsOf, userDoes } from './fixtures';

const usernames = (users: readonly { username: string }[]) => users.map((user) => user.username);

describe('users read model', () => {
  it('finds a user by username in any case', () => {
    const log = createEventLog();
    createUser(log, 'u-1', 'Alice');
    const { users } = readModelsOf(log);
    for (const name of ['alice', 'ALICE', 'Alice'])
      assert.equal(users.findByUsername(name)?.userId, 'u-1', name);
    assert.equal(users.findByUsername('bob'), undefined);
  });

  it('finds a user by primary or secondary card, and no longer by a card replaced', () => {
    const log = createEventLog();
    createUser(log, 'u-1', 'alice', { card: '1111' });
    userDoes(log, 'u-1', { kind: 'SetCardNumber', slot: 'secondary', cardNumber: '2222' });
    let { users } = readModelsOf(log);
    assert.equal(users.findByCardNumber('1111')?.username, 'alice');
    assert.equal(users.findByCardNumber('2222')?.username, 'alice');
    userDoes(log, 'u-1', { kind: 'SetCardNumber', slot: 'primary', cardNumber: '3333' });
    ({ users } = readModelsOf(log));
    assert.equal(users.findByCardNumber('1111'), undefined);
    assert.equal(users.findByCardNumber('3333')?.username, 'alice');
    assert.equal(users.findByCardNumber(''), undefined);
  });

  it('finds a user by email and by alias in any case; shared ones give the first username', () => {
    const log = createEventLog();
    createUser(log, 'u-2', 'bob', { details: { email: 'Office@Example.org', usernameAlias: 'bobby' } });
    createUser(log, 'u-1', 'alice', { details: { email: 'office@example.org' } });
    const { users } = readModelsOf(log);
    assert.equal(users.findByEmail('OFFICE@example.org')?.username, 'alice');
    assert.equal(users.findByAlias('BOBBY')?.username, 'bob');
    assert.equal(users.findByEmail('nobody@example.org'), undefined);
    assert.equal(users.findByAlias(''), undefined);
  });

  it('finds every user with a full name, in any case, sorted by username', () => {
    const log = createEventLog();
    createUser(log, 'u-3', 'zed', { details: { fullName: 'Sam Smith' } });
    createUser(log, 'u-1', 'sam', { details: { fullName: 'sam smith' } });
    createUser(log, 'u-2', 'other', { details: { fullName: 'Sam Jones' } });
    const { users } = readModelsOf(log);
    assert.deepEqual(usernames(users.findByFullName('SAM SMITH')), ['sam', 'zed']);
    assert.deepEqual(users.findByFullName('Nobody'), []);
  });

  it('follows a change of email, alias or full name', () => {
    const log = createEventLog();
    createUser(log, 'u-1', 'alice', {
      details: { email: 'a@x.org', fullName: 'Alice', usernameAlias: 'al' },
    });
    userDoes(log, 'u-1', {
      kind: 'ChangeUserDetails',
      changes: { email: 'alice@x.org', fullName: 'Alice L', usernameAlias: '' },
    });
    const { users } = readModelsOf(log);
    assert.equal(users.findByEmail('a@x.org'), undefined);
    assert.equal(users.findByEmail('alice@x.org')?.username, 'alice');
    assert.deepEqual(users.findByFullName('Alice'), []);
    assert.equal(users.findByFullName('alice l').length, 1);
    assert.equal(users.findByAlias('al'), undefined);
  });

  it('finds a renamed user by the new name only, and frees the old one', () => {
    const log = createEventLog();
    createUser(log, 'u-1', 'alice');
    userDoes(log, 'u-1', { kind: 'RenameUser', newUsername: 'alicia' });
    createUser(log, 'u-2', 'alice');
    const { users } = readModelsOf(log);
    assert.equal(users.findByUsername('alicia')?.userId, 'u-1');
    assert.equal(users.findByUsername('alice')?.userId, 'u-2');
    assert.deepEqual(usernames(users.sorted()), ['alice', 'alicia']);
  });

  it('finds a deleted user by no lookup, yet keeps its record for the history', () => {
    const log = createEventLog();
    createUser(log, 'u-1', 'alice', {
      card: '1111',
      details: { email: 'a@x.org', usernameAlias: 'al', fullName: 'Alice' },
    });
    adjustUser(log, 'u-1', money('4'));
    userDoes(log, 'u-1', { kind: 'DeleteUser', redact: false });
    const { users } = readModelsOf(log);
    assert.equal(users.findByUsername('alice'), undefined);
    assert.equal(users.findByCardNumber('1111'), undefined);
    assert.equal(users.findByEmail('a@x.org'), undefined);
    assert.equal(users.findByAlias('al'), undefined);
    assert.deepEqual(users.findByFullName('Alice'), []);
    assert.equal(users.activeById('u-1'), undefined);
    assert.equal(users.byId('u-1')?.deleted, true);
    assert.equal(users.byId('u-1')?.balances[''], money('4'));
    assert.deepEqual(users.sorted(), []);
  });

  it('keeps no personal data of a redacted user', () => {
    const log = createEventLog();
    createUser(log, 'u-1', 'alice', { card: '1111', details: { email: 'a@x.org', fullName: 'Alice' } });
    userDoes(log, 'u-1', { kind: 'DeleteUser', redact: true });
    const user = readModelsOf(log).users.byId('u-1');
    assert.deepEqual(user?.details, {});
    assert.equal(user?.primaryCardNumber, '');
  });

  it('lists users not deleted, sorted by username', () => {
    const log = createEventLog();
    for (const [id, name] of [
      ['u-1', 'mallory'],
      ['u-2', 'Bob'],
      ['u-3', 'alice'],
      ['u-4', 'carol'],
    ] as const)
      createUser(log, id, name);
    userDoes(log, 'u-4', { kind: 'DeleteUser', redact: false });
    assert.deepEqual(usernames(readModelsOf(log).users.sorted()), ['alice', 'bob', 'mallory']);
  });

  it('lists each user as it is now, not as it was when the list was first asked for', () => {
    const log = createEventLog();
    createUser(log, 'u-1', 'alice');
    const models = readModelsOf(log);
    assert.equal(models.users.sorted()[0]?.restricted, false);
    for (const envelope of [
      ...adjustUser(log, 'u-1', money('7')),
      ...userDoes(log, 'u-1', { kind: 'SetRestricted', restricted: true }),
    ])
      models.apply(envelope);
    assert.equal(models.users.sorted()[0]?.restricted, true);
    assert.equal(models.users.sorted()[0]?.balances[''], money('7'));
  });
});
