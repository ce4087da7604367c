import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { money } from '../../support/money';
import { ACCOUNT_ID, created, PARENT_ID, spec, subCreated, withBalance } from './fixtures';

describe('RenameSharedAccount', () => {
  it('renames a top-level account, recording old and new full names', () => {
    const state = spec
      .given([created])
      .when({
        kind: 'RenameSharedAccount',
        name: 'Science',
        parentId: '',
        fullNameFrom: 'Research',
        fullNameTo: 'Science',
      })
      .then([
        {
          type: 'SharedAccountRenamed',
          data: { accountId: ACCOUNT_ID, from: 'Research', to: 'Science', parentId: '' },
        },
      ]);
    assert.equal(state.status === 'present' && state.name, 'Science');
  });

  it('renames a sub-account: its own name changes, the parent stays', () => {
    const state = spec
      .given([subCreated])
      .when({
        kind: 'RenameSharedAccount',
        name: 'Workshop',
        parentId: PARENT_ID,
        fullNameFrom: 'Research\\Lab',
        fullNameTo: 'Research\\Workshop',
      })
      .then([
        {
          type: 'SharedAccountRenamed',
          data: {
            accountId: ACCOUNT_ID,
            from: 'Research\\Lab',
            to: 'Research\\Workshop',
            parentId: PARENT_ID,
          },
        },
      ]);
    assert.equal(state.status === 'present' && state.name, 'Workshop');
    assert.equal(state.status === 'present' && state.parentId, PARENT_ID);
  });

  it('records nothing when a renamed sub-account is renamed to the name it has', () => {
    spec
      .given([
        subCreated,
        {
          type: 'SharedAccountRenamed',
          data: {
            accountId: ACCOUNT_ID,
            from: 'Research\\Lab',
            to: 'Research\\Workshop',
            parentId: PARENT_ID,
          },
        },
      ])
      .when({
        kind: 'RenameSharedAccount',
        name: 'Workshop',
        parentId: PARENT_ID,
        fullNameFrom: 'Research\\Workshop',
        fullNameTo: 'Research\\Workshop',
      })
      .thenNothingHappens();
  });

  it('moves a top-level account under a parent', () => {
    const state = spec
      .given([created])
      .when({
        kind: 'RenameSharedAccount',
        name: 'Research',
        parentId: PARENT_ID,
        fullNameFrom: 'Research',
        fullNameTo: 'Faculty\\Research',
      })
      .then([
        {
          type: 'SharedAccountRenamed',
          data: { accountId: ACCOUNT_ID, from: 'Research', to: 'Faculty\\Research', parentId: PARENT_ID },
        },
      ]);
    assert.equal(state.status === 'present' && state.name, 'Research');
  });

  it('keeps the balance across a rename', () => {
    spec
      .given(withBalance('9'))
      .when({
        kind: 'RenameSharedAccount',
        name: 'X',
        parentId: '',
        fullNameFrom: 'Research',
        fullNameTo: 'X',
      })
      .thenState((state) => assert.equal(state.status === 'present' && state.balance, money('9')));
  });

  it('records nothing for the same name under the same parent', () => {
    spec
      .given([created])
      .when({
        kind: 'RenameSharedAccount',
        name: 'Research',
        parentId: '',
        fullNameFrom: 'Research',
        fullNameTo: 'Research',
      })
      .thenNothingHappens();
  });

  it('refuses an invalid new name', () => {
    spec
      .given([created])
      .when({
        kind: 'RenameSharedAccount',
        name: 'A\\B',
        parentId: '',
        fullNameFrom: 'Research',
        fullNameTo: 'A\\B',
      })
      .thenFails('InvalidName');
  });
});
