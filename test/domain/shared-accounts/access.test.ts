import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SharedAccountEvent } from '../../../domain/shared-accounts/events';
import { ACCOUNT_ID, created, spec } from './fixtures';

describe('SetSharedAccountAccess', () => {
  const grant = (principal: 'user' | 'group', principalId: string, granted = true): SharedAccountEvent => ({
    type: 'SharedAccountAccessChanged',
    data: { accountId: ACCOUNT_ID, principal, principalId, granted },
  });

  it('grants a user and a group access, each on its own list', () => {
    const state = spec
      .given([created, grant('user', 'u-1')])
      .when({ kind: 'SetSharedAccountAccess', principal: 'group', principalId: 'g-1', granted: true })
      .then([grant('group', 'g-1')]);
    assert.deepEqual(state.status === 'present' && state.accessUserIds, ['u-1']);
    assert.deepEqual(state.status === 'present' && state.accessGroupIds, ['g-1']);
  });

  it('granting twice records nothing', () => {
    spec
      .given([created, grant('user', 'u-1')])
      .when({ kind: 'SetSharedAccountAccess', principal: 'user', principalId: 'u-1', granted: true })
      .thenNothingHappens();
  });

  it('a user id granted does not count as a group of the same id', () => {
    spec
      .given([created, grant('user', 'x')])
      .when({ kind: 'SetSharedAccountAccess', principal: 'group', principalId: 'x', granted: true })
      .then([grant('group', 'x')]);
  });

  it('revokes access, and revoking access never granted records nothing', () => {
    const state = spec
      .given([created, grant('user', 'u-1'), grant('user', 'u-2')])
      .when({ kind: 'SetSharedAccountAccess', principal: 'user', principalId: 'u-1', granted: false })
      .then([grant('user', 'u-1', false)]);
    assert.deepEqual(state.status === 'present' && state.accessUserIds, ['u-2']);
    spec
      .given([created])
      .when({ kind: 'SetSharedAccountAccess', principal: 'group', principalId: 'g-1', granted: false })
      .thenNothingHappens();
  });
});
