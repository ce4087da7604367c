import * as t from 'io-ts';
import { assertNever } from '../decider';
import { Corrections, recordCorrection } from '../ledger/corrections';
import { overdraftFromChange } from '../ledger/overdraft';
import { Money, ZERO } from '../money';
import { OverdraftSetting } from '../users/state';
import { CommentOption, InvoiceOption, SharedAccountEvent } from './events';

export interface SharedAccount {
  readonly accountId: string;
  /** Own name; a sub-account's full name is its parent's name, '\', and this. */
  readonly name: string;
  /** '' for a top-level account. */
  readonly parentId: string;
  readonly deleted: boolean;
  readonly balance: Money;
  readonly restricted: boolean;
  readonly overdraft: OverdraftSetting;
  /** '' = enabled; 'forever' = until re-enabled; otherwise an ISO time. */
  readonly disabledUntil: string;
  readonly notes: string;
  readonly pin: string;
  readonly commentOption: t.TypeOf<typeof CommentOption>;
  readonly invoiceOption: t.TypeOf<typeof InvoiceOption>;
  readonly accessUserIds: readonly string[];
  readonly accessGroupIds: readonly string[];
  /** Transfers of this account that were corrected, each with its correction's transfer id. */
  readonly correctedTransfers: Corrections;
}

/** Sub-accounts are addressed as `parent\sub`; the separator cannot appear in an account's own name. */
export const SUB_ACCOUNT_SEPARATOR = '\\';

/** The own name at the end of a full name: a rename records full names, the state keeps the own name. */
const ownName = (fullName: string): string => fullName.slice(fullName.lastIndexOf(SUB_ACCOUNT_SEPARATOR) + 1);

export type SharedAccountState =
  { readonly status: 'absent' } | ({ readonly status: 'present' } & SharedAccount);

export const initialSharedAccountState = (): SharedAccountState => ({ status: 'absent' });

const toggle = (ids: readonly string[], id: string, granted: boolean): readonly string[] =>
  granted ? (ids.includes(id) ? ids : [...ids, id]) : ids.filter((existing) => existing !== id);

export const evolveSharedAccount = (
  state: SharedAccountState,
  event: SharedAccountEvent,
): SharedAccountState => {
  if (event.type === 'SharedAccountCreated') {
    const { accountId, name, parentId } = event.data;
    return {
      status: 'present',
      accountId,
      name,
      parentId,
      deleted: false,
      balance: ZERO,
      restricted: false,
      overdraft: { mode: 'default' },
      disabledUntil: '',
      notes: '',
      pin: '',
      commentOption: 'COMMENT_OPTIONAL',
      invoiceOption: 'USER_CHOICE_OFF',
      accessUserIds: [],
      accessGroupIds: [],
      correctedTransfers: {},
    };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'SharedAccountRenamed':
      return { ...state, name: ownName(event.data.to), parentId: event.data.parentId };
    case 'SharedAccountDeleted':
      return { ...state, deleted: true };
    case 'SharedAccountDetailsChanged':
      return { ...state, ...event.data.changes };
    case 'SharedAccountRestrictionChanged':
      return { ...state, restricted: event.data.restricted };
    case 'SharedAccountOverdraftChanged':
      return { ...state, overdraft: overdraftFromChange(event.data) };
    case 'SharedAccountDisabled':
      return { ...state, disabledUntil: event.data.until === '' ? 'forever' : event.data.until };
    case 'SharedAccountEnabled':
      return { ...state, disabledUntil: '' };
    case 'SharedAccountAccessChanged':
      return event.data.principal === 'user'
        ? { ...state, accessUserIds: toggle(state.accessUserIds, event.data.principalId, event.data.granted) }
        : {
            ...state,
            accessGroupIds: toggle(state.accessGroupIds, event.data.principalId, event.data.granted),
          };
    case 'SharedAccountBalanceAdjusted':
      return {
        ...state,
        balance: event.data.balanceAfter,
        correctedTransfers: recordCorrection(state.correctedTransfers, event.data),
      };
    case 'SharedAccountPrintJobCharged':
      return {
        ...state,
        balance: event.data.balanceAfter,
        correctedTransfers: recordCorrection(state.correctedTransfers, event.data),
      };
    case 'SharedAccountImported':
      // A record of where the changes that follow came from; they change the state themselves.
      return state;
    default:
      return assertNever(event);
  }
};
