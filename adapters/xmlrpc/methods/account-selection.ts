import { defineMethod } from '../method';
import { bool, str } from '../params';

const area = 'account-selection';
const user = str.required;

export const ACCOUNT_SELECTION_METHODS = [
  defineMethod({
    name: 'api.setUserAccountSelectionAutoSelectSharedAccount',
    tier: 'seed',
    area,
    params: { user, account: str.required, chargeToPersonal: bool.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.accountSelection.setUserAccountSelectionAutoSelectSharedAccount(
        context,
        a.user,
        a.account,
        a.chargeToPersonal,
      ),
  }),
  defineMethod({
    name: 'api.setUserAccountSelectionAutoChargePersonal',
    tier: 'seed',
    area,
    params: { user, withPopupConfirmation: bool.optional },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.accountSelection.setUserAccountSelectionAutoChargePersonal(
        context,
        a.user,
        a.withPopupConfirmation ?? false,
      ),
  }),
  defineMethod({
    name: 'api.setUserAccountSelectionStandardPopup',
    tier: 'seed',
    area,
    params: {
      user,
      allowPersonal: bool.required,
      allowListSelection: bool.required,
      allowPinCode: bool.required,
      allowPrintingAsOtherUser: bool.required,
      chargeToPersonalWhenSharedSelected: bool.required,
      defaultSharedAccount: str.optional,
    },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.accountSelection.setUserAccountSelectionStandardPopup(
        context,
        a.user,
        {
          allowPersonal: a.allowPersonal,
          allowListSelection: a.allowListSelection,
          allowPinCode: a.allowPinCode,
          allowPrintingAsOtherUser: a.allowPrintingAsOtherUser,
          chargeToPersonalWhenSharedSelected: a.chargeToPersonalWhenSharedSelected,
        },
        a.defaultSharedAccount,
      ),
  }),
  defineMethod({
    name: 'api.setUserAccountSelectionAdvancedPopup',
    tier: 'extended',
    area,
    params: {
      user,
      allowPersonal: bool.required,
      chargeToPersonalWhenSharedSelected: bool.required,
      defaultSharedAccount: str.optional,
    },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.accountSelection.setUserAccountSelectionAdvancedPopup(
        context,
        a.user,
        a.allowPersonal,
        a.chargeToPersonalWhenSharedSelected,
        a.defaultSharedAccount,
      ),
  }),
];
