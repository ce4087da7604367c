import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { configDecider } from '../../domain/config/config';
import { OperationStart } from '../../domain/operations/operations';
import { createReadModels, ReadModels } from '../../projections';
import { createEventLog, EventLog } from '../support/event-log';
import { money } from '../support/money';
import { checkProperty } from '../support/property';
import {
  adjustShared,
  adjustUser,
  createGroup,
  createShared,
  createUser,
  groupDoes,
  operationDoes,
  readModelsOf,
  setConfig,
  sharedDoes,
  userDoes,
} from './fixtures';

const start: OperationStart = {
  type: 'GroupBalanceOperationStarted',
  data: {
    operationId: 'op-1',
    groupId: 'g-1',
    groupName: 'Staff',
    mode: 'up-to',
    amount: money('5'),
    limit: money('10'),
    account: '',
    comment: 'top-up',
    userIds: ['u-1', 'u-2'],
  },
};

/** A history touching every read model and most event types, in an order a site could produce. */
const richHistory = (): EventLog => {
  const log = createEventLog();
  createUser(log, 'u-1', 'alice', { card: '1111', details: { email: 'alice@x.org', fullName: 'Alice L' } });
  createUser(log, 'u-2', 'bob', { internal: false, details: { usernameAlias: 'bobby' } });
  createUser(log, 'u-3', 'carol');
  userDoes(log, 'u-1', { kind: 'SetCardNumber', slot: 'secondary', cardNumber: '2222' });
  userDoes(log, 'u-1', { kind: 'SetSwitches', changes: { dontArchive: true } });
  userDoes(log, 'u-2', { kind: 'SetRestricted', restricted: true });
  userDoes(log, 'u-2', { kind: 'SetOverdraft', setting: { mode: 'individual', amount: money('3') } });
  userDoes(log, 'u-3', { kind: 'DisablePrinting', until: '2026-12-01T00:00:00.000Z' });
  adjustUser(log, 'u-1', money('10.015'));
  adjustUser(log, 'u-1', money('2'), { account: 'colour' });
  adjustUser(log, 'u-2', money('-1'), { condition: { kind: 'if-available' } });
  userDoes(log, 'u-3', { kind: 'RenameUser', newUsername: 'caroline' });
  createGroup(log, 'g-1', 'Staff');
  createGroup(log, 'g-2', 'Gone');
  groupDoes(log, 'g-1', { kind: 'AddMember', userId: 'u-1' });
  groupDoes(log, 'g-1', { kind: 'AddMember', userId: 'u-2' });
  groupDoes(log, 'g-1', { kind: 'SetQuota', amount: money('1'), period: 'WEEKLY', maxAccumulation: 0n });
  groupDoes(log, 'g-2', { kind: 'RemoveGroup' });
  createShared(log, 'a-1', 'Research');
  createShared(log, 'a-2', 'Lab', 'a-1');
  adjustShared(log, 'a-2', money('50'));
  sharedDoes(log, 'a-2', {
    kind: 'SetSharedAccountAccess',
    principal: 'group',
    principalId: 'g-1',
    granted: true,
  });
  sharedDoes(log, 'a-1', {
    kind: 'RenameSharedAccount',
    name: 'Science',
    parentId: '',
    fullNameFrom: 'Research',
    fullNameTo: 'Science',
  });
  setConfig(log, 'user.default-overdraft', '2');
  setConfig(log, 'constructor', 'odd but allowed');
  log.execute('config', configDecider, { kind: 'ChangeAdminPassword', passwordHash: 'hash' });
  operationDoes(log, 'op-1', { kind: 'StartOperation', start });
  operationDoes(log, 'op-2', {
    kind: 'StartOperation',
    start: { ...start, data: { ...start.data, operationId: 'op-2' } },
  });
  operationDoes(log, 'op-2', { kind: 'CompleteOperation', applied: 2, skipped: [] });
  userDoes(log, 'u-1', { kind: 'DeleteUser', redact: true });
  return log;
};

/** What the queries answer, as plain data: equal answers from a restored model and a replayed one. */
const answers = (models: ReadModels) => ({
  alice: models.users.findByUsername('alice')?.userId,
  bob: models.users.findByUsername('BOB')?.userId,
  card: models.users.findByCardNumber('2222')?.userId,
  alias: models.users.findByAlias('bobby')?.userId,
  users: models.users.sorted().map((user) => user.username),
  groups: models.groups.sorted().map((group) => group.name),
  groupsOfBob: models.groups.groupIdsOfUser('u-2'),
  lab: models.sharedAccounts.findByName('science\\lab')?.accountId,
  shared: models.sharedAccounts.sorted().map(models.sharedAccounts.fullName),
  overdraft: models.config.get('user.default-overdraft'),
  constructorValue: models.config.get('constructor'),
  adminHash: models.config.adminPasswordHash(),
  balances: [...models.transactions.balances()].sort(),
  trial: models.transactions.trialBalance(),
  entriesOfLab: models.transactions.entriesOf('shared:a-2').length,
  unfinished: models.operations.unfinished().map((operation) => operation.data.operationId),
  position: models.position(),
});

describe('read models: snapshot and restore', () => {
  it('restore(serialize()) gives identical bytes and identical answers', () => {
    const models = readModelsOf(richHistory());
    const restored = createReadModels();
    restored.restore(models.serialize());
    assert.equal(restored.serialize(), models.serialize());
    assert.deepEqual(answers(restored), answers(models));
  });

  it('answers what the history says', () => {
    const answered = answers(readModelsOf(richHistory()));
    assert.equal(answered.alice, undefined);
    assert.equal(answered.bob, 'u-2');
    assert.equal(answered.card, undefined);
    assert.deepEqual(answered.users, ['bob', 'caroline']);
    assert.deepEqual(answered.groups, ['Staff']);
    assert.deepEqual(answered.groupsOfBob, ['g-1']);
    assert.equal(answered.lab, 'a-2');
    assert.deepEqual(answered.shared, ['Science', 'Science\\Lab']);
    assert.equal(answered.trial, 0n);
    assert.deepEqual(answered.unfinished, ['op-1']);
  });

  it('a snapshot taken at any position, plus the tail, gives the same bytes as the whole log', () => {
    const envelopes = richHistory().envelopes();
    const whole = createReadModels();
    for (const envelope of envelopes) whole.apply(envelope);
    checkProperty(
      fc.property(fc.integer({ min: 0, max: envelopes.length }), (cut) => {
        const head = createReadModels();
        for (const envelope of envelopes.slice(0, cut)) head.apply(envelope);
        const resumed = createReadModels();
        resumed.restore(head.serialize());
        for (const envelope of envelopes.slice(cut)) resumed.apply(envelope);
        assert.equal(resumed.serialize(), whole.serialize());
      }),
      40,
    );
  });

  it('ignores an envelope at or before the position it has applied', () => {
    const envelopes = richHistory().envelopes();
    const models = createReadModels();
    for (const envelope of envelopes) models.apply(envelope);
    const before = models.serialize();
    for (const envelope of envelopes.slice(-5)) models.apply(envelope);
    assert.equal(models.serialize(), before);
    assert.equal(models.position(), envelopes.length);
  });

  it('restoring replaces everything the models held before', () => {
    const empty = createReadModels().serialize();
    const models = readModelsOf(richHistory());
    models.restore(empty);
    assert.equal(models.serialize(), empty);
    assert.equal(models.users.findByUsername('bob'), undefined);
    assert.deepEqual(models.groups.groupIdsOfUser('u-2'), []);
    assert.equal(models.sharedAccounts.findByName('Science'), undefined);
    assert.equal(models.config.get('user.default-overdraft'), '');
  });
});
