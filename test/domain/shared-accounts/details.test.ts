import { describe, it } from 'node:test';
import { ACCOUNT_ID, created, spec } from './fixtures';

describe('ChangeSharedAccountDetails', () => {
  it('records the settings that change', () => {
    spec
      .given([created])
      .when({
        kind: 'ChangeSharedAccountDetails',
        changes: {
          notes: 'grant 42',
          pin: '9876',
          commentOption: 'COMMENT_OPTIONAL',
          invoiceOption: 'ALWAYS_INVOICE',
        },
      })
      .then([
        {
          type: 'SharedAccountDetailsChanged',
          data: {
            accountId: ACCOUNT_ID,
            changes: { notes: 'grant 42', pin: '9876', invoiceOption: 'ALWAYS_INVOICE' },
          },
        },
      ]);
  });

  it('records nothing when nothing changes', () => {
    spec
      .given([created])
      .when({ kind: 'ChangeSharedAccountDetails', changes: { notes: '', commentOption: 'COMMENT_OPTIONAL' } })
      .thenNothingHappens();
  });
});
