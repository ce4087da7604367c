import { EventEnvelope } from '../domain/envelope';
import { isGroupEvent } from '../domain/events';
import { ALL_USERS_GROUP, INTERNAL_USERS_GROUP } from '../domain/groups/decide';
import { evolveGroup, Group, GroupState } from '../domain/groups/state';
import { nameKey } from '../domain/names';
import { createNameIndex } from './name-index';
import { byKey, ReadModel } from './read-model';

/** Fixed ids of the two groups every site has; their members are computed from the users. */
export const ALL_USERS_GROUP_ID = 'all-users';
export const INTERNAL_USERS_GROUP_ID = 'internal-users';

export const RESERVED_GROUP_IDS: Readonly<Record<string, string>> = {
  [nameKey(ALL_USERS_GROUP)]: ALL_USERS_GROUP_ID,
  [nameKey(INTERNAL_USERS_GROUP)]: INTERNAL_USERS_GROUP_ID,
};

export const createGroupsReadModel = () => {
  const groups = new Map<string, Group>();
  const byName = createNameIndex((id) => {
    const group = groups.get(id);
    return group === undefined || group.removed ? undefined : group.name;
  });
  const groupsOfUser = new Map<string, Set<string>>();
  // The listing order changes only with a new group, a rename or a removal; members change more
  // often, so the cache holds ids and a listing always shows each group as it is now.
  let sortedIdsCache: readonly string[] | null = null;

  const put = (group: Group): void => {
    const previous = groups.get(group.groupId);
    if (previous === undefined || previous.name !== group.name || previous.removed !== group.removed)
      sortedIdsCache = null;
    if (previous !== undefined) {
      byName.remove(previous.name, previous.groupId);
      for (const member of previous.members) groupsOfUser.get(member)?.delete(previous.groupId);
    }
    groups.set(group.groupId, group);
    if (group.removed) return;
    byName.add(group.name, group.groupId);
    for (const member of group.members) {
      const set = groupsOfUser.get(member) ?? new Set<string>();
      set.add(group.groupId);
      groupsOfUser.set(member, set);
    }
  };

  return {
    name: 'groups',
    apply: ({ event }: EventEnvelope): void => {
      if (!isGroupEvent(event)) return;
      const current = groups.get(event.data.groupId);
      const state: GroupState =
        current === undefined ? { status: 'absent' } : { status: 'present', ...current };
      const next = evolveGroup(state, event);
      if (next.status === 'present') {
        const { status: _status, ...group } = next;
        put(group);
      }
    },
    /** Groups not removed, by name (case-insensitive). Reserved groups are not stored here. */
    findByName: (name: string): Group | undefined => {
      const id = byName.find(name);
      return id === undefined ? undefined : groups.get(id);
    },
    byId: (groupId: string): Group | undefined => groups.get(groupId),
    groupIdsOfUser: (userId: string): readonly string[] => [...(groupsOfUser.get(userId) ?? [])],
    /** Groups not removed, by name (case-insensitive): the order every listing pages through. */
    sorted: (): readonly Group[] => {
      sortedIdsCache ??= [...groups.values()]
        .filter((group) => !group.removed)
        .sort(byKey((group) => nameKey(group.name)))
        .map((group) => group.groupId);
      return sortedIdsCache.map((id) => groups.get(id) as Group);
    },
    snapshot: () => [...groups.values()].sort(byKey((group) => group.groupId)),
    restore: (snapshot: unknown): void => {
      groups.clear();
      byName.clear();
      groupsOfUser.clear();
      sortedIdsCache = null;
      for (const group of snapshot as Group[]) put(group);
    },
  } satisfies ReadModel & Record<string, unknown>;
};

export type GroupsReadModel = ReturnType<typeof createGroupsReadModel>;
