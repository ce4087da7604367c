import { Either, isLeft, left, right } from 'fp-ts/Either';
import { assertNever, Decider } from '../decider';
import { DomainError } from '../errors';
import { canonicalMoney, Money, ZERO } from '../money';
import { CardBatchEvent } from './events';
import { cardKey, validateCardCount, validateCardPrefix } from './numbers';

/**
 * The register of every card number ever issued. All batches share one stream, so a batch is decided
 * against every number issued before it: two batches can never hold the same number, even when two
 * administrators create batches at the same moment (the later append is decided again).
 */
export interface CardRegisterState {
  /** Card keys (see cardKey) of every issued card. */
  readonly issued: ReadonlySet<string>;
  readonly batchIds: ReadonlySet<string>;
}

export type CardRegisterCommand = {
  readonly kind: 'CreateCardBatch';
  readonly batchId: string;
  readonly prefix: string;
  readonly value: Money;
  readonly expiresAt: string;
  readonly cardNumbers: readonly string[];
  readonly createdBy: string;
};

type Decision = Either<DomainError, readonly CardBatchEvent[]>;

const validateNumbers = (
  command: CardRegisterCommand,
  state: CardRegisterState,
): Either<DomainError, readonly string[]> => {
  const count = validateCardCount(command.cardNumbers.length);
  if (isLeft(count)) return count;
  const seen = new Set<string>();
  for (const number of command.cardNumbers) {
    const key = cardKey(number);
    if (number !== number.trim() || !number.startsWith(command.prefix) || key.length <= command.prefix.length)
      return left({
        code: 'InvalidValue',
        field: 'cardNumber',
        value: number,
        expected: `the prefix '${command.prefix}' followed by the card's own characters`,
      });
    if (state.issued.has(key) || seen.has(key))
      return left({ code: 'CardNumberAlreadyIssued', cardNumber: number });
    seen.add(key);
  }
  return right(command.cardNumbers);
};

const create = (command: CardRegisterCommand, state: CardRegisterState): Decision => {
  // The same batch id again is a retried request: it is already recorded.
  if (state.batchIds.has(command.batchId)) return right([]);
  const prefix = validateCardPrefix(command.prefix);
  if (isLeft(prefix)) return prefix;
  if (command.value <= ZERO)
    return left({
      code: 'InvalidValue',
      field: 'value',
      value: canonicalMoney(command.value),
      expected: 'an amount greater than zero',
    });
  const numbers = validateNumbers(command, state);
  if (isLeft(numbers)) return numbers;
  return right([
    {
      type: 'CardBatchCreated',
      data: {
        batchId: command.batchId,
        prefix: command.prefix,
        value: command.value,
        expiresAt: command.expiresAt,
        cardNumbers: [...numbers.right],
        createdBy: command.createdBy,
      },
    },
  ]);
};

export const cardRegisterDecider: Decider<CardRegisterCommand, CardRegisterState, CardBatchEvent> = {
  initialState: () => ({ issued: new Set(), batchIds: new Set() }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'CardBatchCreated':
        return {
          issued: new Set([...state.issued, ...event.data.cardNumbers.map(cardKey)]),
          batchIds: new Set([...state.batchIds, event.data.batchId]),
        };
      default:
        return assertNever(event.type);
    }
  },
  decide: (command, state) => {
    switch (command.kind) {
      case 'CreateCardBatch':
        return create(command, state);
      default:
        return assertNever(command.kind);
    }
  },
};
