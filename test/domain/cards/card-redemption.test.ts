import { describe, it } from 'node:test';
import { CardRedemptionEvent } from '../../../domain/cards/events';
import { cardDecider, CardCommand } from '../../../domain/cards/redemption';
import { specFor } from '../../support/decider-spec';

const redeem = (overrides: Partial<CardCommand> = {}): CardCommand => ({
  kind: 'RedeemCard',
  cardNumber: 'TOP-1111',
  batchId: 'batch-1',
  value: 5_000_000n,
  expiresAt: '2026-07-01T00:00:00.000Z',
  userId: 'user-alice',
  username: 'alice',
  transferId: 'transfer-1',
  now: new Date('2026-06-30T23:59:59.999Z'),
  ...overrides,
});

const redeemed = (command: CardCommand): CardRedemptionEvent => ({
  type: 'CardRedeemed',
  data: {
    cardNumber: command.cardNumber,
    batchId: command.batchId,
    userId: command.userId,
    username: command.username,
    value: command.value,
    transferId: command.transferId,
  },
});

const card = specFor(cardDecider);

describe('top-up card: RedeemCard', () => {
  it('redeems an unused card before its expiry, naming the user and the transfer that credits it', () => {
    card
      .given([])
      .when(redeem())
      .then([redeemed(redeem())]);
  });

  it('refuses a card already used, by anyone', () => {
    card
      .given([redeemed(redeem())])
      .when(redeem({ userId: 'user-bob', username: 'bob' }))
      .thenFails({ code: 'CardAlreadyUsed', cardNumber: 'TOP-1111' });
  });

  it('refuses a card from the instant it expires, by the clock in the command', () => {
    card
      .given([])
      .when(redeem({ now: new Date('2026-07-01T00:00:00.000Z') }))
      .thenFails({ code: 'CardExpired', expiredAt: '2026-07-01T00:00:00.000Z' });
  });

  it('accepts a card without expiry at any time', () => {
    const command = redeem({ expiresAt: '', now: new Date('2099-01-01T00:00:00Z') });
    card
      .given([])
      .when(command)
      .then([redeemed(command)]);
  });

  it('says used rather than expired when a used card has also expired', () => {
    card
      .given([redeemed(redeem())])
      .when(redeem({ now: new Date('2030-01-01T00:00:00Z') }))
      .thenFails({ code: 'CardAlreadyUsed' });
  });
});
