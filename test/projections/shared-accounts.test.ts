import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEventLog, EventLog } from '../support/event-log';
import { adjustShared, createShared, readModelsOf, sharedDoes } from './fixtures';
import { money } from '../support/money';

const rename = (log: EventLog, accountId: string, from: string, to: string, name: string, parentId = '') =>
  sharedDoes(log, accountId, {
    kind: 'RenameSharedAccount',
    name,
    parentId,
    fullNameFrom: from,
    fullNameTo: to,
  });

const fullNames = (log: EventLog): string[] => {
  const { sharedAccounts } = readModelsOf(log);
  return sharedAccounts.sorted().map(sharedAccounts.fullName);
};

describe('shared-accounts read model', () => {
  it('keeps its sorted listing current on a live model: renames, moves and deletes reorder it, a balance shows at once', () => {
    const log = createEventLog();
    createShared(log, 'a-1', 'Research');
    createShared(log, 'a-2', 'Lab', 'a-1');
    createShared(log, 'a-3', 'Maths');
    const models = readModelsOf(log);
    const live = (): string[] => models.sharedAccounts.sorted().map(models.sharedAccounts.fullName);
    assert.deepEqual(live(), ['Maths', 'Research', 'Research\\Lab']);
    for (const envelope of rename(log, 'a-1', 'Research', 'Art', 'Art')) models.apply(envelope);
    assert.deepEqual(live(), ['Art', 'Art\\Lab', 'Maths']);
    for (const envelope of createShared(log, 'a-4', 'Biology')) models.apply(envelope);
    assert.deepEqual(live(), ['Art', 'Art\\Lab', 'Biology', 'Maths']);
    for (const envelope of adjustShared(log, 'a-3', money('2.50'))) models.apply(envelope);
    assert.equal(models.sharedAccounts.sorted()[3]?.balance, money('2.50'));
    for (const envelope of sharedDoes(log, 'a-4', { kind: 'DeleteSharedAccount', fullName: 'Biology' }))
      models.apply(envelope);
    assert.deepEqual(live(), ['Art', 'Art\\Lab', 'Maths']);
    models.sharedAccounts.restore(
      models.sharedAccounts.snapshot().filter((account) => account.accountId !== 'a-3'),
    );
    assert.deepEqual(live(), ['Art', 'Art\\Lab']);
  });

  it('finds accounts by full name in any case, sub-accounts as parent\\sub', () => {
    const log = createEventLog();
    createShared(log, 'a-1', 'Research');
    createShared(log, 'a-2', 'Lab', 'a-1');
    const { sharedAccounts } = readModelsOf(log);
    assert.equal(sharedAccounts.findByName('research')?.accountId, 'a-1');
    assert.equal(sharedAccounts.findByName('RESEARCH\\lab')?.accountId, 'a-2');
    assert.equal(sharedAccounts.findByName('Lab'), undefined);
    assert.equal(sharedAccounts.fullName(sharedAccounts.byId('a-2')!), 'Research\\Lab');
    assert.deepEqual(
      sharedAccounts.subAccounts('a-1').map((account) => account.accountId),
      ['a-2'],
    );
  });

  it("shows sub-accounts under the parent's new name after the parent is renamed", () => {
    const log = createEventLog();
    createShared(log, 'a-1', 'Research');
    createShared(log, 'a-2', 'Lab', 'a-1');
    const models = readModelsOf(log);
    assert.equal(models.sharedAccounts.findByName('Research\\Lab')?.accountId, 'a-2');
    for (const envelope of rename(log, 'a-1', 'Research', 'Science', 'Science')) models.apply(envelope);
    assert.equal(models.sharedAccounts.findByName('Science\\Lab')?.accountId, 'a-2');
    assert.equal(models.sharedAccounts.findByName('Research\\Lab'), undefined);
    assert.equal(models.sharedAccounts.findByName('Research'), undefined);
    assert.deepEqual(fullNames(log), ['Science', 'Science\\Lab']);
  });

  it('finds a renamed sub-account by its new full name', () => {
    const log = createEventLog();
    createShared(log, 'a-1', 'Research');
    createShared(log, 'a-2', 'Lab', 'a-1');
    rename(log, 'a-2', 'Research\\Lab', 'Research\\Workshop', 'Workshop', 'a-1');
    const { sharedAccounts } = readModelsOf(log);
    assert.equal(sharedAccounts.findByName('Research\\Workshop')?.accountId, 'a-2');
    assert.equal(sharedAccounts.findByName('Research\\Lab'), undefined);
    assert.deepEqual(fullNames(log), ['Research', 'Research\\Workshop']);
  });

  it('finds an account moved under a parent by its new full name', () => {
    const log = createEventLog();
    createShared(log, 'a-1', 'Research');
    createShared(log, 'a-2', 'Lab');
    rename(log, 'a-2', 'Lab', 'Research\\Lab', 'Lab', 'a-1');
    const { sharedAccounts } = readModelsOf(log);
    assert.equal(sharedAccounts.findByName('Lab'), undefined);
    assert.equal(sharedAccounts.findByName('research\\lab')?.accountId, 'a-2');
  });

  it('does not find or list a deleted account, but keeps its record', () => {
    const log = createEventLog();
    createShared(log, 'a-1', 'Research');
    createShared(log, 'a-2', 'Old');
    sharedDoes(log, 'a-2', { kind: 'DeleteSharedAccount', fullName: 'Old' });
    const { sharedAccounts } = readModelsOf(log);
    assert.equal(sharedAccounts.findByName('Old'), undefined);
    assert.equal(sharedAccounts.byId('a-2')?.deleted, true);
    assert.deepEqual(fullNames(log), ['Research']);
  });

  it('lists accounts sorted by full name in any case', () => {
    const log = createEventLog();
    createShared(log, 'a-1', 'zoology');
    createShared(log, 'a-2', 'Art');
    createShared(log, 'a-3', 'Pottery', 'a-2');
    createShared(log, 'a-4', 'art history');
    createShared(log, 'a-5', 'Drawing', 'a-2');
    assert.deepEqual(fullNames(log), ['Art', 'art history', 'Art\\Drawing', 'Art\\Pottery', 'zoology']);
  });
});
