import { Either, left, right } from 'fp-ts/Either';
import { DomainError } from '../domain/errors';

/**
 * `offset` is a 0-based index into the sorted list and `limit` the page size; past the end gives [].
 * A limit of 0 or less means no limit: every item from `offset` on. The API's conventions say so, and
 * clients in the wild send 0 (and Java callers -1) to ask for everything; an empty answer would
 * make them believe the list is empty. No hidden cap: clients stop when a page is shorter than the
 * limit they asked for.
 */
export const page = <T>(
  items: readonly T[],
  offset: number,
  limit: number,
): Either<DomainError, readonly T[]> => {
  if (!Number.isInteger(offset) || offset < 0)
    return left({
      code: 'InvalidValue',
      field: 'offset',
      value: String(offset),
      expected: 'an index of 0 or more',
    });
  if (!Number.isInteger(limit))
    return left({
      code: 'InvalidValue',
      field: 'limit',
      value: String(limit),
      expected: 'a whole page size (0 or less for no limit)',
    });
  return right(limit <= 0 ? items.slice(offset) : items.slice(offset, offset + limit));
};
