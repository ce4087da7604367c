import { isLeft, left, right } from 'fp-ts/Either';
import { UserCommand } from '../../domain/users/commands';
import { UserDetailField } from '../../domain/users/events';
import { User } from '../../domain/users/state';
import { RequestContext } from '../envelope';
import { Result } from '../kernel';
import { IdGenerator } from '../ids';

import { handleStep, OnceStep } from '../operation-steps';
import { claimKey, releaseKey } from '../uniqueness';
import { claimCard, userHoldsName } from './user-claims';
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
 * finds its claims already held.
 */
export const createUserAccount = async (
  ports: UserCreationPorts,
  context: RequestContext,
  account: NewUserAccount,
  settings: readonly UserCommand[] = [],
  userId: string = ports.ids(),
  /** When the creation is an operation's step: written exactly once. */
  once?: OnceStep,
): Result<User> => {
  const claimed = await claimKey(
    ports,
    'username',
    account.username,
    userId,
    userHoldsName(ports, account.username),
    { code: 'UserAlreadyExists', username: account.username },
    context,
  );
  if (isLeft(claimed)) return claimed;
  // Whatever fails after the name is claimed gives back what was taken: a fresh claim blocks a name for a while.
  const taken: { kind: 'username' | 'card'; key: string }[] = claimed.right
    ? [{ kind: 'username', key: account.username }]
    : [];
  const giveBack = async () => {
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
    await handleStep(
      ports.handlers.users,
      userId,
      settings.length === 0 ? create : { kind: 'ApplyAll', commands: [create, ...settings] },
      context,
      once,
    ),
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
