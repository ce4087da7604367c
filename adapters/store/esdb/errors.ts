import { ErrorType, StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import { ExpectedRevision, WrongExpectedRevisionError } from '../port';
import { fromEsdbCurrentRevision } from './revisions';

const hasErrorType = (error: unknown, type: ErrorType): boolean =>
  error instanceof Error && (error as { type?: unknown }).type === type;

export const isWrongExpectedVersion = (error: unknown): error is WrongExpectedVersionError =>
  error instanceof WrongExpectedVersionError || hasErrorType(error, ErrorType.WRONG_EXPECTED_VERSION);

/** Reading a stream that was never written is, for the port, reading an empty stream. */
export const isStreamNotFound = (error: unknown): error is StreamNotFoundError =>
  error instanceof StreamNotFoundError || hasErrorType(error, ErrorType.STREAM_NOT_FOUND);

/** The server's concurrency refusal as the port's, with the revision the stream actually has. */
export const toWrongExpectedRevision = (
  error: WrongExpectedVersionError,
  stream: string,
  expected: ExpectedRevision,
): WrongExpectedRevisionError =>
  new WrongExpectedRevisionError(stream, expected, fromEsdbCurrentRevision(error.actualVersion));
