import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { combineInitialSettings, InitialUserSettings } from '../../domain/groups/initial-settings';
import { Group } from '../../domain/groups/state';
import { counterAccountFor } from '../../domain/ledger/accounts';
import { nameKey } from '../../domain/names';
import { UserCommand, UserPolicy } from '../../domain/users/commands';
import { User } from '../../domain/users/state';
import { RequestContext } from '../envelope';
import { derivedId, IdGenerator } from '../ids';
import { ok, Result } from '../kernel';
import { ReadModels } from '../../projections';
import { CommandHandlers } from '../command-handlers';

import { userPolicy } from '../policy';
import { findGroup, findUser } from '../resolve';
import { executeUserCommands, UserCommandPorts } from './user-commands';

/**
 * What the initial-settings methods use: the group handler, running user commands, ids for opening
 * transfers, and a catch-up of the read models (group settings may come from another process).
 */
export interface InitialSettingsPorts extends UserCommandPorts {
  readonly handlers: Pick<CommandHandlers, 'users' | 'claims' | 'groups'>;
  readonly models: Pick<ReadModels, 'users' | 'groups' | 'config'>;
  readonly ids: IdGenerator;
  readonly catchUp: () => Promise<void>;
}

/** How the opening balance is booked: added when a user is created, set when settings are re-applied. */
export type BalanceRule = 'credit-opening-balance' | 'set-to-initial-balance';

const describeGroups = (groups: readonly Group[]): string => groups.map((group) => group.name).join(', ');

/**
 * The commands that give a user the combined initial settings of `groups`. The balance moves against
 * system:opening-balances with cause 'opening-balance', so finance sees it apart from top-ups.
 */
export const initialSettingsCommands = (
  groups: readonly Group[],
  rule: BalanceRule,
  transferId: string,
  policy: UserPolicy,
  current?: User,
): readonly UserCommand[] => {
  const withSettings = groups.filter((group) => Object.keys(group.initialSettings).length > 0);
  const settings = combineInitialSettings(withSettings.map((group) => group.initialSettings));
  const commands: UserCommand[] = [];
  if (settings.restricted !== undefined)
    commands.push({ kind: 'SetRestricted', restricted: settings.restricted });
  // Setting an overdraft always records an event; skip it when the user already has exactly this one.
  const overdraftHeld =
    current !== undefined &&
    current.overdraft.mode === 'individual' &&
    current.overdraft.amount === settings.overdraft;
  if (settings.overdraft !== undefined && !overdraftHeld)
    commands.push({ kind: 'SetOverdraft', setting: { mode: 'individual', amount: settings.overdraft } });
  if (settings.balance !== undefined) {
    const transfer = {
      transferId,
      cause: 'opening-balance' as const,
      counterAccount: counterAccountFor('opening-balance'),
      comment: `initial settings of ${describeGroups(withSettings)}`,
    };
    commands.push(
      rule === 'credit-opening-balance'
        ? {
            kind: 'AdjustBalance',
            account: '',
            amount: settings.balance,
            condition: { kind: 'unconditional' },
            policy,
            transfer,
          }
        : { kind: 'SetBalance', account: '', balance: settings.balance, policy, transfer },
    );
  }
  return commands;
};

/** The opening-balance transfer of a new user: derived from the user, so it is recognisable and booked once. */
export const openingBalanceTransferId = (userId: string): string => derivedId(userId, 'opening-balance');

export const createInitialSettingsServices = (ports: InitialSettingsPorts) => {
  const { models } = ports;

  const storedGroup = (name: string): Either<DomainError, Group> => {
    const ref = findGroup(models, name);
    if (isLeft(ref)) return ref;
    return ref.right.kind === 'reserved'
      ? left({ code: 'ReservedGroup', group: ref.right.name })
      : right(ref.right.group);
  };

  /** The user's groups (not removed), by name: the order in which their settings are listed. */
  const groupsOf = (user: User): readonly Group[] =>
    models.groups
      .groupIdsOfUser(user.userId)
      .map((id) => models.groups.byId(id))
      .filter((group): group is Group => group !== undefined && !group.removed)
      .sort((a, b) => (nameKey(a.name) < nameKey(b.name) ? -1 : 1));

  return {
    setGroupInitialSettings: async (
      context: RequestContext,
      groupName: string,
      settings: InitialUserSettings,
    ): Result<InitialUserSettings> => {
      const group = storedGroup(groupName);
      if (isLeft(group)) return group;
      const done = await ports.readYourWrites(
        await ports.handlers.groups.handle(
          group.right.groupId,
          { kind: 'SetInitialSettings', settings },
          context,
        ),
      );
      if (isLeft(done)) return done;
      return right(done.right.state.status === 'present' ? done.right.state.initialSettings : settings);
    },
    getGroupInitialSettings: (groupName: string): Either<DomainError, InitialUserSettings> => {
      const group = storedGroup(groupName);
      return isLeft(group) ? group : right(group.right.initialSettings);
    },
    /**
     * Gives the user again the combined initial settings of the groups it is in now: restriction and
     * overdraft as the groups say, and — when any group sets an initial balance — a transfer that brings
     * the default account to that balance (cause 'opening-balance'). Settings no group defines stay as
     * they are.
     */
    reapplyInitialUserSettings: async (context: RequestContext, username: string): Result<true> => {
      // Group settings are set from the CLI, possibly by another process: fold its events first.
      await ports.catchUp();
      const user = findUser(models, username);
      if (isLeft(user)) return user;
      const commands = initialSettingsCommands(
        groupsOf(user.right),
        'set-to-initial-balance',
        ports.ids(),
        userPolicy(models.config),
        user.right,
      );
      return commands.length === 0 ? ok : executeUserCommands(ports, user.right, commands, context);
    },
    groupsOf,
  };
};

export type InitialSettingsServices = ReturnType<typeof createInitialSettingsServices>;
