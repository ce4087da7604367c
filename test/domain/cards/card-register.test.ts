import { describe, it } from 'node:test';
import { cardRegisterDecider, CardRegisterCommand } from '../../../domain/cards/batches';
import { CardBatchEvent } from '../../../domain/cards/events';
import { MAX_CARDS_PER_BATCH } from '../../../domain/cards/numbers';
import { specFor } from '../../support/decider-spec';

const create = (overrides: Partial<CardRegisterCommand> = {}): CardRegisterCommand => ({
  kind: 'CreateCardBatch',
  batchId: 'batch-1',
  prefix: 'TOP-',
  value: 5_000_000n,
  expiresAt: '2026-07-01T00:00:00.000Z',
  cardNumbers: ['TOP-1111', 'TOP-2222'],
  createdBy: 'cli:admin',
  ...overrides,
});

const created = (command: CardRegisterCommand): CardBatchEvent => ({
  type: 'CardBatchCreated',
  data: {
    batchId: command.batchId,
    prefix: command.prefix,
    value: command.value,
    expiresAt: command.expiresAt,
    cardNumbers: [...command.cardNumbers],
    createdBy: command.createdBy,
  },
});

const register = specFor(cardRegisterDecider);

describe('card register: CreateCardBatch', () => {
  it('records a batch with every number, its value, expiry and creator', () => {
    register
      .given([])
      .when(create())
      .then([created(create())]);
  });

  it('refuses a number another batch already issued, in any case', () => {
    register
      .given([created(create())])
      .when(create({ batchId: 'batch-2', prefix: 'top-', cardNumbers: ['top-9999', 'top-1111'] }))
      .thenFails({ code: 'CardNumberAlreadyIssued', cardNumber: 'top-1111' });
  });

  it('refuses a number listed twice in one batch', () => {
    register
      .given([])
      .when(create({ cardNumbers: ['TOP-1', 'TOP-1'] }))
      .thenFails({ code: 'CardNumberAlreadyIssued', cardNumber: 'TOP-1' });
  });

  it('refuses numbers that do not start with the prefix or are only the prefix', () => {
    register
      .given([])
      .when(create({ cardNumbers: ['X-1'] }))
      .thenFails({ code: 'InvalidValue', field: 'cardNumber' });
    register
      .given([])
      .when(create({ cardNumbers: ['TOP-'] }))
      .thenFails({ code: 'InvalidValue', field: 'cardNumber' });
  });

  it('refuses a value of zero or less, a bad prefix, an empty or oversized batch', () => {
    register
      .given([])
      .when(create({ value: 0n }))
      .thenFails({ code: 'InvalidValue', field: 'value' });
    register
      .given([])
      .when(create({ prefix: 'A B' }))
      .thenFails({ code: 'InvalidValue', field: 'prefix' });
    register
      .given([])
      .when(create({ cardNumbers: [] }))
      .thenFails({ code: 'InvalidValue', field: 'count' });
    const tooMany = Array.from({ length: MAX_CARDS_PER_BATCH + 1 }, (_, index) => `TOP-${index}`);
    register
      .given([])
      .when(create({ cardNumbers: tooMany }))
      .thenFails({ code: 'InvalidValue', field: 'count' });
  });

  it('treats the same batch id again as a retried request: nothing new', () => {
    register
      .given([created(create())])
      .when(create())
      .then([]);
  });
});
