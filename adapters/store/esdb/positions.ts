import { Position } from '@eventstore/db-client';

/**
 * EventStoreDB places every event at a (commit, prepare) pair of byte offsets in its transaction
 * log. Events written by the gRPC API (every Folio append, single or multi-event) are implicitly
 * committed, so each has its own commit position, equal to its prepare position, and $all is
 * ordered by it: the commit position alone is the port's global position. It is strictly increasing
 * and never contiguous (the next event is further on by at least the size of this one).
 *
 * Bound: the port's positions are JavaScript numbers, exact up to 2^53 − 1 bytes (8 PiB) of
 * transaction log. A cluster that ever got there would have to split its log; we refuse rather than
 * round silently.
 */
export const MAX_GLOBAL_POSITION = BigInt(Number.MAX_SAFE_INTEGER);

export class PositionOutOfRangeError extends Error {
  constructor(readonly position: Position | undefined) {
    super(
      position === undefined
        ? 'EventStoreDB returned an event without its log position (needs EventStoreDB/KurrentDB 22.10 or later)'
        : `EventStoreDB log position ${position.commit}/${position.prepare} is beyond what Folio can address (2^53 − 1)`,
    );
    this.name = 'PositionOutOfRangeError';
  }
}

export const toGlobalPosition = (position: Position | undefined): number => {
  if (position === undefined || position.commit < 0n || position.commit > MAX_GLOBAL_POSITION)
    throw new PositionOutOfRangeError(position);
  return Number(position.commit);
};
