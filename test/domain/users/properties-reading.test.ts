import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readUserProperty } from '../../../domain/users/properties';
import { money } from '../../support/money';
import { aliceCreated, balanceAdjusted, defaultPolicy, directoryUserCreated, USER_ID } from './fixtures';
import { readContext, userFrom, alice, errorOf, read, writeAll, READABLE } from './properties-fixture';

describe('user properties: reading', () => {
  for (const property of READABLE)
    it(`${property} is readable as a string`, () => {
      assert.equal(typeof read(alice, property), 'string');
    });

  it('shows a new user as the product does', () => {
    const shown = Object.fromEntries(READABLE.map((property) => [property, read(alice, property)]));
    assert.deepEqual(shown, {
      balance: '0.00',
      'primary-card-number': '',
      'card-number': '',
      'secondary-card-number': '',
      'card-number2': '',
      department: '',
      email: '',
      'full-name': '',
      notes: '',
      office: '',
      'username-alias': '',
      home: '',
      'disabled-print': 'false',
      'disabled-net': 'false',
      restricted: 'false',
      // Counts come from the print-stats read model, passed in the read context.
      'print-stats.job-count': '7',
      'print-stats.page-count': '42',
      'net-stats.data-mb': '0',
      'net-stats.time-hours': '0',
      'dont-hold-jobs-in-release-station': 'false',
      'dont-apply-printer-filter-rules': 'false',
      'dont-archive': 'false',
      'auto-release-jobs': 'false',
      'printer-cost-adjustment-rate-percent': '100',
      'overdraft-amount': '0.00',
      internal: 'true',
      'other-emails': '',
      'account-selection.mode': 'AUTO_CHARGE_TO_PERSONAL_ACCOUNT',
      'account-selection.can-charge-personal': 'true',
      'account-selection.can-charge-shared-from-list': 'false',
      'account-selection.can-charge-shared-by-pin': 'false',
      'auto-shared-account': '',
    });
  });

  it('reads the card aliases as the primary and secondary card numbers', () => {
    const user = writeAll([
      ['primary-card-number', '111'],
      ['secondary-card-number', '222'],
    ]);
    assert.equal(read(user, 'card-number'), '111');
    assert.equal(read(user, 'card-number2'), '222');
  });

  it('shows the balance as the total of all personal accounts, as a plain decimal', () => {
    const user = userFrom([
      aliceCreated,
      balanceAdjusted(money('10.015'), money('10.015')),
      balanceAdjusted(money('-12'), money('-12'), { account: 'colour' }),
    ]);
    assert.equal(read(user, 'balance'), '-1.985');
  });

  it('shows the site default overdraft until the user has an individual one', () => {
    const policy = { ...defaultPolicy, defaultOverdraft: money('3') };
    assert.equal(read(alice, 'overdraft-amount', policy), '3.00');
    assert.equal(read(writeAll([['overdraft-amount', '0']]), 'overdraft-amount', policy), '0.00');
  });

  it('shows printing disabled only until the time it was disabled to', () => {
    const until = (iso: string) =>
      userFrom([aliceCreated, { type: 'UserPrintingDisabled', data: { userId: USER_ID, until: iso } }]);
    assert.equal(read(until('2026-11-27T13:00:00.000Z'), 'disabled-print'), 'true');
    assert.equal(read(until('2026-11-27T11:00:00.000Z'), 'disabled-print'), 'false');
  });

  it('shows a directory user as not internal', () => {
    assert.equal(read(userFrom([directoryUserCreated]), 'internal'), 'false');
  });

  for (const property of ['card-pin', 'password'])
    it(`refuses to read the write-only ${property}`, () => {
      assert.deepEqual(errorOf(readUserProperty(alice, property, readContext)), {
        code: 'WriteOnlyProperty',
        entity: 'user',
        property,
      });
    });

  it('refuses an unknown property, naming it', () => {
    assert.deepEqual(errorOf(readUserProperty(alice, 'shoe-size', readContext)), {
      code: 'UnknownProperty',
      entity: 'user',
      property: 'shoe-size',
    });
  });
});
