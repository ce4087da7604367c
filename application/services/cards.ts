import { randomInt } from 'node:crypto';
import { isLeft, left, right } from 'fp-ts/Either';
import {
  cardKey,
  DEFAULT_RANDOM_DIGITS,
  parseCardExpiry,
  validateCardCount,
  validateCardPrefix,
  validateRandomDigits,
} from '../../domain/cards/numbers';
import { canonicalMoney, Money, ZERO } from '../../domain/money';
import { CARD_BATCHES_STREAM } from '../../domain/streams';
import { RequestContext } from '../envelope';
import { derivedId, IdGenerator } from '../ids';
import { ReadYourWrites, Result } from '../kernel';
import { ReadModels } from '../../projections';
import { CommandHandlers } from '../command-handlers';
import { ProjectionRunner } from '../projection-runner';

import { findUser } from '../resolve';
import { ProcessRunner } from '../process-runner';

/**
 * What the card methods use besides the process runner that books a redeemed card's credit: the
 * card and batch handlers, the users and cards read models (caught up when the CLI may have issued a
 * card), ids for batches and the clock a redemption is judged at.
 */
export interface CardPorts {
  readonly handlers: Pick<CommandHandlers, 'cards' | 'cardBatches'>;
  readonly models: Pick<ReadModels, 'users' | 'cards'>;
  readonly runner: Pick<ProjectionRunner, 'catchUp'>;
  readonly ids: IdGenerator;
  readonly clock: () => Date;
  readonly readYourWrites: ReadYourWrites;
}

/** The answers of api.useCard, exactly as the product spells them. */
export type UseCardResult =
  'SUCCESS' | 'UNKNOWN_USER' | 'INVALID_CARD_NUMBER' | 'CARD_IS_USED' | 'CARD_HAS_EXPIRED';

/** `count` random decimal digits; a CSPRNG, because a top-up card number is a bearer secret. */
export type DigitSource = (count: number) => string;

export const cryptoDigits: DigitSource = (count) => {
  let digits = '';
  for (let index = 0; index < count; index += 1) digits += String(randomInt(10));
  return digits;
};

/** Fresh numbers drawn again when a concurrent batch took one of ours; collisions are already rare. */
const MAX_BATCH_ATTEMPTS = 5;

export interface CardBatchRequest {
  readonly prefix: string;
  readonly count: number;
  readonly value: Money;
  /** `YYYY-MM-DD`, an ISO time with a zone, or '' for cards that never expire. */
  readonly expires: string;
  readonly digits?: number;
}

export interface CreatedCardBatch {
  readonly batchId: string;
  readonly expiresAt: string;
  readonly cardNumbers: readonly string[];
}

/** The transfer that credits a redeemed card; derived from the card, so the credit is recognisable. */
export const cardTransferId = (cardNumber: string): string =>
  derivedId('card-redemption', cardKey(cardNumber), 'transfer');

const drawNumbers = (
  prefix: string,
  count: number,
  digits: number,
  issued: ReadonlySet<string>,
  random: DigitSource,
): readonly string[] => {
  const drawn = new Set<string>();
  const numbers: string[] = [];
  while (numbers.length < count) {
    const number = `${prefix}${random(digits)}`;
    if (issued.has(cardKey(number)) || drawn.has(cardKey(number))) continue;
    drawn.add(cardKey(number));
    numbers.push(number);
  }
  return numbers;
};

export const createCardServices = (
  ports: CardPorts,
  random: DigitSource = cryptoDigits,
  processes: ProcessRunner,
) => {
  const { models } = ports;
  const createBatch = async (
    context: RequestContext,
    request: CardBatchRequest,
  ): Result<CreatedCardBatch> => {
    const prefix = validateCardPrefix(request.prefix);
    if (isLeft(prefix)) return prefix;
    const count = validateCardCount(request.count);
    if (isLeft(count)) return count;
    const digits = validateRandomDigits(request.digits ?? DEFAULT_RANDOM_DIGITS);
    if (isLeft(digits)) return digits;
    if (request.value <= ZERO)
      return left({
        code: 'InvalidValue',
        field: 'value',
        value: canonicalMoney(request.value),
        expected: 'an amount greater than zero',
      });
    const expiresAt = parseCardExpiry(request.expires);
    if (isLeft(expiresAt)) return expiresAt;
    const batchId = ports.ids();
    for (let attempt = 0; attempt < MAX_BATCH_ATTEMPTS; attempt += 1) {
      const register = await ports.handlers.cardBatches.load(CARD_BATCHES_STREAM);
      const cardNumbers = drawNumbers(prefix.right, count.right, digits.right, register.state.issued, random);
      const executed = await ports.readYourWrites(
        await ports.handlers.cardBatches.handle(
          CARD_BATCHES_STREAM,
          {
            kind: 'CreateCardBatch',
            batchId,
            prefix: prefix.right,
            value: request.value,
            expiresAt: expiresAt.right,
            cardNumbers,
            createdBy: context.actor,
          },
          context,
        ),
      );
      if (isLeft(executed) && executed.left.code === 'CardNumberAlreadyIssued') continue;
      if (isLeft(executed)) return executed;
      return right({ batchId, expiresAt: expiresAt.right, cardNumbers });
    }
    return left({ code: 'Conflict', what: 'new card numbers kept colliding with numbers issued meanwhile' });
  };

  /** An issued card, looked up again after catching up when another process (the CLI) may have issued it. */
  const findCard = async (cardNumber: string) => {
    const found = models.cards.find(cardNumber);
    if (found !== undefined) return found;
    await ports.runner.catchUp();
    return models.cards.find(cardNumber);
  };

  const useCard = async (
    context: RequestContext,
    username: string,
    cardNumber: string,
  ): Result<UseCardResult> => {
    const user = findUser(models, username);
    if (isLeft(user)) return right('UNKNOWN_USER');
    if (cardNumber.trim() === '') return right('INVALID_CARD_NUMBER');
    const card = await findCard(cardNumber);
    if (card === undefined) return right('INVALID_CARD_NUMBER');
    if (card.redemption !== undefined) return right('CARD_IS_USED');
    const transferId = cardTransferId(card.cardNumber);
    // The redemption is the credit's recorded start: the runner books the credit once after it, and
    // start-up recovery or the sweep books one a crash left unbooked.
    const credited = await processes.run(
      processes.kinds.cardCredit,
      { cardNumber: card.cardNumber, userId: user.right.userId, value: card.batch.value, transferId },
      context,
      {
        record: async () => {
          const redeemed = await ports.handlers.cards.handle(
            cardKey(card.cardNumber),
            {
              kind: 'RedeemCard',
              cardNumber: card.cardNumber,
              batchId: card.batch.batchId,
              value: card.batch.value,
              expiresAt: card.batch.expiresAt,
              userId: user.right.userId,
              username: user.right.username,
              transferId,
              now: ports.clock(),
            },
            context,
          );
          if (isLeft(redeemed)) return redeemed;
          if (redeemed.right.events.length === 0)
            return left({ code: 'Conflict', what: 'the card redemption was not recorded' });
          return right(redeemed.right.position);
        },
      },
    );
    if (isLeft(credited)) {
      switch (credited.left.code) {
        case 'CardAlreadyUsed':
          return right('CARD_IS_USED');
        case 'CardExpired':
          return right('CARD_HAS_EXPIRED');
        default:
          return credited;
      }
    }
    const [stuck] = credited.right.skipped;
    // The user was deleted between the redemption and its credit: the credit stays unbooked.
    if (stuck !== undefined) return left(stuck.error);
    await ports.readYourWrites(right(credited.right));
    return right('SUCCESS');
  };

  return {
    createBatch,
    useCard,
    batches: () =>
      models.cards
        .batches()
        .map((batch) => ({ ...batch, redeemed: models.cards.redeemedCount(batch.batchId) })),
  };
};

export type CardServices = ReturnType<typeof createCardServices>;
