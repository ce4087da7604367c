import { Either, left, right } from 'fp-ts/Either';
import { DomainError } from '../domain/errors';

/**
 * `offset` is a 0-based index into the sorted list and `limit` the page size; past the end gives [].
 * No hidden cap: clients stop when a page is shorter than the limit they asked for.
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
  if (!Number.isInteger(limit) || limit < 0)
    return left({
      code: 'InvalidValue',
      field: 'limit',
      value: String(limit),
      expected: 'a page size of 0 or more',
    });
  return right(items.slice(offset, offset + limit));
};
