import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { parseLedgerAccountKey } from '../../domain/ledger/accounts';
import { RecordedTransfer } from '../../domain/ledger/corrections';
import { sharedAccountStream, userStream } from '../../domain/streams';
import { decodeOrThrow, RequestContext } from '../envelope';
import { EventStore } from '../../adapters/store/port';
import { ReadModels } from '../../projections';
import { CommandHandlers } from '../command-handlers';
import { IdGenerator } from '../ids';
import { ReadYourWrites, Result } from '../kernel';

/** What corrections use, and nothing else. */
export interface CorrectionPorts {
  readonly users: CommandHandlers['users'];
  readonly sharedAccounts: CommandHandlers['sharedAccounts'];
  /** The transfer is located through the transactions read model ... */
  readonly models: Pick<ReadModels, 'transactions'>;
  /** ... but corrected from its own stream's record (see readOriginal). */
  readonly store: Pick<EventStore, 'readStream'>;
  readonly ids: IdGenerator;
  readonly readYourWrites: ReadYourWrites;
}

export interface CorrectionBooked {
  readonly correctionId: string;
  readonly originalId: string;
  readonly account: string;
  /** Global position of the correcting event. */
  readonly position: number;
}

/** The original transfer as its own stream recorded it: the correction never trusts a read model's copy. */
const readOriginal = async (
  store: Pick<EventStore, 'readStream'>,
  stream: string,
  transferId: string,
): Promise<RecordedTransfer | undefined> => {
  for (const recorded of await store.readStream(stream)) {
    const { event } = decodeOrThrow(recorded);
    // Print charges are transfers too: a jammed job's charge is corrected like any other.
    if (
      (event.type === 'UserBalanceAdjusted' || event.type === 'PrintJobCharged') &&
      event.data.transferId === transferId
    )
      return event.data;
    if (
      (event.type === 'SharedAccountBalanceAdjusted' || event.type === 'SharedAccountPrintJobCharged') &&
      event.data.transferId === transferId
    )
      return { ...event.data, account: '' };
  }
  return undefined;
};

/**
 * Corrections, never edits: reverses a mistaken transfer with a new transfer on the same account that
 * points to the original (see domain/ledger/corrections.ts). Both stay in the log and in every report.
 */
export const createCorrectionServices = ({
  users,
  sharedAccounts,
  models,
  store,
  ids,
  readYourWrites,
}: CorrectionPorts) => ({
  correctTransfer: async (
    context: RequestContext,
    transferId: string,
    comment: string,
  ): Result<CorrectionBooked> => {
    if (comment.trim() === '')
      return left({
        code: 'InvalidValue',
        field: 'comment',
        value: comment,
        expected: 'the reason for the correction (it is kept in the log)',
      });
    const entry = models.transactions.byTransferId(transferId);
    const account = entry === undefined ? undefined : parseLedgerAccountKey(entry.account);
    if (entry === undefined || account === undefined || account.kind === 'system')
      return left({ code: 'TransferNotFound', transferId });
    const stream =
      account.kind === 'user' ? userStream(account.userId) : sharedAccountStream(account.accountId);
    const original = await readOriginal(store, stream, transferId);
    if (original === undefined) return left({ code: 'TransferNotFound', transferId });
    const correctionId = ids();
    const executed: Either<DomainError, { readonly position: number }> =
      account.kind === 'user'
        ? await users.handle(
            account.userId,
            { kind: 'CorrectTransfer', original, correctionId, comment },
            context,
          )
        : await sharedAccounts.handle(
            account.accountId,
            { kind: 'CorrectSharedAccountTransfer', original, correctionId, comment },
            context,
          );
    const done = await readYourWrites(executed);
    if (isLeft(done)) return done;
    return right({
      correctionId,
      originalId: transferId,
      account: entry.account,
      position: done.right.position,
    });
  },
});

export type CorrectionServices = ReturnType<typeof createCorrectionServices>;
