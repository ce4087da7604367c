import { isLeft } from 'fp-ts/Either';
import { AdminPrincipal } from '../../domain/admin/events';
import { nameKey } from '../../domain/names';
import { ADMIN_ACCESS_STREAM } from '../../domain/streams';
import { RequestContext } from '../envelope';
import { ReadModels } from '../../projections';
import { CommandHandlers } from '../command-handlers';
import { ok, ReadYourWrites, Result } from '../kernel';
import { findGroup, findUser, groupDisplayName, groupIdOf } from '../resolve';
import { ALL_USERS_GROUP, INTERNAL_USERS_GROUP } from '../../domain/groups/decide';
import { ALL_USERS_GROUP_ID, INTERNAL_USERS_GROUP_ID } from '../../projections/groups';

export interface AdminListing {
  readonly users: readonly string[];
  readonly groups: readonly string[];
}

/** What the admin-access methods use, and nothing else. */
export interface AdminAccessPorts {
  readonly adminAccess: CommandHandlers['adminAccess'];
  /** Holders are found by name and listed by their current names. */
  readonly models: Pick<ReadModels, 'users' | 'groups' | 'adminAccess'>;
  readonly readYourWrites: ReadYourWrites;
}

/**
 * Administrator rights for users and groups. Folio has no administration web interface, so the rights
 * are recorded (for audit, and for the tools that read them) rather than enforced by Folio itself.
 */
export const createAdminAccessServices = ({ adminAccess, models, readYourWrites }: AdminAccessPorts) => {
  const change = async (
    context: RequestContext,
    kind: 'GrantAdminAccess' | 'RevokeAdminAccess',
    principal: AdminPrincipal,
    principalId: string,
    name: string,
  ): Result<true> => {
    const done = await readYourWrites(
      await adminAccess.handle(ADMIN_ACCESS_STREAM, { kind, principal, principalId, name }, context),
    );
    return isLeft(done) ? done : ok;
  };

  const onUser = async (context: RequestContext, username: string, grant: boolean): Result<true> => {
    const user = findUser(models, username);
    if (isLeft(user)) return user;
    return change(
      context,
      grant ? 'GrantAdminAccess' : 'RevokeAdminAccess',
      'user',
      user.right.userId,
      user.right.username,
    );
  };

  const onGroup = async (context: RequestContext, group: string, grant: boolean): Result<true> => {
    const ref = findGroup(models, group);
    if (isLeft(ref)) return ref;
    return change(
      context,
      grant ? 'GrantAdminAccess' : 'RevokeAdminAccess',
      'group',
      groupIdOf(ref.right),
      groupDisplayName(ref.right),
    );
  };

  const reservedName = (groupId: string): string | undefined =>
    groupId === ALL_USERS_GROUP_ID
      ? ALL_USERS_GROUP
      : groupId === INTERNAL_USERS_GROUP_ID
        ? INTERNAL_USERS_GROUP
        : undefined;

  return {
    addAdminAccessUser: (context: RequestContext, username: string) => onUser(context, username, true),
    removeAdminAccessUser: (context: RequestContext, username: string) => onUser(context, username, false),
    addAdminAccessGroup: (context: RequestContext, group: string) => onGroup(context, group, true),
    removeAdminAccessGroup: (context: RequestContext, group: string) => onGroup(context, group, false),
    /** Current holders by their current names; deleted users and removed groups are left out. */
    listAdmins: (): AdminListing => ({
      users: models.adminAccess
        .userIds()
        .map((id) => models.users.activeById(id)?.username)
        .filter((name): name is string => name !== undefined)
        .sort(),
      groups: models.adminAccess
        .groupIds()
        .map((id) => {
          const group = models.groups.byId(id);
          return group === undefined ? reservedName(id) : group.removed ? undefined : group.name;
        })
        .filter((name): name is string => name !== undefined)
        .sort((a, b) => (nameKey(a) < nameKey(b) ? -1 : 1)),
    }),
  };
};

export type AdminAccessServices = ReturnType<typeof createAdminAccessServices>;
