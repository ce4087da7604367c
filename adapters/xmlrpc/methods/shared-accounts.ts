import { always, defineMethod } from '../method';
import { bool, int, money, pairs, str, strings } from '../params';

const account = str.required;
const area = 'shared-accounts';

export const SHARED_ACCOUNT_METHODS = [
  defineMethod({
    name: 'api.listSharedAccounts',
    tier: 'seed',
    area,
    params: { offset: int.required, limit: int.required },
    returns: 'a[s]',
    handler: (folio, _context, a) => folio.services.sharedAccounts.listSharedAccounts(a.offset, a.limit),
  }),
  defineMethod({
    name: 'api.listUserSharedAccounts',
    tier: 'seed',
    area,
    params: {
      user: str.required,
      offset: int.required,
      limit: int.required,
      ignoreAccountMode: bool.optional,
    },
    returns: 'a[s]',
    handler: (folio, _context, a) =>
      // Omitted, the older three-argument form: every accessible account, whatever the mode.
      folio.services.sharedAccounts.listUserSharedAccounts(
        a.user,
        a.offset,
        a.limit,
        a.ignoreAccountMode ?? true,
      ),
  }),
  defineMethod({
    name: 'api.isSharedAccountExists',
    tier: 'seed',
    area,
    params: { account },
    returns: 'b',
    handler: (folio, _context, a) => always(folio.services.sharedAccounts.isSharedAccountExists(a.account)),
  }),
  defineMethod({
    name: 'api.getSharedAccountAccountBalance',
    tier: 'seed',
    area,
    params: { account },
    returns: 'd',
    handler: (folio, _context, a) => folio.services.sharedAccounts.getSharedAccountAccountBalance(a.account),
  }),
  defineMethod({
    name: 'api.setSharedAccountAccountBalance',
    tier: 'seed',
    area,
    params: { account, balance: money.required, comment: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.sharedAccounts.setSharedAccountAccountBalance(context, a.account, a.balance, a.comment),
  }),
  defineMethod({
    name: 'api.adjustSharedAccountAccountBalance',
    tier: 'seed',
    area,
    params: { account, amount: money.required, comment: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.sharedAccounts.adjustSharedAccountAccountBalance(
        context,
        a.account,
        a.amount,
        a.comment,
      ),
  }),
  defineMethod({
    name: 'api.getSharedAccountProperty',
    tier: 'seed',
    area,
    params: { account, property: str.required },
    returns: 's',
    handler: (folio, _context, a) =>
      folio.services.sharedAccounts.getSharedAccountProperty(a.account, a.property),
  }),
  defineMethod({
    name: 'api.getSharedAccountProperties',
    tier: 'seed',
    area,
    params: { account, properties: strings.required },
    returns: 'a[s]',
    handler: (folio, _context, a) =>
      folio.services.sharedAccounts.getSharedAccountProperties(a.account, a.properties),
  }),
  defineMethod({
    name: 'api.setSharedAccountProperty',
    tier: 'seed',
    area,
    params: { account, property: str.required, value: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.sharedAccounts.setSharedAccountProperty(context, a.account, a.property, a.value),
  }),
  defineMethod({
    name: 'api.setSharedAccountProperties',
    tier: 'seed',
    area,
    params: { account, pairs: pairs.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.sharedAccounts.setSharedAccountProperties(context, a.account, a.pairs),
  }),
  defineMethod({
    name: 'api.addNewSharedAccount',
    tier: 'seed',
    area,
    params: { account },
    returns: 'ok',
    handler: (folio, context, a) => folio.services.sharedAccounts.addNewSharedAccount(context, a.account),
  }),
  defineMethod({
    name: 'api.renameSharedAccount',
    tier: 'seed',
    area,
    params: { oldName: str.required, newName: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.sharedAccounts.renameSharedAccount(context, a.oldName, a.newName),
  }),
  defineMethod({
    name: 'api.deleteExistingSharedAccount',
    tier: 'seed',
    area,
    params: { account },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.sharedAccounts.deleteExistingSharedAccount(context, a.account),
  }),
  defineMethod({
    name: 'api.addSharedAccountAccessUser',
    tier: 'seed',
    area,
    params: { account, user: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.sharedAccounts.addSharedAccountAccessUser(context, a.account, a.user),
  }),
  defineMethod({
    name: 'api.removeSharedAccountAccessUser',
    tier: 'seed',
    area,
    params: { account, user: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.sharedAccounts.removeSharedAccountAccessUser(context, a.account, a.user),
  }),
  defineMethod({
    name: 'api.addSharedAccountAccessGroup',
    tier: 'seed',
    area,
    params: { account, group: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.sharedAccounts.addSharedAccountAccessGroup(context, a.account, a.group),
  }),
  defineMethod({
    name: 'api.removeSharedAccountAccessGroup',
    tier: 'seed',
    area,
    params: { account, group: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.sharedAccounts.removeSharedAccountAccessGroup(context, a.account, a.group),
  }),
  defineMethod({
    name: 'api.getSharedAccountOverdraftMode',
    tier: 'extended',
    area,
    params: { account },
    returns: 's',
    handler: (folio, _context, a) => folio.services.sharedAccounts.getSharedAccountOverdraftMode(a.account),
  }),
  defineMethod({
    name: 'api.setSharedAccountOverdraftMode',
    tier: 'extended',
    area,
    params: { account, mode: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.sharedAccounts.setSharedAccountOverdraftMode(context, a.account, a.mode),
  }),
  defineMethod({
    name: 'api.disableSharedAccount',
    tier: 'extended',
    area,
    params: { account, minutes: int.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.sharedAccounts.disableSharedAccount(context, a.account, a.minutes),
  }),
];
