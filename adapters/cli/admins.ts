import { Command } from 'commander';
import { withDataOptions } from './data-store';
import { LocalFlags, withLocalFolio } from './local-folio';

/** `folio admins`: the users and groups holding administrator rights. */
export const registerAdminCommands = (program: Command): void => {
  withDataOptions(
    program
      .command('admins')
      .description('list the users and groups that hold administrator rights (api.addAdminAccessUser/Group)'),
  ).action((flags: LocalFlags) =>
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
