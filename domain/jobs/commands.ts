import type { TransferRequest } from '../ledger/transfer-request';
import type { Money } from '../money';
import type { UserPolicy } from '../users/commands';
import type { PrintJob, PrintRefusalReason } from './events';

export interface PrintRefusal {
  readonly reason: PrintRefusalReason;
  readonly detail: string;
}

/** On the user's stream: charge a job to the default personal account, or record why it was refused. */
export type UserPrintJobCommand =
  | {
      readonly kind: 'ChargePrintJob';
      readonly job: PrintJob;
      /** The final price (zero or more); the account moves by −cost. */
      readonly cost: Money;
      readonly transfer: TransferRequest;
      readonly policy: UserPolicy;
      readonly now: Date;
      /** A refusal the printer's state already calls for (disabled, no access); null = none. */
      readonly refusal: PrintRefusal | null;
    }
  | {
      readonly kind: 'RefusePrintJob';
      readonly job: PrintJob;
      readonly cost: Money;
      readonly sharedAccountId: string;
      readonly refusal: PrintRefusal;
    };

/** On a shared account's stream: charge a job; a refusal is an error the caller records on the user's stream. */
export interface ChargeSharedAccountPrintJob {
  readonly kind: 'ChargeSharedAccountPrintJob';
  readonly userId: string;
  readonly username: string;
  /** The account's full name (`parent\sub`), for the refusal's words. */
  readonly accountName: string;
  readonly job: PrintJob;
  readonly cost: Money;
  readonly transfer: TransferRequest;
  readonly defaultOverdraft: Money;
  readonly now: Date;
}
