import { isLeft } from 'fp-ts/Either';
import { sameCard } from '../../domain/names';
import { UserCommand } from '../../domain/users/commands';
import { User } from '../../domain/users/state';
import { RequestContext } from '../envelope';
import { ok, ReadYourWrites, Result } from '../kernel';
import { handleStep, OnceStep } from '../operation-steps';
import { releaseKey } from '../uniqueness';
import { claimCard, UserClaimPorts } from './user-claims';

/** What running user commands uses: the user's handler, the card claims, and read-your-writes. */
export interface UserCommandPorts extends UserClaimPorts {
  readonly readYourWrites: ReadYourWrites;
}

/** Card numbers a batch of user commands would give the user. */
const cardsSetBy = (
  commands: readonly UserCommand[],
): readonly { slot: 'primary' | 'secondary'; cardNumber: string }[] =>
  commands.flatMap((command) => (command.kind === 'SetCardNumber' ? [command] : []));

/**
 * Runs user commands on the user's stream, claiming any new card number first and releasing the
 * ones it replaces afterwards, so two users can never hold one card.
 */
export const executeUserCommands = async (
  ports: UserCommandPorts,
  user: User,
  commands: readonly UserCommand[],
  context: RequestContext,
  /** When the commands are an operation's step for this user: written exactly once. */
  once?: OnceStep,
): Result<true> => {
  const cards = cardsSetBy(commands);
  // Cards claimed here and not held before: given back if the change fails, so no claim is left behind.
  const newlyClaimed: string[] = [];
  const giveBack = async () => {
    for (const card of newlyClaimed) await releaseKey(ports, 'card', card, user.userId, context);
  };
  for (const { cardNumber } of cards) {
    if (cardNumber === '') continue;
    const claimed = await claimCard(ports, cardNumber, user.userId, context);
    if (isLeft(claimed)) {
      await giveBack();
      return claimed;
    }
    if (claimed.right) newlyClaimed.push(cardNumber);
  }
  const executed = await ports.readYourWrites(
    await handleStep(ports.handlers.users, user.userId, commands, context, once),
  );
  if (isLeft(executed)) {
    await giveBack();
    return executed;
  }
  for (const previous of [user.primaryCardNumber, user.secondaryCardNumber]) {
    const state = executed.right.state;
    if (
      previous !== '' &&
      state.status === 'present' &&
      !sameCard(state.primaryCardNumber, previous) &&
      !sameCard(state.secondaryCardNumber, previous)
    ) {
      await releaseKey(ports, 'card', previous, user.userId, context);
    }
  }
  return ok;
};
