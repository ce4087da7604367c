import { Either, isLeft, left } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { sameCard, sameName } from '../../domain/names';
import { RequestContext } from '../envelope';
import { ReadModels } from '../../projections';
import { CommandHandlers } from '../command-handlers';
import { ClaimPorts, claimKey, refuseStoredLookAlike } from '../uniqueness';

/** Claiming a user's keys also reads the user's stream (the owner check) and names the holder. */
export interface UserClaimPorts extends ClaimPorts {
  readonly handlers: Pick<CommandHandlers, 'claims' | 'users'>;
  readonly models: Pick<ReadModels, 'users'>;
}

const loadUser = (ports: Pick<UserClaimPorts, 'handlers'>, userId: string) =>
  ports.handlers.users.load(userId);

/** Owner checks for the unique keys a user holds: its name and its card numbers. */
export const userHoldsName =
  (ports: Pick<UserClaimPorts, 'handlers'>, username: string) =>
  async (userId: string): Promise<boolean> => {
    const { state } = await loadUser(ports, userId);
    return state.status === 'present' && !state.deleted && sameName(state.username, username);
  };

/** Whether a claimant's user stream is still empty: its creation never committed. */
export const userUnborn =
  (ports: Pick<UserClaimPorts, 'handlers'>) =>
  async (userId: string): Promise<boolean> =>
    (await loadUser(ports, userId)).state.status === 'absent';

export const userHoldsCard =
  (ports: Pick<UserClaimPorts, 'handlers'>, card: string) =>
  async (userId: string): Promise<boolean> => {
    const { state } = await loadUser(ports, userId);
    return (
      state.status === 'present' &&
      !state.deleted &&
      (sameCard(state.primaryCardNumber, card) || sameCard(state.secondaryCardNumber, card))
    );
  };

/**
 * Claims a card number for a user; one another user holds (by its claim, or stored under an older log's
 * key) is CardNumberInUse, naming that user.
 */
export const claimCard = async (
  ports: UserClaimPorts,
  card: string,
  userId: string,
  context: RequestContext,
): Promise<Either<DomainError, boolean>> => {
  const inUse = { code: 'CardNumberInUse', cardNumber: card, holder: '' } as const;
  const stored = refuseStoredLookAlike(ports.models.users.findByCardNumber(card)?.userId, userId, inUse);
  const claimed = isLeft(stored)
    ? stored
    : await claimKey(ports, 'card', card, userId, userHoldsCard(ports, card), inUse, context);
  return isLeft(claimed) && claimed.left.code === 'CardNumberInUse'
    ? left(describeHolder(ports, card, userId))
    : claimed;
};

const describeHolder = (ports: Pick<UserClaimPorts, 'models'>, card: string, userId: string): DomainError => {
  const forUser = ports.models.users.byId(userId)?.username;
  return {
    code: 'CardNumberInUse',
    cardNumber: card,
    holder: ports.models.users.findByCardNumber(card)?.username ?? 'another user',
    ...(forUser === undefined ? {} : { forUser }),
  };
};
