import { isLeft, left } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { sameCard } from '../../domain/names';
import { RequestContext } from '../envelope';
import { ReadModels } from '../../projections';
import { CommandHandlers } from '../command-handlers';
import { ClaimPorts, claimKey } from '../uniqueness';

/** Claiming a user's keys also reads the user's stream (the owner check) and names the holder. */
export interface UserClaimPorts extends ClaimPorts {
  readonly handlers: Pick<CommandHandlers, 'claims' | 'users'>;
  readonly models: Pick<ReadModels, 'users'>;
}

const loadUser = (kernel: Pick<UserClaimPorts, 'handlers'>, userId: string) =>
  kernel.handlers.users.load(userId);

/** Owner checks for the unique keys a user holds: its name and its card numbers. */
export const userHoldsName =
  (kernel: Pick<UserClaimPorts, 'handlers'>, username: string) =>
  async (userId: string): Promise<boolean> => {
    const { state } = await loadUser(kernel, userId);
    return state.status === 'present' && !state.deleted && state.username === username;
  };

export const userHoldsCard =
  (kernel: Pick<UserClaimPorts, 'handlers'>, card: string) =>
  async (userId: string): Promise<boolean> => {
    const { state } = await loadUser(kernel, userId);
    return (
      state.status === 'present' &&
      !state.deleted &&
      (sameCard(state.primaryCardNumber, card) || sameCard(state.secondaryCardNumber, card))
    );
  };

export const claimCard = (kernel: UserClaimPorts, card: string, userId: string, context: RequestContext) =>
  claimKey(
    kernel,
    'card',
    card,
    userId,
    userHoldsCard(kernel, card),
    { code: 'CardNumberInUse', cardNumber: card, holder: '' },
    context,
  ).then((claimed) =>
    isLeft(claimed) && claimed.left.code === 'CardNumberInUse'
      ? left<DomainError, boolean>(describeHolder(kernel, card, userId))
      : claimed,
  );

const describeHolder = (
  kernel: Pick<UserClaimPorts, 'models'>,
  card: string,
  userId: string,
): DomainError => {
  const forUser = kernel.models.users.byId(userId)?.username;
  return {
    code: 'CardNumberInUse',
    cardNumber: card,
    holder: kernel.models.users.findByCardNumber(card)?.username ?? 'another user',
    ...(forUser === undefined ? {} : { forUser }),
  };
};
