import { defineMethod } from '../method';
import { bool, str } from '../params';

const area = 'import';
const file = str.required;

/**
 * The batch imports. Each validates the whole file while the caller waits (a file that cannot be
 * used is a fault) and applies the valid lines in a background task that api.getTaskStatus
 * reports. batchImportSharedAccounts answers with the validation feedback (with `test`, that is all
 * it does); the others answer true once the task is queued.
 */
export const IMPORT_METHODS = [
  defineMethod({
    name: 'api.batchImportSharedAccounts',
    tier: 'seed',
    area,
    params: { file, test: bool.required, deleteNonExistent: bool.required },
    returns: 's',
    handler: (folio, context, a) =>
      folio.services.imports.batchImportSharedAccounts(context, a.file, a.test, a.deleteNonExistent),
  }),
  defineMethod({
    name: 'api.batchImportUsers',
    tier: 'seed',
    area,
    params: { file, createNewUsers: bool.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.imports.batchImportUsers(context, a.file, a.createNewUsers),
  }),
  defineMethod({
    name: 'api.batchImportInternalUsers',
    tier: 'seed',
    area,
    params: {
      file,
      overwritePasswords: bool.required,
      overwritePINs: bool.required,
      emailUserOnCreation: bool.optional,
    },
    returns: 'ok',
    // Folio sends no mail; emailUserOnCreation is accepted and recorded in the operation.
    handler: (folio, context, a) =>
      folio.services.imports.batchImportInternalUsers(
        context,
        a.file,
        a.overwritePasswords,
        a.overwritePINs,
        a.emailUserOnCreation ?? false,
      ),
  }),
  defineMethod({
    name: 'api.batchImportUserCardIdNumbers',
    tier: 'seed',
    area,
    params: { file, overwritePINs: bool.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.imports.batchImportUserCardIdNumbers(context, a.file, a.overwritePINs),
  }),
];
