import { counterAccountFor } from '../ledger/accounts';
import { Money } from '../money';
import { userStream } from '../streams';
import { UserPolicy } from '../users/commands';
import { ProcessPlan } from './process';

/** A redeemed card whose value is to be booked: the redemption (`CardRedeemed`) is its recorded start. */
export interface CardCreditStart {
  readonly cardNumber: string;
  readonly userId: string;
  readonly value: Money;
  /** Derived from the card: the credit's transfer, and what marks the step done on the user's stream. */
  readonly transferId: string;
  /** When the card was redeemed (`CardRedeemed`); absent while the redemption is being recorded. */
  readonly redeemedAt?: string;
}

/**
 * One step: the card's value into the user's default account from system:card-sales. A credit always
 * moves money, so it needs no marker; the transfer id it carries marks it done.
 */
export const decideCardCredit = (start: CardCreditStart, policy: UserPolicy): ProcessPlan => [
  [
    {
      memberId: start.userId,
      stream: userStream(start.userId),
      // The event ids derive from the transfer and this key, as they did before the runner existed.
      eventKey: 'credit',
      where: `the credit of top-up card ${start.cardNumber}`,
      claims: false,
      skipPrefix: '',
      action: {
        kind: 'user-command',
        command: {
          kind: 'AdjustBalance',
          account: '',
          amount: start.value,
          condition: { kind: 'unconditional' },
          policy,
          transfer: {
            transferId: start.transferId,
            cause: 'card-redemption',
            counterAccount: counterAccountFor('card-redemption'),
            comment: `top-up card ${start.cardNumber}`,
          },
        },
      },
    },
  ],
];
