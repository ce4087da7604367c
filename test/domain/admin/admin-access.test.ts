import { describe, it } from 'node:test';
import { adminAccessDecider } from '../../../domain/admin/access';
import { AdminEvent } from '../../../domain/admin/events';
import { specFor } from '../../support/decider-spec';

const granted = (principal: 'user' | 'group', principalId: string, name: string): AdminEvent => ({
  type: 'AdminAccessGranted',
  data: { principal, principalId, name },
});
const revoked = (principal: 'user' | 'group', principalId: string, name: string): AdminEvent => ({
  type: 'AdminAccessRevoked',
  data: { principal, principalId, name },
});

const access = specFor(adminAccessDecider);

describe('admin access', () => {
  it('grants a user administrator rights', () => {
    access
      .given([])
      .when({ kind: 'GrantAdminAccess', principal: 'user', principalId: 'u1', name: 'alice' })
      .then([granted('user', 'u1', 'alice')]);
  });

  it('granting again changes nothing', () => {
    access
      .given([granted('user', 'u1', 'alice')])
      .when({ kind: 'GrantAdminAccess', principal: 'user', principalId: 'u1', name: 'alice' })
      .then([]);
  });

  it('revokes a group, and revoking what is not held changes nothing', () => {
    access
      .given([granted('group', 'g1', 'Staff')])
      .when({ kind: 'RevokeAdminAccess', principal: 'group', principalId: 'g1', name: 'Staff' })
      .then([revoked('group', 'g1', 'Staff')]);
    access
      .given([granted('group', 'g1', 'Staff'), revoked('group', 'g1', 'Staff')])
      .when({ kind: 'RevokeAdminAccess', principal: 'group', principalId: 'g1', name: 'Staff' })
      .then([]);
  });

  it('keeps users and groups apart even when their ids are equal', () => {
    access
      .given([granted('user', 'same-id', 'alice')])
      .when({ kind: 'GrantAdminAccess', principal: 'group', principalId: 'same-id', name: 'Staff' })
      .then([granted('group', 'same-id', 'Staff')]);
  });
});
