import * as t from 'io-ts';
import { defineEvent, EventOf } from '../event-definition';

export const AdminPrincipal = t.keyof({ user: null, group: null });
export type AdminPrincipal = t.TypeOf<typeof AdminPrincipal>;

export const AdminAccessGranted = defineEvent(
  'AdminAccessGranted',
  1,
  'A user or a group was given administrator rights; `name` is its name at the time.',
  t.type({ principal: AdminPrincipal, principalId: t.string, name: t.string }),
);

export const AdminAccessRevoked = defineEvent(
  'AdminAccessRevoked',
  1,
  'A user or a group lost administrator rights; `name` is its name at the time.',
  t.type({ principal: AdminPrincipal, principalId: t.string, name: t.string }),
);

export const ADMIN_EVENTS = [AdminAccessGranted, AdminAccessRevoked] as const;
export type AdminEvent = EventOf<(typeof ADMIN_EVENTS)[number]>;
