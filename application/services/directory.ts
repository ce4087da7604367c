import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { validateGroupName } from '../../domain/groups/decide';
import { nameKey, validateUsername } from '../../domain/names';
import { DirectoryChooser } from '../../adapters/directory/configured';
import { directoryGroups, DirectoryListing, DirectoryProgress } from '../../adapters/directory/port';
import { DIRECTORY_FILE_CONFIG_KEY } from '../../adapters/directory/configured';
import { RequestContext } from '../envelope';
import { ok, Result } from '../kernel';
import { CommandHandlers } from '../command-handlers';
import { ProjectionRunner } from '../projection-runner';

import { TaskFailure } from '../tasks';
import { DurableTasks } from '../durable-tasks';
import { findGroup } from '../resolve';
import { DirectorySyncPorts, runDirectorySync, SyncPlan, SyncSummary } from './directory-sync';
import { createGroupServices, GroupPorts } from './groups';
import { createUserServices, UserPorts } from './users';

/**
 * What the directory methods use: the user and group services' ports (they run those services), the
 * background tasks a sync runs in, and a catch-up of the read models before a sync is planned.
 */
export interface DirectoryPorts extends UserPorts, GroupPorts, DirectorySyncPorts {
  readonly handlers: Pick<CommandHandlers, 'users' | 'claims' | 'groups'>;
  readonly models: UserPorts['models'] & GroupPorts['models'] & DirectorySyncPorts['models'];
  readonly durable: Pick<DurableTasks, 'request' | 'register'>;
  readonly runner: Pick<ProjectionRunner, 'catchUp'>;
}

const NOT_CONFIGURED = `no user directory is configured (give the server's settings file an ldap object, or set the config value ${DIRECTORY_FILE_CONFIG_KEY} to the path of a tab-separated user file)`;

const FULL_SYNC: SyncPlan = {
  createUsers: true,
  updateDetails: true,
  syncMembership: true,
  deleteMissingUsers: false,
  onlyGroup: null,
};

/**
 * The user directory's methods. The background ones queue a task (reported by api.getTaskStatus) and
 * answer true at once; a directory that cannot be read fails the task with the reason as its last line.
 */
export const createDirectoryServices = (ports: DirectoryPorts, chooseDirectory: DirectoryChooser) => {
  const { models } = ports;
  // Services are closures over the ports: these share every state with the application's own.
  const dependencies = { users: createUserServices(ports), groups: createGroupServices(ports) };

  const directory = () => chooseDirectory((name) => models.config.get(name));

  /**
   * Reads the directory after folding every event in the store, including those another process (the
   * CLI setting a group's initial settings) wrote: a sync decides on the newest groups and users.
   */
  const read = async (progress?: DirectoryProgress): Promise<Either<DomainError, DirectoryListing>> => {
    await ports.runner.catchUp();
    const source = directory();
    if (source === null) return left({ code: 'DirectoryUnavailable', reason: NOT_CONFIGURED });
    const listing = await source.read(progress);
    return isLeft(listing) ? left({ code: 'DirectoryUnavailable', reason: listing.left.reason }) : listing;
  };

  /** Reads the directory inside the task, so the call answers at once; an unreadable directory fails the task. */
  // A sync resumed after a crash reads the directory again: a sync converges, so finishing one
  // that stopped half-way creates only the users it had not yet created.
  ports.durable.register('directory-sync', async ({ plan }, _taskId, context, report) => {
    const listing = await read(report);
    if (isLeft(listing)) throw new TaskFailure(describe(listing.left));
    await runDirectorySync(ports, dependencies.users, context, listing.right, plan, report);
  });
  ports.durable.register('directory-group', async ({ group }, _taskId, context, report) => {
    const listing = await read(report);
    if (isLeft(listing)) throw new TaskFailure(describe(listing.left));
    const source = directoryGroups(listing.right).get(nameKey(group));
    if (source === undefined) throw new TaskFailure(describe({ code: 'DirectoryGroupNotFound', group }));
    // Created before a crash: the resumed task goes on with its members.
    if (isLeft(findGroup(models, source.name))) {
      const created = await dependencies.groups.addNewGroup(context, source.name, 'directory');
      if (isLeft(created))
        throw new TaskFailure(`the group ${source.name} was not created: ${created.left.code}`);
      report(`created group ${source.name} (${source.members.length} members in the directory)`);
    }
    await runDirectorySync(
      ports,
      dependencies.users,
      context,
      listing.right,
      {
        createUsers: true,
        updateDetails: false,
        syncMembership: true,
        deleteMissingUsers: false,
        onlyGroup: nameKey(source.name),
      },
      report,
    );
  });

  /** Records the task before answering; the directory is read inside the task, so the call answers at once. */
  const task = async (context: RequestContext, name: string, plan: SyncPlan): Result<true> => {
    const requested = await ports.durable.request(context, name, {
      kind: 'directory-sync',
      plan: { ...plan },
    });
    return isLeft(requested) ? requested : ok;
  };

  const describe = (error: DomainError): string =>
    error.code === 'DirectoryUnavailable'
      ? error.reason
      : error.code === 'DirectoryGroupNotFound'
        ? `the group '${error.group}' is not in the user directory`
        : error.code;

  return {
    /** Creates one user from the directory, at once (not a task): in its directory groups, with their initial settings. */
    addNewUser: async (context: RequestContext, requested: string): Result<true> => {
      const username = validateUsername(requested.trim());
      if (isLeft(username)) return username;
      if (models.users.findByUsername(username.right) !== undefined)
        return left({ code: 'UserAlreadyExists', username: username.right });
      const listing = await read();
      if (isLeft(listing)) return listing;
      const entry = listing.right.users.find((user) => user.username === username.right);
      if (entry === undefined) return left({ code: 'DirectoryUserNotFound', username: username.right });
      const summary = await runDirectorySync(
        ports,
        dependencies.users,
        context,
        { source: listing.right.source, users: [entry] },
        {
          createUsers: true,
          updateDetails: false,
          syncMembership: false,
          deleteMissingUsers: false,
          onlyGroup: null,
        },
        () => undefined,
      );
      if (summary.created === 1) return ok;
      // Not created: the only reasons left are a race with another creator or a claim conflict.
      return models.users.findByUsername(username.right) === undefined
        ? left({ code: 'Conflict', what: `the user ${username.right} could not be created` })
        : ok;
    },
    addNewUsers: (context: RequestContext) =>
      task(context, 'addNewUsers', { ...FULL_SYNC, updateDetails: false, syncMembership: false }),
    performGroupSync: (context: RequestContext) =>
      task(context, 'performGroupSync', { ...FULL_SYNC, createUsers: false, updateDetails: false }),
    /** The standard sync: new users are added, details and membership updated, no user is removed. */
    performUserAndGroupSync: (context: RequestContext) => task(context, 'performUserAndGroupSync', FULL_SYNC),
    /**
     * The test run of performUserAndGroupSyncAdvanced with the same flags: reads the directory and
     * answers, at once, the lines a sync would report — what it would create, update, move and
     * delete — without writing anything. PaperCut's API has no such method; `folio directory test
     * --data` is its caller.
     */
    testUserAndGroupSync: async (
      context: RequestContext,
      deleteNonExistentUsers: boolean,
      updateUserDetails: boolean,
    ): Result<{ readonly lines: readonly string[]; readonly summary: SyncSummary }> => {
      const lines: string[] = [];
      const listing = await read((line) => lines.push(line));
      if (isLeft(listing)) return listing;
      const summary = await runDirectorySync(
        ports,
        dependencies.users,
        context,
        listing.right,
        {
          ...FULL_SYNC,
          updateDetails: updateUserDetails,
          deleteMissingUsers: deleteNonExistentUsers,
          testRun: true,
        },
        (line) => lines.push(line),
      );
      return right({ lines, summary });
    },
    performUserAndGroupSyncAdvanced: (
      context: RequestContext,
      deleteNonExistentUsers: boolean,
      updateUserDetails: boolean,
    ) =>
      task(context, 'performUserAndGroupSyncAdvanced', {
        ...FULL_SYNC,
        updateDetails: updateUserDetails,
        deleteMissingUsers: deleteNonExistentUsers,
      }),
    /**
     * Syncs one group's membership with the directory, as a task. False (nothing queued) when no
     * directory is configured or the group is Folio's own (created while no directory was configured).
     */
    syncGroup: async (context: RequestContext, name: string): Result<boolean> => {
      const ref = findGroup(models, name);
      if (isLeft(ref)) return ref;
      if (ref.right.kind === 'reserved') return left({ code: 'ReservedGroup', group: ref.right.name });
      if (directory() === null || ref.right.group.source !== 'directory') return right(false);
      const group = ref.right.group;
      await task(context, `syncGroup ${group.name}`, {
        createUsers: false,
        updateDetails: false,
        syncMembership: true,
        deleteMissingUsers: false,
        onlyGroup: nameKey(group.name),
      });
      return right(true);
    },
    /**
     * Without a directory, creates an application group at once (as before). With one, imports the
     * group as a task: the group is created as a directory group and its members are brought in,
     * users not yet in Folio created with the group's (still empty) initial settings.
     */
    addNewGroup: async (context: RequestContext, name: string): Result<true> => {
      if (directory() === null) return dependencies.groups.addNewGroup(context, name);
      const valid = validateGroupName(name.trim());
      if (isLeft(valid)) return valid;
      if (!isLeft(findGroup(models, valid.right)))
        return left({ code: 'GroupAlreadyExists', group: valid.right });
      const requested = await ports.durable.request(context, `addNewGroup ${valid.right}`, {
        kind: 'directory-group',
        group: valid.right,
      });
      if (isLeft(requested)) return requested;
      return ok;
    },
  };
};

export type DirectoryServices = ReturnType<typeof createDirectoryServices>;
