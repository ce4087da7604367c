import { isLeft } from 'fp-ts/Either';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { formatMoney } from '../../domain/money';
import { createFolio } from '../application/folio';
import { DataFlags, openData } from './data-store';
import { DomainErrorMessage } from './output';

export interface CorrectFlags extends DataFlags {
  readonly comment: string;
}

/**
 * `folio correct TRANSFER_ID --comment WHY`: books the correcting transfer. It writes to the store
 * directly, beside a running server or not: the append carries the account's expected revision, so it
 * can never interleave wrongly with the server's own writes, which the server folds on its next read.
 */
export const correct = async (transferId: string, flags: CorrectFlags): Promise<void> => {
  const { store, snapshotPath } = openData(flags, { writable: true });
  const folio = createFolio({ store, snapshotPath });
  try {
    await folio.kernel.runner.start();
    const booked = await folio.services.corrections.correctTransfer(
      { actor: `cli:${userInfo().username}`, method: 'folio correct', correlationId: randomUUID() },
      transferId,
      flags.comment,
    );
    if (isLeft(booked)) throw new DomainErrorMessage(booked.left);
    const entry = folio.models.transactions.byTransferId(booked.right.correctionId);
    process.stdout.write(
      `Booked correction ${booked.right.correctionId} reversing ${transferId} on ${booked.right.account}: ` +
        `${entry === undefined ? '' : `${formatMoney(entry.amount)} against ${entry.counterAccount}, balance after ${formatMoney(entry.balanceAfter)}, `}` +
        `position ${booked.right.position}\n`,
    );
  } finally {
    await folio.kernel.runner.stop();
    await store.close();
  }
};
