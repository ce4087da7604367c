import { isLeft, left } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { sameCard } from '../../domain/names';
import { RequestContext } from '../envelope';
import { Kernel } from '../kernel';
import { claimKey } from '../uniqueness';

const loadUser = (kernel: Kernel, userId: string) => kernel.handlers.users.load(userId);

/** Owner checks for the unique keys a user holds: its name and its card numbers. */
export const userHoldsName =
  (kernel: Kernel, username: string) =>
  async (userId: string): Promise<boolean> => {
    const { state } = await loadUser(kernel, userId);
    return state.status === 'present' && !state.deleted && state.username === username;
  };

export const userHoldsCard =
  (kernel: Kernel, card: string) =>
  async (userId: string): Promise<boolean> => {
    const { state } = await loadUser(kernel, userId);
    return (
      state.status === 'present' &&
      !state.deleted &&
      (sameCard(state.primaryCardNumber, card) || sameCard(state.secondaryCardNumber, card))
    );
  };

export const claimCard = (kernel: Kernel, card: string, userId: string, context: RequestContext) =>
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

const describeHolder = (kernel: Kernel, card: string, userId: string): DomainError => {
  const forUser = kernel.models.users.byId(userId)?.username;
  return {
    code: 'CardNumberInUse',
    cardNumber: card,
    holder: kernel.models.users.findByCardNumber(card)?.username ?? 'another user',
    ...(forUser === undefined ? {} : { forUser }),
  };
};
