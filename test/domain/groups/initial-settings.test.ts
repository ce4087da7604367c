import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupDecider } from '../../../domain/groups/decide';
import { GroupEvent } from '../../../domain/groups/events';
import { combineInitialSettings } from '../../../domain/groups/initial-settings';
import { specFor } from '../../support/decider-spec';

const created: GroupEvent = {
  type: 'GroupCreated',
  data: { groupId: 'g1', name: 'Staff', source: 'directory' },
};
const group = specFor(groupDecider);

describe('group: SetInitialSettings', () => {
  it('records the complete new settings', () => {
    group
      .given([created])
      .when({ kind: 'SetInitialSettings', settings: { balance: 5_000_000n, restricted: true } })
      .then([
        {
          type: 'GroupInitialSettingsSet',
          data: { groupId: 'g1', settings: { balance: 5_000_000n, restricted: true } },
        },
      ]);
  });

  it('changes nothing when the settings are the same', () => {
    group
      .given([
        created,
        { type: 'GroupInitialSettingsSet', data: { groupId: 'g1', settings: { restricted: false } } },
      ])
      .when({ kind: 'SetInitialSettings', settings: { restricted: false } })
      .then([]);
  });

  it('refuses a negative overdraft and a removed group', () => {
    group
      .given([created])
      .when({ kind: 'SetInitialSettings', settings: { overdraft: -1n } })
      .thenFails({ code: 'InvalidValue', field: 'overdraft' });
    group
      .given([created, { type: 'GroupRemoved', data: { groupId: 'g1', name: 'Staff' } }])
      .when({ kind: 'SetInitialSettings', settings: {} })
      .thenFails({ code: 'GroupNotFound' });
  });
});

describe('initial settings of several groups', () => {
  it('add up balances, restrict if any group restricts, take the largest overdraft', () => {
    assert.deepEqual(
      combineInitialSettings([
        { balance: 5_000_000n, restricted: false },
        { balance: 2_500_000n, overdraft: 1_000_000n },
        { restricted: true, overdraft: 3_000_000n },
      ]),
      { balance: 7_500_000n, restricted: true, overdraft: 3_000_000n },
    );
  });

  it('leave out what no group sets', () => {
    assert.deepEqual(combineInitialSettings([{}, { restricted: false }]), { restricted: false });
    assert.deepEqual(combineInitialSettings([]), {});
  });
});
