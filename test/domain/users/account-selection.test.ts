import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  advancedPopup,
  autoChargePersonal,
  autoSelectSharedAccount,
  sharedAccountOffer,
  standardPopup,
} from '../../../domain/users/account-selection';
import { userDecider } from '../../../domain/users/decide';
import { UserEvent } from '../../../domain/users/events';
import { readUserProperty, userPropertyCommand } from '../../../domain/users/properties';
import { evolveUser, User } from '../../../domain/users/state';
import { specFor } from '../../support/decider-spec';

const created: UserEvent = {
  type: 'UserCreated',
  data: { userId: 'u1', username: 'alice', internal: false, source: 'directory' },
};
const user = specFor(userDecider);
const popup = (overrides: Partial<Parameters<typeof standardPopup>[0]> = {}) =>
  standardPopup({
    allowPersonal: true,
    allowListSelection: true,
    allowPinCode: false,
    allowPrintingAsOtherUser: false,
    chargeToPersonalWhenSharedSelected: false,
    defaultSharedAccountId: '',
    ...overrides,
  });

const readAll = (events: readonly UserEvent[], names: readonly string[], accountName = '') => {
  const state = events.reduce(evolveUser, { status: 'absent' } as ReturnType<typeof evolveUser>);
  assert.equal(state.status, 'present');
  return names.map((name) => {
    const value = readUserProperty(state as User & { status: 'present' }, name, {
      now: new Date('2026-03-01T00:00:00Z'),
      policy: { defaultOverdraft: 0n, personalAccounts: [] },
      counts: { jobCount: 0, pageCount: 0 },
      sharedAccountName: () => accountName,
    });
    assert.equal(value._tag, 'Right');
    return value._tag === 'Right' ? value.right : '';
  });
};

const PROPERTIES = [
  'account-selection.mode',
  'account-selection.can-charge-personal',
  'account-selection.can-charge-shared-from-list',
  'account-selection.can-charge-shared-by-pin',
  'auto-shared-account',
];

describe('user: SetAccountSelection', () => {
  it('records the complete new selection', () => {
    const selection = popup();
    user
      .given([created])
      .when({ kind: 'SetAccountSelection', selection })
      .then([{ type: 'UserAccountSelectionChanged', data: { userId: 'u1', selection } }]);
  });

  it('changes nothing when the user already has exactly this selection', () => {
    user
      .given([created])
      .when({ kind: 'SetAccountSelection', selection: autoChargePersonal(false) })
      .then([]);
  });

  it('refuses a popup that offers nothing to charge', () => {
    user
      .given([created])
      .when({
        kind: 'SetAccountSelection',
        selection: popup({ allowPersonal: false, allowListSelection: false }),
      })
      .thenFails({ code: 'InvalidValue', field: 'account selection' });
  });

  it('refuses a deleted user', () => {
    user
      .given([created, { type: 'UserDeleted', data: { userId: 'u1', username: 'alice', redacted: false } }])
      .when({ kind: 'SetAccountSelection', selection: autoChargePersonal(true) })
      .thenFails({ code: 'UserNotFound' });
  });
});

describe('account-selection properties', () => {
  const changed = (selection: ReturnType<typeof popup>): UserEvent => ({
    type: 'UserAccountSelectionChanged',
    data: { userId: 'u1', selection },
  });

  it('a new user charges the personal account without asking', () => {
    assert.deepEqual(readAll([created], PROPERTIES), [
      'AUTO_CHARGE_TO_PERSONAL_ACCOUNT',
      'true',
      'false',
      'false',
      '',
    ]);
  });

  it('confirmation mode, auto-shared mode with its account, standard and advanced popups', () => {
    assert.deepEqual(readAll([created, changed(autoChargePersonal(true))], PROPERTIES), [
      'CHARGE_TO_PERSONAL_ACCOUNT_WITH_CONFIRMATION',
      'true',
      'false',
      'false',
      '',
    ]);
    assert.deepEqual(
      readAll([created, changed(autoSelectSharedAccount('acc-1', false))], PROPERTIES, 'Science\\Lab'),
      ['AUTO_CHARGE_TO_SHARED', 'false', 'false', 'false', 'Science\\Lab'],
    );
    assert.deepEqual(
      readAll(
        [created, changed(popup({ allowPinCode: true, defaultSharedAccountId: 'acc-1' }))],
        PROPERTIES,
        'Lab',
      ),
      ['SHOW_ACCOUNT_SELECTION_POPUP', 'true', 'true', 'true', ''],
    );
    assert.deepEqual(
      readAll(
        [
          created,
          changed(
            advancedPopup({
              allowPersonal: false,
              chargeToPersonalWhenSharedSelected: true,
              defaultSharedAccountId: '',
            }),
          ),
        ],
        PROPERTIES,
      ),
      ['SHOW_ADVANCED_ACCOUNT_SELECTION_POPUP', 'false', 'true', 'true', ''],
    );
  });

  it('offers shared accounts only where the mode lets the user choose one', () => {
    assert.equal(sharedAccountOffer(autoChargePersonal(false)), 'none');
    assert.equal(sharedAccountOffer(autoSelectSharedAccount('a', true)), 'auto-account-only');
    assert.equal(sharedAccountOffer(popup()), 'all-accessible');
    assert.equal(sharedAccountOffer(popup({ allowListSelection: false, allowPinCode: true })), 'none');
  });

  it('the properties stay read-only: they change only through the account-selection methods', () => {
    for (const name of PROPERTIES) {
      const command = userPropertyCommand(name, 'true', {
        transferId: 't',
        comment: '',
        policy: { defaultOverdraft: 0n, personalAccounts: [] },
        hashSecret: (secret) => secret,
      });
      assert.deepEqual(command, {
        _tag: 'Left',
        left: { code: 'ReadOnlyProperty', entity: 'user', property: name },
      });
    }
  });
});
