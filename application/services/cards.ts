import { randomInt } from 'node:crypto';
import { Either, isLeft, left, right } from 'fp-ts/Either';
import {
  cardKey,
  DEFAULT_RANDOM_DIGITS,
  parseCardExpiry,
  validateCardCount,
  validateCardPrefix,
  validateRandomDigits,
} from '../../domain/cards/numbers';
import { DomainError } from '../../domain/errors';
import { counterAccountFor } from '../../domain/ledger/accounts';
import { canonicalMoney, Money, ZERO } from '../../domain/money';
import { CARD_BATCHES_STREAM, cardStream } from '../../domain/streams';
import { CardRedemption } from '../../projections/cards';
import { RequestContext } from '../envelope';
import { derivedId } from '../ids';
import { Kernel, Result, settled } from '../kernel';
import { userPolicy } from '../policy';
import { findUser } from '../resolve';
import { defaultOperationRuntime, OperationRuntime, persistStep } from '../operation-steps';

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
  kernel: Kernel,
  random: DigitSource = cryptoDigits,
  runtime: OperationRuntime = defaultOperationRuntime,
) => {
  const { models } = kernel;
  /** Credits this process is booking right now (by transfer id): the sweep leaves them to their caller. */
  const inFlight = new Set<string>();

  /**
   * Books a redemption's value into the user's default account from system:card-sales, once: a
   * credit already in the user's stream after the redemption (`redeemedAt`, its position) is found
   * and not booked again, also when the caller, start-up recovery and another server try at once.
   * A store error or a stream that kept changing is tried again (`persistStep`).
   */
  const credit = async (
    redemption: CardRedemption | Omit<CardRedemption, 'redeemedAt' | 'credited'>,
    redeemedAtPosition: number,
    context: RequestContext,
  ) => {
    inFlight.add(redemption.transferId);
    try {
      return await persistStep(runtime, `the credit of top-up card ${redemption.cardNumber}`, () =>
        booking(redemption, redeemedAtPosition, context),
      );
    } finally {
      inFlight.delete(redemption.transferId);
    }
  };

  const booking = (
    redemption: CardRedemption | Omit<CardRedemption, 'redeemedAt' | 'credited'>,
    redeemedAtPosition: number,
    context: RequestContext,
  ) =>
    kernel.handlers.users.handle(
      redemption.userId,
      {
        kind: 'AdjustBalance',
        account: '',
        amount: redemption.value,
        condition: { kind: 'unconditional' },
        policy: userPolicy(models.config),
        transfer: {
          transferId: redemption.transferId,
          cause: 'card-redemption',
          counterAccount: counterAccountFor('card-redemption'),
          comment: `top-up card ${redemption.cardNumber}`,
        },
      },
      context,
      {
        once: {
          after: redeemedAtPosition,
          carries: (recorded) =>
            typeof recorded.data === 'object' &&
            recorded.data !== null &&
            (recorded.data as { transferId?: unknown }).transferId === redemption.transferId,
        },
        // Derived ids: a credit retried after a crash is recognised by the store instead of booked twice.
        eventId: (index) => derivedId(redemption.transferId, 'credit', String(index)),
      },
    );

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
    const batchId = kernel.ids();
    for (let attempt = 0; attempt < MAX_BATCH_ATTEMPTS; attempt += 1) {
      const register = await kernel.handlers.cardBatches.load(CARD_BATCHES_STREAM);
      const cardNumbers = drawNumbers(prefix.right, count.right, digits.right, register.state.issued, random);
      const executed = await settled(
        kernel,
        await kernel.handlers.cardBatches.handle(
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
    await kernel.runner.catchUp();
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
    const redeemed = await kernel.handlers.cards.handle(
      cardKey(card.cardNumber),
      {
        kind: 'RedeemCard',
        cardNumber: card.cardNumber,
        batchId: card.batch.batchId,
        value: card.batch.value,
        expiresAt: card.batch.expiresAt,
        userId: user.right.userId,
        username: user.right.username,
        transferId: cardTransferId(card.cardNumber),
        now: kernel.clock(),
      },
      context,
    );
    if (isLeft(redeemed)) {
      switch (redeemed.left.code) {
        case 'CardAlreadyUsed':
          return right('CARD_IS_USED');
        case 'CardExpired':
          return right('CARD_HAS_EXPIRED');
        default:
          return redeemed;
      }
    }
    const [event] = redeemed.right.events;
    if (event === undefined) return left({ code: 'Conflict', what: 'the card redemption was not recorded' });
    const credited = await settled(kernel, await credit(event.data, redeemed.right.position, context));
    return isLeft(credited) ? credited : right('SUCCESS');
  };

  return {
    createBatch,
    useCard,
    batches: () =>
      models.cards
        .batches()
        .map((batch) => ({ ...batch, redeemed: models.cards.redeemedCount(batch.batchId) })),
    /**
     * Credits every redemption whose credit a stopped process never booked: at start-up, before
     * serving (all of them), and from the running server's sweep (those redeemed before `cutoff` and
     * not being credited by this process already). A redemption whose user was deleted in between
     * cannot be credited and is returned.
     */
    recoverUnfinished: async (
      context: RequestContext,
      cutoff?: Date,
    ): Promise<readonly { cardNumber: string; problem: DomainError }[]> => {
      const stuck: { cardNumber: string; problem: DomainError }[] = [];
      const failures: unknown[] = [];
      for (const redemption of models.cards.uncredited()) {
        if (inFlight.has(redemption.transferId)) continue;
        if (cutoff !== undefined && Date.parse(redemption.redeemedAt) > cutoff.getTime()) continue;
        // One credit that cannot be written yet must not hold back the others.
        try {
          const redeemedAt = (await kernel.store.readStream(cardStream(cardKey(redemption.cardNumber)))).find(
            (recorded) => recorded.type === 'CardRedeemed',
          );
          const done: Either<DomainError, { position: number }> = await credit(
            redemption,
            redeemedAt?.position ?? 0,
            context,
          );
          if (isLeft(done)) stuck.push({ cardNumber: redemption.cardNumber, problem: done.left });
          else await kernel.runner.waitFor(done.right.position);
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length > 0)
        throw new AggregateError(failures, `${failures.length} card credit(s) could not be written yet`);
      return stuck;
    },
  };
};

export type CardServices = ReturnType<typeof createCardServices>;
