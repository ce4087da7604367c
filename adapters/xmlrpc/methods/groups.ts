import { right } from 'fp-ts/Either';
import { isLeft } from 'fp-ts/Either';
import { always, defineMethod } from '../method';
import { int, money, str } from '../params';
import { replyMoney, replyString } from '../replies';

const group = str.required;

export const GROUP_METHODS = [
  defineMethod({
    name: 'api.addNewGroup',
    tier: 'seed',
    area: 'groups',
    params: { group },
    returns: 'ok',
    // An application group at once without a user directory; with one, the group is imported as a task.
    handler: (folio, context, a) => folio.services.directory.addNewGroup(context, a.group),
  }),
  defineMethod({
    name: 'api.removeGroup',
    tier: 'seed',
    area: 'groups',
    params: { group },
    returns: 'ok',
    handler: (folio, context, a) => folio.services.groups.removeGroup(context, a.group),
  }),
  defineMethod({
    name: 'api.listUserGroups',
    tier: 'seed',
    area: 'groups',
    params: { offset: int.required, limit: int.required },
    returns: 'a[s]',
    handler: (folio, _context, a) => folio.services.groups.listUserGroups(a.offset, a.limit),
  }),
  defineMethod({
    name: 'api.isGroupExists',
    tier: 'seed',
    area: 'groups',
    params: { group },
    returns: 'b',
    handler: (folio, _context, a) => always(folio.services.groups.isGroupExists(a.group)),
  }),
  defineMethod({
    name: 'api.getUserGroups',
    tier: 'seed',
    area: 'groups',
    params: { user: str.required },
    returns: 'a[s]',
    handler: (folio, _context, a) => folio.services.groups.getUserGroups(a.user),
  }),
  defineMethod({
    name: 'api.getGroupMembers',
    tier: 'extended',
    area: 'groups',
    params: { group, offset: int.required, limit: int.required },
    returns: 'a[s]',
    handler: (folio, _context, a) => folio.services.groups.getGroupMembers(a.group, a.offset, a.limit),
  }),
  defineMethod({
    name: 'api.addUserToGroup',
    tier: 'seed',
    area: 'groups',
    params: { user: str.required, group },
    returns: 'ok',
    handler: (folio, context, a) => folio.services.groups.addUserToGroup(context, a.user, a.group),
  }),
  defineMethod({
    name: 'api.removeUserFromGroup',
    tier: 'seed',
    area: 'groups',
    params: { user: str.required, group },
    returns: 'ok',
    handler: (folio, context, a) => folio.services.groups.removeUserFromGroup(context, a.user, a.group),
  }),
  defineMethod({
    name: 'api.setGroupQuota',
    tier: 'seed',
    area: 'groups',
    params: { group, amount: money.required, period: str.required, maxAccumulation: money.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.groups.setGroupQuota(context, a.group, a.amount, a.period, a.maxAccumulation),
  }),
  defineMethod({
    name: 'api.getGroupQuota',
    tier: 'seed',
    area: 'groups',
    params: { group },
    returns: 'st',
    handler: (folio, _context, a) => {
      const quota = folio.services.groups.getGroupQuota(a.group);
      if (isLeft(quota)) return quota;
      return right({
        QuotaAmount: replyMoney(quota.right.amount),
        QuotaPeriod: replyString(quota.right.period),
        QuotaMaxAccumulation: replyMoney(quota.right.maxAccumulation),
      });
    },
  }),
];
