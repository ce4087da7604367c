import { assertNever } from '../decider';
import { Corrections, recordCorrection } from '../ledger/corrections';
import { overdraftFromChange } from '../ledger/overdraft';
import { Money, sumMoney, ZERO } from '../money';
import { UserDetailField, UserEvent, UserSwitch } from './events';
import { AccountSelection, DEFAULT_ACCOUNT_SELECTION_SETTINGS } from './account-selection';

export type OverdraftSetting =
  { readonly mode: 'default' } | { readonly mode: 'individual'; readonly amount: Money };

export interface User {
  readonly userId: string;
  readonly username: string;
  readonly internal: boolean;
  readonly deleted: boolean;
  readonly redacted: boolean;
  readonly details: Readonly<Partial<Record<UserDetailField, string>>>;
  readonly primaryCardNumber: string;
  readonly secondaryCardNumber: string;
  readonly hasPin: boolean;
  readonly passwordHash: string;
  readonly restricted: boolean;
  readonly overdraft: OverdraftSetting;
  /** Personal accounts by name; '' is the default account, which every user has. */
  readonly balances: Readonly<Record<string, Money>>;
  /** '' = enabled; 'forever' = until re-enabled; otherwise an ISO time. */
  readonly printingDisabledUntil: string;
  readonly switches: Readonly<Partial<Record<UserSwitch, boolean>>>;
  readonly costAdjustmentPercent: string;
  readonly accountSelection: AccountSelection;
  /** Transfers of this user that were corrected, each with its correction's transfer id. */
  readonly correctedTransfers: Corrections;
}

/** The state a user stream folds to: nothing yet, or a user (possibly deleted). */
export type UserState = { readonly status: 'absent' } | ({ readonly status: 'present' } & User);

export const initialUserState = (): UserState => ({ status: 'absent' });

export const totalBalance = (user: User): Money => sumMoney(Object.values(user.balances));

export const balanceOf = (user: User, account: string): Money =>
  Object.hasOwn(user.balances, account) ? (user.balances[account] ?? ZERO) : ZERO;

export const evolveUser = (state: UserState, event: UserEvent): UserState => {
  if (event.type === 'UserCreated') {
    const { userId, username, internal } = event.data;
    return {
      status: 'present',
      userId,
      username,
      internal,
      deleted: false,
      redacted: false,
      details: {},
      primaryCardNumber: '',
      secondaryCardNumber: '',
      hasPin: false,
      passwordHash: '',
      restricted: false,
      overdraft: { mode: 'default' },
      balances: { '': ZERO },
      printingDisabledUntil: '',
      switches: {},
      costAdjustmentPercent: '100',
      accountSelection: DEFAULT_ACCOUNT_SELECTION_SETTINGS,
      correctedTransfers: {},
    };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'UserDetailsChanged':
      return { ...state, details: { ...state.details, ...event.data.changes } };
    case 'UserCardNumberChanged':
      return event.data.slot === 'primary'
        ? { ...state, primaryCardNumber: event.data.cardNumber }
        : { ...state, secondaryCardNumber: event.data.cardNumber };
    case 'UserPinChanged':
      return { ...state, hasPin: event.data.pinHash !== '' };
    case 'UserPasswordChanged':
      return { ...state, passwordHash: event.data.passwordHash };
    case 'UserRestrictionChanged':
      return { ...state, restricted: event.data.restricted };
    case 'UserOverdraftChanged':
      return { ...state, overdraft: overdraftFromChange(event.data) };
    case 'UserPrintingDisabled':
      return { ...state, printingDisabledUntil: event.data.until === '' ? 'forever' : event.data.until };
    case 'UserPrintingEnabled':
      return { ...state, printingDisabledUntil: '' };
    case 'UserSwitchesChanged':
      return { ...state, switches: { ...state.switches, ...event.data.changes } };
    case 'UserCostAdjustmentChanged':
      return { ...state, costAdjustmentPercent: event.data.percent };
    case 'UserCountsReset':
    case 'PrintJobRefused':
      // Counts live in the print-stats read model; a refused job changes nothing here.
      return state;
    case 'UserRenamed':
      return { ...state, username: event.data.to };
    case 'UserDeleted':
      return event.data.redacted
        ? {
            ...state,
            deleted: true,
            redacted: true,
            details: {},
            primaryCardNumber: '',
            secondaryCardNumber: '',
            hasPin: false,
            passwordHash: '',
          }
        : { ...state, deleted: true };
    case 'UserBalanceAdjusted':
      return {
        ...state,
        balances: { ...state.balances, [event.data.account]: event.data.balanceAfter },
        correctedTransfers: recordCorrection(state.correctedTransfers, event.data),
      };
    case 'PrintJobCharged':
      return {
        ...state,
        balances: { ...state.balances, [event.data.account]: event.data.balanceAfter },
        correctedTransfers: recordCorrection(state.correctedTransfers, event.data),
      };
    case 'UserAccountSelectionChanged':
      return { ...state, accountSelection: event.data.selection };
    case 'UserImported':
      // A record of where the changes that follow came from; they change the state themselves.
      return state;
    case 'UserBalanceUnchanged':
      // A group operation's trace on a member it did not move.
      return state;
    default:
      return assertNever(event);
  }
};
