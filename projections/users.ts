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
  const byCard = createMultiIndex();
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
      byCard.remove(cardKey(card), user.userId);
    byEmail.remove(nameKey(user.details.email ?? ''), user.userId);
    byAlias.remove(nameKey(user.details.usernameAlias ?? ''), user.userId);
    byFullName.remove(nameKey(user.details.fullName ?? ''), user.userId);
  };

  const index = (user: User): void => {
    if (user.deleted) return;
    byUsername.add(user.username, user.userId);
    for (const card of [user.primaryCardNumber, user.secondaryCardNumber])
      byCard.add(cardKey(card), user.userId);
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
    /**
     * By card number, compared by `cardKey`. A log written before that key may hold two users whose
     * numbers are now one: the one holding the number exactly as asked is found, or else the first by
     * username, the same after every replay and snapshot restore.
     */
    findByCardNumber: (card: string): User | undefined => {
      const holders = byCard.get(cardKey(card));
      if (holders.length <= 1) return active(holders[0]);
      const exact = card.trim();
      const byName = holders
        .map((id) => active(id))
        .filter((user): user is User => user !== undefined)
        .sort(byKey((user) => user.username));
      const holdsExactly = (user: User) =>
        user.primaryCardNumber.trim() === exact || user.secondaryCardNumber.trim() === exact;
      return byName.find(holdsExactly) ?? byName[0];
    },
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
