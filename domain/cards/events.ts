import * as t from 'io-ts';
import { defineEvent, EventOf } from '../event-definition';
import { MoneyCodec } from '../money';

export const CardBatchCreated = defineEvent(
  'CardBatchCreated',
  1,
  'An administrator issued a batch of top-up cards: every number, the value each card credits, and when they expire (empty = never).',
  t.type({
    batchId: t.string,
    prefix: t.string,
    value: MoneyCodec,
    /** ISO instant from which the cards are no longer accepted; '' = they never expire. */
    expiresAt: t.string,
    cardNumbers: t.array(t.string),
    createdBy: t.string,
  }),
);

export const CardRedeemed = defineEvent(
  'CardRedeemed',
  1,
  "A top-up card was used by a user; its value is credited to the user's account by the transfer named here.",
  t.type({
    cardNumber: t.string,
    batchId: t.string,
    userId: t.string,
    username: t.string,
    value: MoneyCodec,
    /** Derived from the card number, so the credit is recognisable and never booked twice. */
    transferId: t.string,
  }),
);

export const CARD_EVENTS = [CardBatchCreated, CardRedeemed] as const;
export type CardEvent = EventOf<(typeof CARD_EVENTS)[number]>;
export type CardBatchEvent = Extract<CardEvent, { type: 'CardBatchCreated' }>;
export type CardRedemptionEvent = Extract<CardEvent, { type: 'CardRedeemed' }>;
