import { isLeft } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { GroupCommand } from '../../domain/groups/decide';
import { Group } from '../../domain/groups/state';
import { nameKey } from '../../domain/names';
import { UserCommand } from '../../domain/users/commands';
import { UserDetailField } from '../../domain/users/events';
import { User } from '../../domain/users/state';
import { directoryGroups, DirectoryListing, DirectoryUser } from '../../adapters/directory/port';
import { RequestContext } from '../envelope';

import { ReadModels } from '../../projections';
import { CommandHandlers } from '../command-handlers';

import { userPolicy } from '../policy';
import { TaskReporter } from '../tasks';
import { initialSettingsCommands, openingBalanceTransferId } from './initial-settings';
import { UserServices } from './users';
import { executeUserCommands } from './user-commands';
import { createUserAccount } from './user-creation';
import { UserCreationPorts } from './user-creation';

/** A sync creates and changes users (with their claims) and sets the directory groups' members. */
export interface DirectorySyncPorts extends UserCreationPorts {
  readonly handlers: Pick<CommandHandlers, 'users' | 'claims' | 'groups'>;
  readonly models: Pick<ReadModels, 'users' | 'groups' | 'config'>;
}

/** What one sync does; every background directory method is one combination of these. */
export interface SyncPlan {
  readonly createUsers: boolean;
  readonly updateDetails: boolean;
  readonly syncMembership: boolean;
  readonly deleteMissingUsers: boolean;
  /** Limit the sync to this group (name key): only its members are created, only its membership synced. */
  readonly onlyGroup: string | null;
  /** A test run: every change is reported as what would be done, and nothing is written. */
  readonly testRun?: boolean;
}

export interface SyncSummary {
  created: number;
  updated: number;
  deleted: number;
  groupsChanged: number;
  problems: number;
}

/** Users created or updated at once; each touches only its own streams, and the store batches commits. */
const USER_CONCURRENCY = 32;

const inChunks = async <T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<void>,
): Promise<void> => {
  for (let index = 0; index < items.length; index += size)
    await Promise.all(items.slice(index, index + size).map(work));
};

const DETAIL_FIELDS: readonly (readonly [UserDetailField, keyof DirectoryUser])[] = [
  ['fullName', 'fullName'],
  ['email', 'email'],
  ['department', 'department'],
  ['office', 'office'],
  ['home', 'home'],
];

/**
 * Detail changes the directory asks for. An empty directory column changes nothing: the directory may
 * simply not carry that attribute, and a value set in Folio (a card handed out at the desk) must not be
 * wiped by a sync.
 */
const detailCommands = (user: User, entry: DirectoryUser): readonly UserCommand[] => {
  const changes: Partial<Record<UserDetailField, string>> = {};
  for (const [field, column] of DETAIL_FIELDS) {
    const value = entry[column] as string;
    if (value !== '' && (user.details[field] ?? '') !== value) changes[field] = value;
  }
  return Object.keys(changes).length === 0 ? [] : [{ kind: 'ChangeUserDetails', changes }];
};

const cardCommands = (user: User, entry: DirectoryUser): readonly UserCommand[] => [
  ...(entry.primaryCard !== '' && entry.primaryCard !== user.primaryCardNumber
    ? [{ kind: 'SetCardNumber' as const, slot: 'primary' as const, cardNumber: entry.primaryCard }]
    : []),
  ...(entry.secondaryCard !== '' && entry.secondaryCard !== user.secondaryCardNumber
    ? [{ kind: 'SetCardNumber' as const, slot: 'secondary' as const, cardNumber: entry.secondaryCard }]
    : []),
];

const inGroups = (groups: readonly Group[]): string =>
  groups.length === 0 ? '' : ` in ${groups.map((group) => group.name).join(', ')}`;

/** What a test run says it would change of a user: the fields, not their values (cards are not for every reader). */
const describeChanges = (commands: readonly UserCommand[]): string =>
  commands
    .flatMap((command) =>
      command.kind === 'ChangeUserDetails'
        ? Object.keys(command.changes)
        : command.kind === 'SetCardNumber'
          ? [`${command.slot} card`]
          : [],
    )
    .join(', ');

const describeProblem = (error: DomainError): string => {
  switch (error.code) {
    case 'CardNumberInUse':
      return `card '${error.cardNumber}' belongs to ${error.holder}`;
    case 'UserAlreadyExists':
      return 'the username is taken';
    default:
      return error.code;
  }
};

/**
 * One directory sync, reported line by line. It never deletes history: a user missing from the
 * directory becomes a UserDeleted event (and only when the plan says so). Internal users belong to
 * Folio and are never touched; only groups that came from the directory have their membership synced.
 */
export const runDirectorySync = async (
  ports: DirectorySyncPorts,
  users: UserServices,
  context: RequestContext,
  listing: DirectoryListing,
  plan: SyncPlan,
  report: TaskReporter,
): Promise<SyncSummary> => {
  const { models } = ports;
  const testRun = plan.testRun === true;
  const summary: SyncSummary = { created: 0, updated: 0, deleted: 0, groupsChanged: 0, problems: 0 };
  const problem = (line: string): void => {
    summary.problems += 1;
    report(line);
  };
  const inDirectory = directoryGroups(listing);
  report(`read ${listing.source}: ${listing.users.length} users in ${inDirectory.size} groups`);
  const entries =
    plan.onlyGroup === null
      ? listing.users
      : listing.users.filter((entry) => entry.groups.some((group) => nameKey(group) === plan.onlyGroup));
  /** Folio's groups that the directory feeds, by name key: a new user joins all of these it is in. */
  const directoryFedGroups = (): ReadonlyMap<string, Group> =>
    new Map(
      models.groups
        .sorted()
        .filter((group) => group.source === 'directory')
        .map((group) => [nameKey(group.name), group]),
    );
  /** The groups whose membership this sync brings in line with the directory. */
  const syncedGroups = (): ReadonlyMap<string, Group> =>
    new Map([...directoryFedGroups()].filter(([key]) => plan.onlyGroup === null || key === plan.onlyGroup));

  const appendToGroup = async (group: Group, commands: readonly GroupCommand[]): Promise<boolean> => {
    if (commands.length === 0) return false;
    const done = await ports.readYourWrites(
      await ports.handlers.groups.handle(group.groupId, commands, context),
    );
    if (isLeft(done)) {
      problem(`group ${group.name}: not changed: ${done.left.code}`);
      return false;
    }
    return done.right.events.length > 0;
  };

  if (plan.createUsers) {
    const groups = directoryFedGroups();
    const joins = new Map<string, string[]>();
    const fresh = entries.filter((entry) => models.users.findByUsername(entry.username) === undefined);
    await inChunks(fresh, USER_CONCURRENCY, async (entry) => {
      const joining = entry.groups
        .map((name) => groups.get(nameKey(name)))
        .filter((group): group is Group => group !== undefined);
      if (testRun) {
        summary.created += 1;
        report(`would create user ${entry.username}${inGroups(joining)}`);
        return;
      }
      const userId = ports.ids();
      const settings = initialSettingsCommands(
        joining,
        'credit-opening-balance',
        openingBalanceTransferId(userId),
        userPolicy(models.config),
      );
      const account = {
        username: entry.username,
        internal: false,
        source: 'directory' as const,
        details: {
          fullName: entry.fullName,
          email: entry.email,
          department: entry.department,
          office: entry.office,
          // Only when the directory has one: a file source has no home column, and its users' events stay as before.
          ...(entry.home === '' ? {} : { home: entry.home }),
        },
        primaryCardNumber: entry.primaryCard,
        secondaryCardNumber: entry.secondaryCard,
        pinHash: '',
        passwordHash: '',
      };
      let created = await createUserAccount(ports, context, account, settings, userId);
      if (isLeft(created) && created.left.code === 'CardNumberInUse') {
        problem(`user ${entry.username}: created without its cards: ${describeProblem(created.left)}`);
        created = await createUserAccount(
          ports,
          context,
          { ...account, primaryCardNumber: '', secondaryCardNumber: '' },
          settings,
          userId,
        );
      }
      if (isLeft(created)) {
        problem(`user ${entry.username}: not created: ${describeProblem(created.left)}`);
        return;
      }
      summary.created += 1;
      const createdId = created.right.userId;
      for (const group of joining) joins.set(group.groupId, [...(joins.get(group.groupId) ?? []), createdId]);
      report(`created user ${entry.username}${inGroups(joining)}`);
    });
    for (const group of groups.values()) {
      const added = joins.get(group.groupId) ?? [];
      await appendToGroup(
        group,
        added.map((userId) => ({ kind: 'AddMember', userId })),
      );
    }
  }

  if (plan.updateDetails) {
    await inChunks(entries, USER_CONCURRENCY, async (entry) => {
      const user = models.users.findByUsername(entry.username);
      if (user === undefined) return;
      if (user.internal) {
        problem(`user ${entry.username}: not updated: an internal user of Folio has this name`);
        return;
      }
      const details = detailCommands(user, entry);
      const cards = cardCommands(user, entry);
      if (details.length + cards.length === 0) return;
      if (testRun) {
        summary.updated += 1;
        report(`would update user ${entry.username}: ${describeChanges([...details, ...cards])}`);
        return;
      }
      let done = await executeUserCommands(ports, user, [...details, ...cards], context);
      if (isLeft(done) && done.left.code === 'CardNumberInUse') {
        problem(`user ${entry.username}: card not updated: ${describeProblem(done.left)}`);
        done = details.length === 0 ? done : await executeUserCommands(ports, user, details, context);
      }
      if (isLeft(done)) {
        if (done.left.code !== 'CardNumberInUse')
          problem(`user ${entry.username}: not updated: ${describeProblem(done.left)}`);
        return;
      }
      summary.updated += 1;
      report(`updated user ${entry.username}`);
    });
  }

  if (plan.syncMembership) {
    for (const [key, group] of syncedGroups()) {
      const source = inDirectory.get(key);
      if (source === undefined) {
        report(`group ${group.name}: no longer in the directory; membership left unchanged`);
        continue;
      }
      const wanted = new Set(
        source.members
          .map((username) => models.users.findByUsername(username))
          .filter((user): user is User => user !== undefined && !user.internal)
          .map((user) => user.userId),
      );
      const current = group.members.filter((userId) => {
        const user = models.users.activeById(userId);
        return user !== undefined && !user.internal;
      });
      const commands: GroupCommand[] = [
        ...[...wanted]
          .filter((userId) => !group.members.includes(userId))
          .map((userId) => ({ kind: 'AddMember' as const, userId })),
        ...current
          .filter((userId) => !wanted.has(userId))
          .map((userId) => ({ kind: 'RemoveMember' as const, userId })),
      ];
      const added = commands.filter((command) => command.kind === 'AddMember').length;
      if (testRun) {
        if (commands.length === 0) continue;
        summary.groupsChanged += 1;
        report(`group ${group.name}: would add ${added}, remove ${commands.length - added}`);
      } else if (await appendToGroup(group, commands)) {
        summary.groupsChanged += 1;
        report(`group ${group.name}: ${added} added, ${commands.length - added} removed`);
      }
    }
  }

  if (plan.deleteMissingUsers) {
    const listed = new Set(listing.users.map((entry) => entry.username));
    if (listed.size === 0) {
      problem('the directory lists no users: no user deleted (an empty listing is taken as a mistake)');
    } else {
      const missing = models.users.sorted().filter((user) => !user.internal && !listed.has(user.username));
      for (const user of missing) {
        if (testRun) {
          summary.deleted += 1;
          report(`would delete user ${user.username} (not in the directory; its history would stay)`);
          continue;
        }
        const done = await users.deleteExistingUser(context, user.username, false);
        if (isLeft(done)) problem(`user ${user.username}: not deleted: ${done.left.code}`);
        else {
          summary.deleted += 1;
          report(`deleted user ${user.username} (not in the directory; its history stays)`);
        }
      }
    }
  }

  report(
    `${testRun ? 'test run, nothing changed; it would make: ' : 'summary: '}${summary.created} created, ${summary.updated} updated, ${summary.deleted} deleted, ${summary.groupsChanged} groups changed, ${summary.problems} problems`,
  );
  return summary;
};
