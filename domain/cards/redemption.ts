import { Either, left, right } from 'fp-ts/Either';
import { assertNever, Decider } from '../decider';
import { DomainError } from '../errors';
import { Money } from '../money';
import { CardRedemptionEvent } from './events';
import { isCardExpired } from './numbers';

/**
 * One top-up card's life after issue: unused, then redeemed once. The card's stream is appended to only
 * while it does not exist (expected revision 'no_stream'), so of two people redeeming one card at the
 * same moment exactly one wins; the other is decided again and finds the card used.
 */
export type CardState =
  | { readonly status: 'unused' }
  | { readonly status: 'redeemed'; readonly userId: string; readonly username: string };

export type CardCommand = {
  readonly kind: 'RedeemCard';
  readonly cardNumber: string;
  readonly batchId: string;
  readonly value: Money;
  /** When the batch stops being accepted; '' = never. */
  readonly expiresAt: string;
  readonly userId: string;
  readonly username: string;
  readonly transferId: string;
  readonly now: Date;
};

export const decideCard = (
  command: CardCommand,
  state: CardState,
): Either<DomainError, readonly CardRedemptionEvent[]> => {
  switch (command.kind) {
    case 'RedeemCard':
      if (state.status === 'redeemed')
        return left({ code: 'CardAlreadyUsed', cardNumber: command.cardNumber });
      if (isCardExpired(command.expiresAt, command.now))
        return left({ code: 'CardExpired', cardNumber: command.cardNumber, expiredAt: command.expiresAt });
      return right([
        {
          type: 'CardRedeemed',
          data: {
            cardNumber: command.cardNumber,
            batchId: command.batchId,
            userId: command.userId,
            username: command.username,
            value: command.value,
            transferId: command.transferId,
          },
        },
      ]);
    default:
      return assertNever(command.kind);
  }
};

export const cardDecider: Decider<CardCommand, CardState, CardRedemptionEvent> = {
  initialState: () => ({ status: 'unused' }),
  evolve: (_state, event) => {
    switch (event.type) {
      case 'CardRedeemed':
        return { status: 'redeemed', userId: event.data.userId, username: event.data.username };
      default:
        return assertNever(event.type);
    }
  },
  decide: decideCard,
};
