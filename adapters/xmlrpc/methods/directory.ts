import { defineMethod } from '../method';
import { bool, str } from '../params';

const area = 'directory';

export const DIRECTORY_METHODS = [
  defineMethod({
    name: 'api.addNewUser',
    tier: 'seed',
    area,
    params: { user: str.required },
    returns: 'ok',
    handler: (folio, context, a) => folio.services.directory.addNewUser(context, a.user),
  }),
  defineMethod({
    name: 'api.addNewUsers',
    tier: 'seed',
    area,
    params: {},
    returns: 'ok',
    handler: (folio, context) => folio.services.directory.addNewUsers(context),
  }),
  defineMethod({
    name: 'api.syncGroup',
    tier: 'extended',
    area,
    params: { group: str.required },
    returns: 'b',
    handler: (folio, context, a) => folio.services.directory.syncGroup(context, a.group),
  }),
  defineMethod({
    name: 'api.performGroupSync',
    tier: 'seed',
    area,
    params: {},
    returns: 'ok',
    handler: (folio, context) => folio.services.directory.performGroupSync(context),
  }),
  defineMethod({
    name: 'api.performUserAndGroupSync',
    tier: 'seed',
    area,
    params: {},
    returns: 'ok',
    handler: (folio, context) => folio.services.directory.performUserAndGroupSync(context),
  }),
  defineMethod({
    name: 'api.performUserAndGroupSyncAdvanced',
    tier: 'seed',
    area,
    params: { deleteNonExistentUsers: bool.required, updateUserDetails: bool.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.directory.performUserAndGroupSyncAdvanced(
        context,
        a.deleteNonExistentUsers,
        a.updateUserDetails,
      ),
  }),
];
