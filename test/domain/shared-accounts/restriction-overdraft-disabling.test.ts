import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { money } from '../../support/money';
import { ACCOUNT_ID, created, restricted, spec } from './fixtures';

describe('restriction, overdraft, disabling', () => {
  it('restricts and lifts a restriction, recording nothing when already so', () => {
    spec.given([created]).when({ kind: 'SetSharedAccountRestricted', restricted: true }).then([restricted]);
    spec
      .given([created, restricted])
      .when({ kind: 'SetSharedAccountRestricted', restricted: true })
      .thenNothingHappens();
    spec
      .given([created, restricted])
      .when({ kind: 'SetSharedAccountRestricted', restricted: false })
      .then([
        { type: 'SharedAccountRestrictionChanged', data: { accountId: ACCOUNT_ID, restricted: false } },
      ]);
  });

  it('sets an individual overdraft and returns to the default', () => {
    spec
      .given([created])
      .when({ kind: 'SetSharedAccountOverdraft', setting: { mode: 'individual', amount: money('50') } })
      .then([
        {
          type: 'SharedAccountOverdraftChanged',
          data: { accountId: ACCOUNT_ID, mode: 'individual', amount: money('50') },
        },
      ]);
    spec
      .given([created])
      .when({ kind: 'SetSharedAccountOverdraft', setting: { mode: 'default' } })
      .then([
        {
          type: 'SharedAccountOverdraftChanged',
          data: { accountId: ACCOUNT_ID, mode: 'default', amount: 0n },
        },
      ]);
  });

  it('disables until a time or until re-enabled, and enables again', () => {
    const state = spec
      .given([created])
      .when({ kind: 'DisableSharedAccount', until: '' })
      .then([{ type: 'SharedAccountDisabled', data: { accountId: ACCOUNT_ID, until: '' } }]);
    assert.equal(state.status === 'present' && state.disabledUntil, 'forever');
    spec
      .given([
        created,
        { type: 'SharedAccountDisabled', data: { accountId: ACCOUNT_ID, until: '2026-12-01T00:00:00Z' } },
      ])
      .when({ kind: 'EnableSharedAccount' })
      .then([{ type: 'SharedAccountEnabled', data: { accountId: ACCOUNT_ID } }]);
    spec.given([created]).when({ kind: 'EnableSharedAccount' }).thenNothingHappens();
  });
});
