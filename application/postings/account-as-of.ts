import { Either, isLeft, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { Money } from '../../domain/money';
import { sharedAccountStream, userStream } from '../../domain/streams';
import { SharedAccount } from '../../domain/shared-accounts/state';
import { User } from '../../domain/users/state';
import { LogBound } from '../../projections/ledger/bounds';
import { createSharedAccountsReadModel } from '../../projections/shared-accounts';
import { createUsersReadModel } from '../../projections/users';
import { EventStore } from '../../adapters/store/port';
import { decodeOrThrow } from '../envelope';
import { createAccountDirectory } from '../reports/directory';
import { catchUpPostings, cutOf, PostingsIndex } from './postings';

export type AccountAsOf =
  | { readonly kind: 'user'; readonly user: User }
  | { readonly kind: 'shared'; readonly account: SharedAccount; readonly fullName: string }
  | { readonly kind: 'system'; readonly key: string; readonly balance: Money };

export interface AccountStateAsOf {
  /** The last event before the cut (0 when the cut lies before the first event), and when it was recorded. */
  readonly position: number;
  readonly recordedAt: string | null;
  /** The account's name as the directory describes it at the cut. */
  readonly name: string;
  /** null when the name resolved, as of the cut, to an account that did not exist yet. */
  readonly account: AccountAsOf | null;
}

/**
 * One account as it stood at a cut, as stateAsOf would fold it but without folding the log: names
 * are resolved over the postings index's events that move no money, a user or shared account is
 * its own stream's events before the cut (every event of that account is on it), and a system
 * account's balance is the postings index's balance after its last entry before the cut. What this
 * costs is the naming events plus that one account's stream, not the log.
 */
export const accountAsOf = async (
  store: EventStore,
  index: PostingsIndex,
  until: LogBound,
  name: string,
): Promise<Either<DomainError, AccountStateAsOf>> => {
  await catchUpPostings(store, index);
  const cut = cutOf(index, until, 'events');
  const names = { users: createUsersReadModel(), sharedAccounts: createSharedAccountsReadModel() };
  for (const recorded of index.nameEvents()) {
    if (recorded.position >= cut) break;
    const envelope = decodeOrThrow(recorded);
    names.users.apply(envelope);
    names.sharedAccounts.apply(envelope);
  }
  const resolved = createAccountDirectory(names.users, names.sharedAccounts).resolve(name);
  if (isLeft(resolved)) return resolved;
  const { key, kind, name: described } = resolved.right;
  const last = index.lastEventBefore(cut);

  /** The read model `model` folded over one stream's events before the cut. */
  const foldStream = async <Model extends { apply: (envelope: ReturnType<typeof decodeOrThrow>) => void }>(
    stream: string,
    model: Model,
  ): Promise<Model> => {
    for (const recorded of await store.readStream(stream))
      if (recorded.position < cut) model.apply(decodeOrThrow(recorded));
    return model;
  };

  let account: AccountAsOf | null;
  if (kind === 'user') {
    const userId = key.slice('user:'.length);
    const user = (await foldStream(userStream(userId), createUsersReadModel())).byId(userId);
    account = user === undefined ? null : { kind, user };
  } else if (kind === 'shared') {
    const accountId = key.slice('shared:'.length);
    const shared = (await foldStream(sharedAccountStream(accountId), createSharedAccountsReadModel())).byId(
      accountId,
    );
    // The full name joins the parent's name as of the cut, which the naming events give.
    account =
      shared === undefined
        ? null
        : { kind, account: shared, fullName: names.sharedAccounts.fullName(shared) };
  } else account = { kind, key, balance: index.balanceBefore(key, cut) };
  return right({
    position: last?.position ?? 0,
    recordedAt: last?.recordedAt ?? null,
    name: described,
    account,
  });
};
