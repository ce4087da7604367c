import { defineMethod } from '../method';
import { str } from '../params';

const area = 'admin';

export const ADMIN_METHODS = [
  defineMethod({
    name: 'api.addAdminAccessUser',
    tier: 'seed',
    area,
    params: { user: str.required },
    returns: 'ok',
    handler: (folio, context, a) => folio.services.adminAccess.addAdminAccessUser(context, a.user),
  }),
  defineMethod({
    name: 'api.removeAdminAccessUser',
    tier: 'seed',
    area,
    params: { user: str.required },
    returns: 'ok',
    handler: (folio, context, a) => folio.services.adminAccess.removeAdminAccessUser(context, a.user),
  }),
  defineMethod({
    name: 'api.addAdminAccessGroup',
    tier: 'seed',
    area,
    params: { group: str.required },
    returns: 'ok',
    handler: (folio, context, a) => folio.services.adminAccess.addAdminAccessGroup(context, a.group),
  }),
  defineMethod({
    name: 'api.removeAdminAccessGroup',
    tier: 'seed',
    area,
    params: { group: str.required },
    returns: 'ok',
    handler: (folio, context, a) => folio.services.adminAccess.removeAdminAccessGroup(context, a.group),
  }),
];
