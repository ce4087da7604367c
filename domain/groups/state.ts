import { assertNever } from '../decider';
import { Money, ZERO } from '../money';
import { GroupEvent, QuotaPeriod } from './events';
import { InitialUserSettings, NO_INITIAL_SETTINGS } from './initial-settings';

export interface Quota {
  readonly amount: Money;
  readonly period: QuotaPeriod;
  readonly maxAccumulation: Money;
}

export interface Group {
  readonly groupId: string;
  readonly name: string;
  readonly source: 'application' | 'directory';
  readonly removed: boolean;
  /** Member user ids, in the order they joined. */
  readonly members: readonly string[];
  readonly quota: Quota;
  readonly initialSettings: InitialUserSettings;
}

export type GroupState = { readonly status: 'absent' } | ({ readonly status: 'present' } & Group);

export const NO_QUOTA: Quota = { amount: ZERO, period: 'NONE', maxAccumulation: ZERO };

export const initialGroupState = (): GroupState => ({ status: 'absent' });

export const evolveGroup = (state: GroupState, event: GroupEvent): GroupState => {
  if (event.type === 'GroupCreated') {
    const { groupId, name, source } = event.data;
    return {
      status: 'present',
      groupId,
      name,
      source,
      removed: false,
      members: [],
      quota: NO_QUOTA,
      initialSettings: NO_INITIAL_SETTINGS,
    };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'GroupMemberAdded':
      return state.members.includes(event.data.userId)
        ? state
        : { ...state, members: [...state.members, event.data.userId] };
    case 'GroupMemberRemoved':
      return { ...state, members: state.members.filter((id) => id !== event.data.userId) };
    case 'GroupQuotaSet':
      return {
        ...state,
        quota: {
          amount: event.data.amount,
          period: event.data.period,
          maxAccumulation: event.data.maxAccumulation,
        },
      };
    case 'GroupRemoved':
      return { ...state, removed: true };
    case 'GroupInitialSettingsSet':
      return { ...state, initialSettings: event.data.settings };
    default:
      return assertNever(event);
  }
};
