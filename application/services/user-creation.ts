import { isLeft, left, right } from 'fp-ts/Either';
import { UserCommand } from '../../domain/users/commands';
import { UserDetailField } from '../../domain/users/events';
import { User } from '../../domain/users/state';
import { RequestContext } from '../envelope';
import { Result } from '../kernel';
import { IdGenerator } from '../ids';

import { handleStep, OnceStep } from '../operation-steps';
import {
  claimKey,
  claimKeyForCreation,
  inFlightCreation,
  mayGiveBackCreationClaims,
  refuseStoredLookAlike,
  releaseKey,
} from '../uniqueness';
import { claimCard, userHoldsName, userUnborn } from './user-claims';
import { UserCommandPorts } from './user-commands';

/** Creating a user is running its first commands, with an id for it. */
export interface UserCreationPorts extends UserCommandPorts {
  readonly ids: IdGenerator;
}

/** A user about to be created; `username` is already validated and normalised. */
export interface NewUserAccount {
  readonly username: string;
  readonly internal: boolean;
  readonly source: 'internal' | 'directory' | 'import';
  readonly details: Partial<Record<UserDetailField, string>>;
  readonly primaryCardNumber: string;
  readonly secondaryCardNumber: string;
  readonly pinHash: string;
  readonly passwordHash: string;
}

/**
 * Creates a user: claims its username and card numbers first (racing creators: exactly one wins),
 * then writes the user's stream. `settings` are decided with the creation as one append (a new
 * user's initial settings), so the user never exists without them. A retry with the same `userId`
 * finds its claims already held; a claim left by a creation that never committed is adopted at once
 * (`claimKeyForCreation`), so the user may be created under another id than the one proposed.
 */
export const createUserAccount = async (
  ports: UserCreationPorts,
  context: RequestContext,
  account: NewUserAccount,
  settings: readonly UserCommand[] = [],
  proposedUserId: string = ports.ids(),
  /** When the creation is an operation's step: written exactly once. */
  once?: OnceStep,
): Result<User> => {
  const conflict = { code: 'UserAlreadyExists', username: account.username } as const;
  const holdsName = userHoldsName(ports, account.username);
  const stored = refuseStoredLookAlike(
    ports.models.users.findByUsername(account.username)?.userId,
    proposedUserId,
    conflict,
  );
  if (isLeft(stored)) return stored;
  // An operation's step keeps the id its operation chose; any other creation may adopt an unborn claimant's.
  const claimed =
    once === undefined
      ? await claimKeyForCreation(
          ports,
          'username',
          account.username,
          proposedUserId,
          { holdsKey: holdsName, unborn: userUnborn(ports) },
          conflict,
          context,
        )
      : await claimKey(
          ports,
          'username',
          account.username,
          proposedUserId,
          holdsName,
          conflict,
          context,
        ).then((result) =>
          isLeft(result) ? result : right({ ownerId: proposedUserId, newlyClaimed: result.right }),
        );
  if (isLeft(claimed)) return claimed;
  const userId = claimed.right.ownerId;
  return inFlightCreation(userId, () =>
    createClaimedUser(ports, context, account, settings, userId, claimed.right.newlyClaimed, once),
  );
};

const createClaimedUser = async (
  ports: UserCreationPorts,
  context: RequestContext,
  account: NewUserAccount,
  settings: readonly UserCommand[],
  userId: string,
  newlyClaimed: boolean,
  once: OnceStep | undefined,
): Result<User> => {
  // Whatever fails after the name is claimed gives back what was taken, unless the user exists after all.
  const taken: { kind: 'username' | 'card'; key: string }[] = newlyClaimed
    ? [{ kind: 'username', key: account.username }]
    : [];
  const giveBack = async () => {
    if (!(await mayGiveBackCreationClaims(userId, userUnborn(ports)))) return;
    for (const { kind, key } of taken) await releaseKey(ports, kind, key, userId, context);
  };
  for (const card of [account.primaryCardNumber, account.secondaryCardNumber]) {
    if (card === '') continue;
    const cardClaimed = await claimCard(ports, card, userId, context);
    if (isLeft(cardClaimed)) {
      await giveBack();
      return cardClaimed;
    }
    if (cardClaimed.right) taken.push({ kind: 'card', key: card });
  }
  const create: UserCommand = {
    kind: 'CreateUser',
    userId,
    username: account.username,
    internal: account.internal,
    source: account.source,
    details: account.details,
    primaryCardNumber: account.primaryCardNumber,
    secondaryCardNumber: account.secondaryCardNumber,
    pinHash: account.pinHash,
    passwordHash: account.passwordHash,
  };
  const created = await ports.readYourWrites(
    await handleStep(ports.handlers.users, userId, [create, ...settings], context, once),
  );
  if (isLeft(created)) {
    await giveBack();
    return created;
  }
  const state = created.right.state;
  if (state.status === 'absent')
    return left({ code: 'Conflict', what: `user ${account.username} was not created` });
  const { status: _status, ...user } = state;
  return right(user);
};
