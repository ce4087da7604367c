import { cardKey } from '../domain/cards/numbers';
import { EventEnvelope } from '../domain/envelope';
import { isCardEvent } from '../domain/events';
import { Money } from '../domain/money';
import { byKey, ReadModel } from './read-model';

export interface CardBatch {
  readonly batchId: string;
  readonly prefix: string;
  readonly value: Money;
  readonly expiresAt: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly cardNumbers: readonly string[];
}

export interface CardRedemption {
  readonly cardNumber: string;
  readonly batchId: string;
  readonly userId: string;
  readonly username: string;
  readonly value: Money;
  readonly transferId: string;
  readonly redeemedAt: string;
  /** Whether the user's account shows the credit yet; false only between the two appends, or after a crash. */
  readonly credited: boolean;
}

export interface IssuedCard {
  readonly cardNumber: string;
  readonly batch: CardBatch;
  readonly redemption: CardRedemption | undefined;
}

/**
 * Top-up cards: every batch, every issued number, every redemption, and the redemptions whose credit
 * has not reached the user's account yet (the start-up recovery list).
 */
export const createCardsReadModel = () => {
  const batches = new Map<string, CardBatch>();
  /** card key → the number as issued, and its batch */
  const issued = new Map<string, { readonly cardNumber: string; readonly batchId: string }>();
  const redemptions = new Map<string, CardRedemption>();
  /** transfer id → card key, for redemptions not yet credited */
  const uncredited = new Map<string, string>();

  const addBatch = (batch: CardBatch): void => {
    batches.set(batch.batchId, batch);
    for (const cardNumber of batch.cardNumbers)
      if (!issued.has(cardKey(cardNumber)))
        issued.set(cardKey(cardNumber), { cardNumber, batchId: batch.batchId });
  };

  const addRedemption = (redemption: CardRedemption): void => {
    const key = cardKey(redemption.cardNumber);
    redemptions.set(key, redemption);
    if (!redemption.credited) uncredited.set(redemption.transferId, key);
  };

  return {
    name: 'cards',
    apply: ({ event, recordedAt }: EventEnvelope): void => {
      if (event.type === 'UserBalanceAdjusted') {
        const key = uncredited.get(event.data.transferId);
        const redemption = key === undefined ? undefined : redemptions.get(key);
        if (key === undefined || redemption === undefined) return;
        redemptions.set(key, { ...redemption, credited: true });
        uncredited.delete(event.data.transferId);
        return;
      }
      if (!isCardEvent(event)) return;
      switch (event.type) {
        case 'CardBatchCreated':
          addBatch({ ...event.data, createdAt: recordedAt });
          return;
        case 'CardRedeemed':
          addRedemption({ ...event.data, redeemedAt: recordedAt, credited: false });
          return;
      }
    },
    /** An issued card by its number (any case, surrounding space ignored). */
    find: (cardNumber: string): IssuedCard | undefined => {
      const key = cardKey(cardNumber);
      const card = issued.get(key);
      const batch = card === undefined ? undefined : batches.get(card.batchId);
      if (card === undefined || batch === undefined) return undefined;
      return { cardNumber: card.cardNumber, batch, redemption: redemptions.get(key) };
    },
    isIssued: (cardNumber: string): boolean => issued.has(cardKey(cardNumber)),
    batches: (): readonly CardBatch[] =>
      [...batches.values()].sort(byKey((batch) => `${batch.createdAt}\u0000${batch.batchId}`)),
    redeemedCount: (batchId: string): number =>
      [...redemptions.values()].filter((redemption) => redemption.batchId === batchId).length,
    /** Redemptions recorded whose credit is not in the user's account: finished at start-up. */
    uncredited: (): readonly CardRedemption[] =>
      [...uncredited.values()]
        .map((key) => redemptions.get(key))
        .filter((redemption): redemption is CardRedemption => redemption !== undefined)
        .sort(byKey((redemption) => cardKey(redemption.cardNumber))),
    snapshot: () => ({
      batches: [...batches.values()].sort(byKey((batch) => batch.batchId)),
      redemptions: [...redemptions.values()].sort(byKey((redemption) => cardKey(redemption.cardNumber))),
    }),
    restore: (snapshot: unknown): void => {
      batches.clear();
      issued.clear();
      redemptions.clear();
      uncredited.clear();
      const restored = snapshot as { batches?: CardBatch[]; redemptions?: CardRedemption[] };
      for (const batch of restored.batches ?? []) addBatch(batch);
      for (const redemption of restored.redemptions ?? []) addRedemption(redemption);
    },
  } satisfies ReadModel & Record<string, unknown>;
};

export type CardsReadModel = ReturnType<typeof createCardsReadModel>;
