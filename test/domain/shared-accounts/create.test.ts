import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACCOUNT_ID, created, PARENT_ID, spec, subCreated } from './fixtures';

describe('CreateSharedAccount', () => {
  it('creates a top-level account', () => {
    const state = spec
      .given([])
      .when({ kind: 'CreateSharedAccount', accountId: ACCOUNT_ID, name: 'Research', parentId: '' })
      .then([created]);
    assert.equal(state.status === 'present' && state.balance, 0n);
    assert.equal(state.status === 'present' && state.commentOption, 'COMMENT_OPTIONAL');
    assert.equal(state.status === 'present' && state.invoiceOption, 'USER_CHOICE_OFF');
  });

  it('creates a sub-account under a parent, by its own name', () => {
    spec
      .given([])
      .when({ kind: 'CreateSharedAccount', accountId: ACCOUNT_ID, name: 'Lab', parentId: PARENT_ID })
      .then([subCreated]);
  });

  it('refuses a name holding the parent\\sub separator, or an invalid one', () => {
    spec
      .given([])
      .when({ kind: 'CreateSharedAccount', accountId: ACCOUNT_ID, name: 'Research\\Lab', parentId: '' })
      .thenFails('InvalidName', { kind: 'shared-account' });
    spec
      .given([])
      .when({ kind: 'CreateSharedAccount', accountId: ACCOUNT_ID, name: '', parentId: '' })
      .thenFails('InvalidName', { kind: 'shared-account' });
  });

  it('refuses to create the account twice on its stream', () => {
    spec
      .given([created])
      .when({ kind: 'CreateSharedAccount', accountId: ACCOUNT_ID, name: 'Research', parentId: '' })
      .thenFails('SharedAccountAlreadyExists', { account: 'Research' });
  });
});
