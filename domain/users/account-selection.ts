import * as t from 'io-ts';

/** How a user's print jobs find the account they are charged to, as the product names the modes. */
export const AccountSelectionMode = t.keyof({
  AUTO_CHARGE_TO_PERSONAL_ACCOUNT: null,
  CHARGE_TO_PERSONAL_ACCOUNT_WITH_CONFIRMATION: null,
  AUTO_CHARGE_TO_SHARED: null,
  SHOW_ACCOUNT_SELECTION_POPUP: null,
  SHOW_ADVANCED_ACCOUNT_SELECTION_POPUP: null,
  SHOW_MANAGER_MODE_POPUP: null,
});
export type AccountSelectionMode = t.TypeOf<typeof AccountSelectionMode>;

/**
 * A user's account-selection settings, always stored whole: each setter states the complete
 * behaviour, so nothing of an earlier mode lingers into the next.
 */
export const AccountSelectionCodec = t.type({
  mode: AccountSelectionMode,
  /** The personal account may be charged (popups), or is charged (auto-shared with charge-to-personal). */
  canChargePersonal: t.boolean,
  /** The popup offers a list of the shared accounts the user may use. */
  canChargeSharedFromList: t.boolean,
  /** The popup accepts a shared account's PIN/code. */
  canChargeSharedByPin: t.boolean,
  canPrintAsOtherUser: t.boolean,
  /** A shared account chosen in a popup is tracked there but the personal account pays. */
  chargeToPersonalWhenSharedSelected: t.boolean,
  /** AUTO_CHARGE_TO_SHARED: the account charged; popups: the account selected by default; '' = none. */
  sharedAccountId: t.string,
});
export type AccountSelection = t.TypeOf<typeof AccountSelectionCodec>;

/** Every user starts by charging their own account without asking, as in the product. */
export const DEFAULT_ACCOUNT_SELECTION_SETTINGS: AccountSelection = {
  mode: 'AUTO_CHARGE_TO_PERSONAL_ACCOUNT',
  canChargePersonal: true,
  canChargeSharedFromList: false,
  canChargeSharedByPin: false,
  canPrintAsOtherUser: false,
  chargeToPersonalWhenSharedSelected: false,
  sharedAccountId: '',
};

export const sameAccountSelection = (a: AccountSelection, b: AccountSelection): boolean =>
  a.mode === b.mode &&
  a.canChargePersonal === b.canChargePersonal &&
  a.canChargeSharedFromList === b.canChargeSharedFromList &&
  a.canChargeSharedByPin === b.canChargeSharedByPin &&
  a.canPrintAsOtherUser === b.canPrintAsOtherUser &&
  a.chargeToPersonalWhenSharedSelected === b.chargeToPersonalWhenSharedSelected &&
  a.sharedAccountId === b.sharedAccountId;

/** The settings each of the API's setters means; shared accounts are given by id, already resolved. */
export const autoChargePersonal = (withPopupConfirmation: boolean): AccountSelection => ({
  ...DEFAULT_ACCOUNT_SELECTION_SETTINGS,
  mode: withPopupConfirmation
    ? 'CHARGE_TO_PERSONAL_ACCOUNT_WITH_CONFIRMATION'
    : 'AUTO_CHARGE_TO_PERSONAL_ACCOUNT',
});

export const autoSelectSharedAccount = (
  sharedAccountId: string,
  chargeToPersonal: boolean,
): AccountSelection => ({
  mode: 'AUTO_CHARGE_TO_SHARED',
  canChargePersonal: chargeToPersonal,
  canChargeSharedFromList: false,
  canChargeSharedByPin: false,
  canPrintAsOtherUser: false,
  chargeToPersonalWhenSharedSelected: chargeToPersonal,
  sharedAccountId,
});

export const standardPopup = (options: {
  readonly allowPersonal: boolean;
  readonly allowListSelection: boolean;
  readonly allowPinCode: boolean;
  readonly allowPrintingAsOtherUser: boolean;
  readonly chargeToPersonalWhenSharedSelected: boolean;
  readonly defaultSharedAccountId: string;
}): AccountSelection => ({
  mode: 'SHOW_ACCOUNT_SELECTION_POPUP',
  canChargePersonal: options.allowPersonal,
  canChargeSharedFromList: options.allowListSelection,
  canChargeSharedByPin: options.allowPinCode,
  canPrintAsOtherUser: options.allowPrintingAsOtherUser,
  chargeToPersonalWhenSharedSelected: options.chargeToPersonalWhenSharedSelected,
  sharedAccountId: options.defaultSharedAccountId,
});

/** The advanced popup always lets the user search the shared accounts and enter an account's code. */
export const advancedPopup = (options: {
  readonly allowPersonal: boolean;
  readonly chargeToPersonalWhenSharedSelected: boolean;
  readonly defaultSharedAccountId: string;
}): AccountSelection => ({
  mode: 'SHOW_ADVANCED_ACCOUNT_SELECTION_POPUP',
  canChargePersonal: options.allowPersonal,
  canChargeSharedFromList: true,
  canChargeSharedByPin: true,
  canPrintAsOtherUser: false,
  chargeToPersonalWhenSharedSelected: options.chargeToPersonalWhenSharedSelected,
  sharedAccountId: options.defaultSharedAccountId,
});

/**
 * Which of the user's shared accounts a client should offer when it honours the mode: all the user may
 * use when the popup lists them, only the automatic account in AUTO_CHARGE_TO_SHARED, none otherwise.
 */
export type SharedAccountOffer = 'all-accessible' | 'auto-account-only' | 'none';

export const sharedAccountOffer = (selection: AccountSelection): SharedAccountOffer => {
  if (selection.mode === 'AUTO_CHARGE_TO_SHARED') return 'auto-account-only';
  return selection.canChargeSharedFromList ? 'all-accessible' : 'none';
};

/** A popup that offers no way to charge anything would leave the user unable to print. */
export const validateAccountSelection = (selection: AccountSelection): string | null =>
  selection.mode === 'SHOW_ACCOUNT_SELECTION_POPUP' &&
  !selection.canChargePersonal &&
  !selection.canChargeSharedFromList &&
  !selection.canChargeSharedByPin &&
  !selection.canPrintAsOtherUser
    ? 'a popup that allows at least one of: personal account, list selection, PIN code, printing as another user'
    : null;
