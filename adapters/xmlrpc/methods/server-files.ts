import { defineMethod } from '../method';
import { str, strings } from '../params';

/**
 * Methods that work with the server's data folder or run server-side commands. performOnlineBackup
 * returns at once and writes the backup as a background task (api.getTaskStatus);
 * createUserClientAccountsFile writes its file before it answers.
 */
export const SERVER_FILE_METHODS = [
  defineMethod({
    name: 'api.performOnlineBackup',
    tier: 'seed',
    area: 'system',
    params: {},
    returns: 'ok',
    handler: (folio, context) => folio.services.backups.performOnlineBackup(context),
  }),
  defineMethod({
    name: 'api.createUserClientAccountsFile',
    tier: 'seed',
    area: 'system',
    params: {},
    returns: 'b',
    handler: (folio) => folio.services.clientFiles.createUserClientAccountsFile(),
  }),
  defineMethod({
    name: 'api.runCommand',
    tier: 'extended',
    area: 'system',
    params: { commandName: str.required, args: strings.required },
    returns: 's',
    handler: (folio, _context, a) => folio.services.serverCommands.runCommand(a.commandName, a.args),
  }),
  defineMethod({
    name: 'api.generateScheduledReport',
    tier: 'extended',
    area: 'reports',
    params: { reportTitle: str.required, saveLocation: str.required },
    returns: 'b',
    handler: (folio, _context, a) => folio.services.serverCommands.generateScheduledReport(a.reportTitle),
  }),
];
