import { SystemAccount, TransferCause } from './accounts';

/** What the caller decides about a balance movement before the aggregate decides whether it applies. */
export interface TransferRequest {
  readonly transferId: string;
  readonly cause: TransferCause;
  /** The system account on the other side; see counterAccountFor. */
  readonly counterAccount: SystemAccount;
  readonly comment: string;
  readonly operationId?: string;
  readonly correctsTransferId?: string;
}

export const transferLinks = (
  request: TransferRequest,
): { operationId?: string; correctsTransferId?: string } => ({
  ...(request.operationId === undefined ? {} : { operationId: request.operationId }),
  ...(request.correctsTransferId === undefined ? {} : { correctsTransferId: request.correctsTransferId }),
});
