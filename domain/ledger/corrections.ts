import { Either, left, right } from 'fp-ts/Either';
import { DomainError } from '../errors';
import { Money } from '../money';
import { SystemAccount, TransferCause } from './accounts';
import { TransferRequest } from './transfer-request';

/**
 * A transfer as the log recorded it, as much as correcting it needs. The application reads it from
 * the stream the correction is decided on, so the facts are the log's own.
 */
export interface RecordedTransfer {
  readonly transferId: string;
  /** The personal account for a user's transfer ('' = the default account); '' for a shared account. */
  readonly account: string;
  readonly amount: Money;
  readonly counterAccount: SystemAccount;
  readonly cause: TransferCause;
  readonly correctsTransferId?: string;
}

/** Original transfer id → the transfer id of its correction, as an account's stream folds them. */
export type Corrections = Readonly<Record<string, string>>;

/**
 * Corrections, never edits: a mistaken transfer stays in the log and is reversed by a new transfer
 * of the opposite amount, booked against the original's counter-account with cause `correction` and
 * pointing to the original. A transfer is corrected at most once, and a correction is not itself
 * corrected (booking the intended transfer anew says what happened more plainly than undoing an undo).
 */
export const decideCorrection = (
  original: RecordedTransfer,
  corrections: Corrections,
  correctionId: string,
  comment: string,
): Either<DomainError, { readonly request: TransferRequest; readonly amount: Money }> => {
  if (original.cause === 'correction' || original.correctsTransferId !== undefined)
    return left({
      code: 'TransferNotCorrectable',
      transferId: original.transferId,
      reason: 'it is itself a correction; book the intended transfer anew instead',
    });
  const existing = Object.hasOwn(corrections, original.transferId)
    ? corrections[original.transferId]
    : undefined;
  if (existing !== undefined)
    return left({
      code: 'TransferAlreadyCorrected',
      transferId: original.transferId,
      correctionId: existing,
    });
  return right({
    amount: -original.amount,
    request: {
      transferId: correctionId,
      cause: 'correction',
      counterAccount: original.counterAccount,
      comment,
      correctsTransferId: original.transferId,
    },
  });
};

/** The state change a booked correction makes: the original is marked corrected. */
export const recordCorrection = (
  corrections: Corrections,
  transfer: { readonly transferId: string; readonly correctsTransferId?: string },
): Corrections =>
  transfer.correctsTransferId === undefined
    ? corrections
    : { ...corrections, [transfer.correctsTransferId]: transfer.transferId };
