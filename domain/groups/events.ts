import * as t from 'io-ts';
import { defineEvent, EventOf } from '../event-definition';
import { MoneyCodec } from '../money';
import { InitialUserSettingsCodec } from './initial-settings';

export const QuotaPeriod = t.keyof({ NONE: null, DAILY: null, WEEKLY: null, MONTHLY: null });
export type QuotaPeriod = t.TypeOf<typeof QuotaPeriod>;

export const GroupCreated = defineEvent(
  'GroupCreated',
  1,
  'A user group was created: an application group, or one brought in from the user directory.',
  t.type({ groupId: t.string, name: t.string, source: t.keyof({ application: null, directory: null }) }),
);

export const GroupMemberAdded = defineEvent(
  'GroupMemberAdded',
  1,
  'A user joined a group.',
  t.type({ groupId: t.string, userId: t.string }),
);

export const GroupMemberRemoved = defineEvent(
  'GroupMemberRemoved',
  1,
  'A user left a group.',
  t.type({ groupId: t.string, userId: t.string }),
);

export const GroupQuotaSet = defineEvent(
  'GroupQuotaSet',
  1,
  "A group's quota allocation changed: amount per period, and the most a balance may accumulate (0 = no limit).",
  t.type({ groupId: t.string, amount: MoneyCodec, period: QuotaPeriod, maxAccumulation: MoneyCodec }),
);

export const GroupRemoved = defineEvent(
  'GroupRemoved',
  1,
  'A group was removed. Its members keep their accounts.',
  t.type({ groupId: t.string, name: t.string }),
);

export const GroupInitialSettingsSet = defineEvent(
  'GroupInitialSettingsSet',
  1,
  "A group's initial user settings changed: what users created in it receive (opening balance, restriction, overdraft). The event holds the complete new settings.",
  t.type({ groupId: t.string, settings: InitialUserSettingsCodec }),
);

export const GROUP_EVENTS = [
  GroupCreated,
  GroupMemberAdded,
  GroupMemberRemoved,
  GroupQuotaSet,
  GroupRemoved,
  GroupInitialSettingsSet,
] as const;
export type GroupEvent = EventOf<(typeof GROUP_EVENTS)[number]>;
