import { Command } from 'commander';
import { LocalFlags, withLocalFolio } from './local-folio';

/** `folio admins`: the users and groups holding administrator rights. */
export const registerAdminCommands = (program: Command): void => {
  program
    .command('admins')
    .description('list the users and groups that hold administrator rights (api.addAdminAccessUser/Group)')
    .option('--data <dir>', 'the data folder (env FOLIO_DATA; default ./data)')
    .action((flags: LocalFlags) =>
      withLocalFolio(flags, 'admins', async (folio) => {
        const { users, groups } = folio.services.adminAccess.listAdmins();
        process.stdout.write(
          [
            `users: ${users.length === 0 ? '(none)' : users.join(', ')}`,
            `groups: ${groups.length === 0 ? '(none)' : groups.join(', ')}`,
            '',
          ].join('\n'),
        );
      }),
    );
};
