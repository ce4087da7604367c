import { EventEnvelope } from '../domain/envelope';
import { isUserEvent } from '../domain/events';
import { cardKey, nameKey } from '../domain/names';
import { evolveUser, User, UserState } from '../domain/users/state';
import { createMultiIndex } from './multi-index';
import { createNameIndex } from './name-index';
import { byKey, ReadModel } from './read-model';

const ABSENT: UserState = { status: 'absent' };

/** Whether two versions of a user have the same keys in every lookup index. */
const sameIndexedFields = (a: User, b: User): boolean =>
  a.deleted === b.deleted &&
  a.username === b.username &&
  a.primaryCardNumber === b.primaryCardNumber &&
  a.secondaryCardNumber === b.secondaryCardNumber &&
  (a.details === b.details ||
    (a.details.email === b.details.email &&
      a.details.usernameAlias === b.details.usernameAlias &&
      a.details.fullName === b.details.fullName));

/**
 * Every user, deleted ones included (their history stays readable), folded with the domain's own
 * `evolveUser`, plus the lookup indexes the API needs. Lookups only ever find users not deleted.
 */
export const createUsersReadModel = () => {
  const users = new Map<string, User>();
  const byUsername = createNameIndex((id) => active(id)?.username);
  const byCard = new Map<string, string>();
  const byEmail = createMultiIndex();
  const byAlias = createMultiIndex();
  const byFullName = createMultiIndex();
  // The order only changes with a new user, a rename or a delete; the users themselves change more
  // often, so the cache holds ids and a listing always shows each user as it is now.
  let sortedIdsCache: readonly string[] | null = null;

  const unindex = (user: User): void => {
    if (user.deleted) return;
    byUsername.remove(user.username, user.userId);
    for (const card of [user.primaryCardNumber, user.secondaryCardNumber])
      if (byCard.get(cardKey(card)) === user.userId) byCard.delete(cardKey(card));
    byEmail.remove(nameKey(user.details.email ?? ''), user.userId);
    byAlias.remove(nameKey(user.details.usernameAlias ?? ''), user.userId);
    byFullName.remove(nameKey(user.details.fullName ?? ''), user.userId);
  };

  const index = (user: User): void => {
    if (user.deleted) return;
    byUsername.add(user.username, user.userId);
    for (const card of [user.primaryCardNumber, user.secondaryCardNumber])
      if (card !== '') byCard.set(cardKey(card), user.userId);
    byEmail.add(nameKey(user.details.email ?? ''), user.userId);
    byAlias.add(nameKey(user.details.usernameAlias ?? ''), user.userId);
    byFullName.add(nameKey(user.details.fullName ?? ''), user.userId);
  };

  const put = (user: User): void => {
    const previous = users.get(user.userId);
    // Most events (every charge and adjustment) change no indexed field: the indexes stay as they are.
    const reindex = previous === undefined || !sameIndexedFields(previous, user);
    if (previous !== undefined && reindex) unindex(previous);
    users.set(user.userId, user);
    if (reindex) index(user);
    if (previous === undefined || previous.username !== user.username || previous.deleted !== user.deleted)
      sortedIdsCache = null;
  };

  const active = (id: string | undefined): User | undefined => {
    const user = id === undefined ? undefined : users.get(id);
    return user === undefined || user.deleted ? undefined : user;
  };

  const firstByName = (ids: readonly string[]): User | undefined =>
    ids
      .map((id) => active(id))
      .filter((user): user is User => user !== undefined)
      .sort(byKey((user) => user.username))[0];

  return {
    name: 'users',
    apply: ({ event }: EventEnvelope): void => {
      if (!isUserEvent(event)) return;
      const userId = event.data.userId;
      const current = users.get(userId);
      const state: UserState = current === undefined ? ABSENT : { status: 'present', ...current };
      const next = evolveUser(state, event);
      // The same state back means the event changes nothing here (a refused job, a count reset).
      if (next !== state && next.status === 'present') {
        const { status: _status, ...user } = next;
        put(user);
      }
    },
    byId: (userId: string): User | undefined => users.get(userId),
    activeById: (userId: string): User | undefined => active(userId),
    findByUsername: (username: string): User | undefined => active(byUsername.find(username)),
    findByCardNumber: (card: string): User | undefined => active(byCard.get(cardKey(card))),
    findByEmail: (email: string): User | undefined => firstByName(byEmail.get(nameKey(email))),
    findByAlias: (alias: string): User | undefined => firstByName(byAlias.get(nameKey(alias))),
    findByFullName: (fullName: string): readonly User[] =>
      byFullName
        .get(nameKey(fullName))
        .map((id) => active(id))
        .filter((user): user is User => user !== undefined)
        .sort(byKey((user) => user.username)),
    /** Users not deleted, sorted by username: the order every listing pages through. */
    sorted: (): readonly User[] => {
      sortedIdsCache ??= [...users.values()]
        .filter((user) => !user.deleted)
        .sort(byKey((user) => user.username))
        .map((user) => user.userId);
      return sortedIdsCache.map((id) => users.get(id) as User);
    },
    all: (): Iterable<User> => users.values(),
    snapshot: () => [...users.values()].sort(byKey((user) => user.userId)),
    restore: (snapshot: unknown): void => {
      users.clear();
      byUsername.clear();
      byCard.clear();
      byEmail.clear();
      byAlias.clear();
      byFullName.clear();
      sortedIdsCache = null;
      for (const user of snapshot as User[]) put(user);
    },
  } satisfies ReadModel & Record<string, unknown>;
};

export type UsersReadModel = ReturnType<typeof createUsersReadModel>;
