import { defineMethod } from '../method';
import { str } from '../params';

/** User methods about settings that come from groups or concern printing (area `users` in methods.tsv). */
export const USER_SETTINGS_METHODS = [
  defineMethod({
    name: 'api.reapplyInitialUserSettings',
    tier: 'seed',
    area: 'users',
    params: { user: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.initialSettings.reapplyInitialUserSettings(context, a.user),
  }),
  defineMethod({
    name: 'api.clearUserAdvancedPrinterSettings',
    tier: 'extended',
    area: 'users',
    params: { user: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.printerSettings.clearUserAdvancedPrinterSettings(context, a.user),
  }),
];
