import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEventLog } from '../support/event-log';
import { money } from '../support/money';
import { createGroup, groupDoes, readModelsOf } from './fixtures';

describe('groups read model', () => {
  it('keeps its sorted listing current on a live model: new and removed groups reorder it, members show at once', () => {
    const log = createEventLog();
    createGroup(log, 'g-1', 'Staff');
    createGroup(log, 'g-2', 'Admins');
    const models = readModelsOf(log);
    const live = (): string[] => models.groups.sorted().map((group) => group.name);
    assert.deepEqual(live(), ['Admins', 'Staff']);
    for (const envelope of createGroup(log, 'g-3', 'Board')) models.apply(envelope);
    assert.deepEqual(live(), ['Admins', 'Board', 'Staff']);
    for (const envelope of groupDoes(log, 'g-1', { kind: 'AddMember', userId: 'u-1' }))
      models.apply(envelope);
    assert.deepEqual(models.groups.sorted()[2]?.members, ['u-1']);
    for (const envelope of groupDoes(log, 'g-2', { kind: 'RemoveGroup' })) models.apply(envelope);
    assert.deepEqual(live(), ['Board', 'Staff']);
    models.groups.restore(models.groups.snapshot().filter((group) => group.groupId !== 'g-3'));
    assert.deepEqual(live(), ['Staff']);
  });

  it('finds a group by name in any case, keeping the case it was created with', () => {
    const log = createEventLog();
    createGroup(log, 'g-1', 'Staff');
    const { groups } = readModelsOf(log);
    assert.equal(groups.findByName('STAFF')?.name, 'Staff');
    assert.equal(groups.findByName('staff')?.groupId, 'g-1');
    assert.equal(groups.findByName('Students'), undefined);
  });

  it('does not find a removed group, and finds one created again under that name', () => {
    const log = createEventLog();
    createGroup(log, 'g-1', 'Staff');
    groupDoes(log, 'g-1', { kind: 'RemoveGroup' });
    let { groups } = readModelsOf(log);
    assert.equal(groups.findByName('Staff'), undefined);
    assert.equal(groups.byId('g-1')?.removed, true);
    createGroup(log, 'g-2', 'staff');
    ({ groups } = readModelsOf(log));
    assert.equal(groups.findByName('Staff')?.groupId, 'g-2');
  });

  it('lists groups not removed, sorted by name in any case', () => {
    const log = createEventLog();
    for (const [id, name] of [
      ['g-1', 'students'],
      ['g-2', 'Admins'],
      ['g-3', 'Staff'],
      ['g-4', 'Old'],
    ] as const)
      createGroup(log, id, name);
    groupDoes(log, 'g-4', { kind: 'RemoveGroup' });
    assert.deepEqual(
      readModelsOf(log)
        .groups.sorted()
        .map((group) => group.name),
      ['Admins', 'Staff', 'students'],
    );
  });

  it("indexes each user's groups, following joins, departures and removals", () => {
    const log = createEventLog();
    createGroup(log, 'g-1', 'Staff');
    createGroup(log, 'g-2', 'Teachers');
    groupDoes(log, 'g-1', { kind: 'AddMember', userId: 'u-1' });
    groupDoes(log, 'g-1', { kind: 'AddMember', userId: 'u-2' });
    groupDoes(log, 'g-2', { kind: 'AddMember', userId: 'u-1' });
    let { groups } = readModelsOf(log);
    assert.deepEqual([...groups.groupIdsOfUser('u-1')].sort(), ['g-1', 'g-2']);
    assert.deepEqual(groups.groupIdsOfUser('u-2'), ['g-1']);
    assert.deepEqual(groups.groupIdsOfUser('u-9'), []);
    assert.deepEqual(groups.findByName('Staff')?.members, ['u-1', 'u-2']);

    groupDoes(log, 'g-1', { kind: 'RemoveMember', userId: 'u-1' });
    groupDoes(log, 'g-2', { kind: 'RemoveGroup' });
    ({ groups } = readModelsOf(log));
    assert.deepEqual(groups.groupIdsOfUser('u-1'), []);
    assert.deepEqual(groups.groupIdsOfUser('u-2'), ['g-1']);
  });

  it('holds the quota a group was given', () => {
    const log = createEventLog();
    createGroup(log, 'g-1', 'Staff');
    groupDoes(log, 'g-1', {
      kind: 'SetQuota',
      amount: money('2.5'),
      period: 'DAILY',
      maxAccumulation: money('10'),
    });
    assert.deepEqual(readModelsOf(log).groups.findByName('staff')?.quota, {
      amount: money('2.5'),
      period: 'DAILY',
      maxAccumulation: money('10'),
    });
  });
});
