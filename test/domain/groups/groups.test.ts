import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupCommand, groupDecider } from '../../../domain/groups/decide';
import { GroupEvent } from '../../../domain/groups/events';
import { specify } from '../../support/decider-specification';
import { money } from '../../support/money';

const spec = specify(groupDecider);
const GROUP_ID = 'g-1';

const created: GroupEvent = {
  type: 'GroupCreated',
  data: { groupId: GROUP_ID, name: 'Staff', source: 'application' },
};
const removed: GroupEvent = { type: 'GroupRemoved', data: { groupId: GROUP_ID, name: 'Staff' } };
const joined = (userId: string): GroupEvent => ({
  type: 'GroupMemberAdded',
  data: { groupId: GROUP_ID, userId },
});
const create = (name: string, source: 'application' | 'directory' = 'application'): GroupCommand => ({
  kind: 'CreateGroup',
  groupId: GROUP_ID,
  name,
  source,
});

describe('CreateGroup', () => {
  it('creates an application group, keeping the case of its name', () => {
    spec.given([]).when(create('Staff')).then([created]);
  });

  it('creates a group brought in from the directory', () => {
    spec
      .given([])
      .when(create('Students', 'directory'))
      .then([{ type: 'GroupCreated', data: { groupId: GROUP_ID, name: 'Students', source: 'directory' } }]);
  });

  for (const name of ['!!All Users!!', '!!Internal Users!!', '!!all users!!', '!!INTERNAL USERS!!'])
    it(`refuses the reserved name ${name}, in any case`, () => {
      spec.given([]).when(create(name)).thenFails('ReservedGroup', { group: name });
    });

  for (const name of ['', ' Staff', 'Staff\n', 'x'.repeat(256)])
    it(`refuses the invalid name ${JSON.stringify(name.slice(0, 12))}`, () => {
      spec.given([]).when(create(name)).thenFails('InvalidName', { kind: 'group' });
    });

  it('refuses to create the group twice on its stream', () => {
    spec.given([created]).when(create('Staff')).thenFails('GroupAlreadyExists', { group: 'Staff' });
  });
});

describe('AddMember and RemoveMember', () => {
  it('adds a member', () => {
    const state = spec
      .given([created])
      .when({ kind: 'AddMember', userId: 'u-1' })
      .then([joined('u-1')]);
    assert.deepEqual(state.status === 'present' && state.members, ['u-1']);
  });

  it('adding a member twice records nothing', () => {
    spec
      .given([created, joined('u-1')])
      .when({ kind: 'AddMember', userId: 'u-1' })
      .thenNothingHappens();
  });

  it('removes a member, keeping the others in the order they joined', () => {
    const state = spec
      .given([created, joined('u-1'), joined('u-2'), joined('u-3')])
      .when({ kind: 'RemoveMember', userId: 'u-2' })
      .then([{ type: 'GroupMemberRemoved', data: { groupId: GROUP_ID, userId: 'u-2' } }]);
    assert.deepEqual(state.status === 'present' && state.members, ['u-1', 'u-3']);
  });

  it('removing a non-member records nothing', () => {
    spec.given([created]).when({ kind: 'RemoveMember', userId: 'u-9' }).thenNothingHappens();
  });
});

describe('SetQuota', () => {
  it('records the amount, period and accumulation limit', () => {
    const state = spec
      .given([created])
      .when({ kind: 'SetQuota', amount: money('5'), period: 'WEEKLY', maxAccumulation: money('20') })
      .then([
        {
          type: 'GroupQuotaSet',
          data: { groupId: GROUP_ID, amount: money('5'), period: 'WEEKLY', maxAccumulation: money('20') },
        },
      ]);
    assert.deepEqual(state.status === 'present' && state.quota, {
      amount: money('5'),
      period: 'WEEKLY',
      maxAccumulation: money('20'),
    });
  });

  it('accepts a zero accumulation limit, which means no limit', () => {
    spec
      .given([created])
      .when({ kind: 'SetQuota', amount: money('1'), period: 'DAILY', maxAccumulation: 0n })
      .then([
        {
          type: 'GroupQuotaSet',
          data: { groupId: GROUP_ID, amount: money('1'), period: 'DAILY', maxAccumulation: 0n },
        },
      ]);
  });

  it('refuses a negative quota or accumulation limit', () => {
    spec
      .given([created])
      .when({ kind: 'SetQuota', amount: money('-1'), period: 'MONTHLY', maxAccumulation: 0n })
      .thenFails('InvalidValue', { field: 'amount', value: '-1' });
    spec
      .given([created])
      .when({ kind: 'SetQuota', amount: money('1'), period: 'MONTHLY', maxAccumulation: money('-0.5') })
      .thenFails('InvalidValue', { field: 'maxAccumulation', value: '-0.5' });
  });
});

describe('RemoveGroup', () => {
  it('removes the group; its members keep their accounts', () => {
    spec
      .given([created, joined('u-1')])
      .when({ kind: 'RemoveGroup' })
      .then([removed]);
  });
});

describe('commands on a group that is not there', () => {
  const commands: readonly GroupCommand[] = [
    { kind: 'AddMember', userId: 'u-1' },
    { kind: 'RemoveMember', userId: 'u-1' },
    { kind: 'SetQuota', amount: 0n, period: 'NONE', maxAccumulation: 0n },
    { kind: 'RemoveGroup' },
  ];
  for (const command of commands) {
    it(`${command.kind} on an absent group is refused`, () => {
      spec.given([]).when(command).thenFails('GroupNotFound');
    });
    it(`${command.kind} on a removed group is refused, naming it`, () => {
      spec.given([created, removed]).when(command).thenFails('GroupNotFound', { group: 'Staff' });
    });
  }

  it('a removed group stays removed: its stream cannot be created again', () => {
    spec.given([created, removed]).when(create('Staff')).thenFails('GroupAlreadyExists');
  });
});
