import { isLeft } from 'fp-ts/Either';
import { formatMoney } from '../../domain/money';
import { DataFlags } from './data-store';
import { withLocalFolio } from './local-folio';
import { DomainErrorMessage } from './output';

export interface CorrectFlags extends DataFlags {
  readonly comment: string;
}

/**
 * `folio correct TRANSFER_ID --comment WHY`: books the correcting transfer. It writes to the store
 * directly, beside a running server or not: the append carries the account's expected revision, so it
 * can never interleave wrongly with the server's own writes, which the server folds on its next read.
 */
export const correct = (transferId: string, flags: CorrectFlags): Promise<void> =>
  withLocalFolio(flags, 'correct', async (folio, context) => {
    const booked = await folio.services.corrections.correctTransfer(context, transferId, flags.comment);
    if (isLeft(booked)) throw new DomainErrorMessage(booked.left);
    const entry = folio.models.transactions.byTransferId(booked.right.correctionId);
    process.stdout.write(
      `Booked correction ${booked.right.correctionId} reversing ${transferId} on ${booked.right.account}: ` +
        `${entry === undefined ? '' : `${formatMoney(entry.amount)} against ${entry.counterAccount}, balance after ${formatMoney(entry.balanceAfter)}, `}` +
        `position ${booked.right.position}\n`,
    );
  });
