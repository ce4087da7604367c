import { always, defineMethod } from '../method';
import { str } from '../params';

export const CONFIG_METHODS = [
  defineMethod({
    name: 'api.getConfigValue',
    tier: 'seed',
    area: 'config',
    params: { name: str.required },
    returns: 's',
    handler: (folio, _context, a) => always(folio.services.config.getConfigValue(a.name)),
  }),
  defineMethod({
    name: 'api.setConfigValue',
    tier: 'seed',
    area: 'config',
    params: { name: str.required, value: str.required },
    returns: 'ok',
    handler: (folio, context, a) => folio.services.config.setConfigValue(context, a.name, a.value),
  }),
  defineMethod({
    name: 'api.changeInternalAdminPassword',
    tier: 'extended',
    area: 'admin',
    params: { newPassword: str.required },
    returns: 'b',
    handler: (folio, context, a) => folio.services.config.changeInternalAdminPassword(context, a.newPassword),
  }),
];
