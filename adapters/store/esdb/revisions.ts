import {
  ANY,
  AppendExpectedRevision,
  CurrentRevision,
  NO_STREAM,
  STREAM_EXISTS,
} from '@eventstore/db-client';
import { ExpectedRevision } from '../port';

/** Revisions and positions are JavaScript numbers in the port: exact only below 2^53. */
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** The port's expected revision as the client library spells it. */
export const toEsdbExpectedRevision = (expected: ExpectedRevision): AppendExpectedRevision => {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return toEsdbRevision(expected);
  }
};

/** A stream revision (0-based event number) for the client library. */
export const toEsdbRevision = (revision: number): bigint => {
  if (!Number.isSafeInteger(revision) || revision < 0)
    throw new RangeError(`stream revision must be a non-negative integer, got ${revision}`);
  return BigInt(revision);
};

/** A revision the server reported, as the port's number. */
export const fromEsdbRevision = (revision: bigint): number => {
  if (revision < 0n || revision > MAX_EXACT)
    throw new RangeError(`stream revision ${revision} is outside 0…2^53-1`);
  return Number(revision);
};

/**
 * The current revision a refused append reports. The library says 'no_stream' when the server sent
 * none, but passes a server's "-1" through as -1n: both mean the stream does not exist.
 */
export const fromEsdbCurrentRevision = (current: CurrentRevision): number | 'no_stream' =>
  current === NO_STREAM || current < 0n ? 'no_stream' : fromEsdbRevision(current);
