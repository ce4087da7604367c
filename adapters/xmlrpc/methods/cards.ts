import { defineMethod } from '../method';
import { str } from '../params';

export const CARD_METHODS = [
  defineMethod({
    name: 'api.useCard',
    tier: 'seed',
    area: 'cards',
    params: { user: str.required, cardNumber: str.required },
    returns: 's',
    // Every answer is one of the product's result codes; only a failure to record is a fault.
    handler: (folio, context, a) => folio.services.cards.useCard(context, a.user, a.cardNumber),
  }),
];
