import { Command } from 'commander';
import { withDataOptions } from './data-store';
import { LocalFlags, withLocalFolio } from './local-folio';
import { formatTable, jsonDocument } from './output';

/** `folio admins [--json]`: the users and groups holding administrator rights. */
export const registerAdminCommands = (program: Command): void => {
  withDataOptions(
    program
      .command('admins')
      .description('list the users and groups that hold administrator rights (api.addAdminAccessUser/Group)')
      .option('--json', 'print them as one JSON document: {"users": [...], "groups": [...]}'),
  ).action((flags: LocalFlags & { readonly json?: boolean }) =>
    withLocalFolio(flags, 'admins', async (folio) => {
      const { users, groups } = folio.services.adminAccess.listAdmins();
      process.stdout.write(
        flags.json === true
          ? jsonDocument({ users, groups })
          : formatTable(
              ['kind', 'name'],
              [...users.map((name) => ['user', name]), ...groups.map((name) => ['group', name])],
            ),
      );
    }),
  );
};
