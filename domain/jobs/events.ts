import * as t from 'io-ts';
import { defineEvent } from '../event-definition';
import { TransferFields, TransferLinks } from '../ledger/transfer';
import { MoneyCodec } from '../money';

/**
 * What a print job was, as every job event carries it: enough for an auditor or a report without
 * joining anything (the printer's name at the time, pages, copies, the document).
 */
export const PrintJobFields = t.type(
  {
    jobId: t.string,
    printerId: t.string,
    /** `server\printer` when the job printed. */
    printer: t.string,
    /** `yyyy-MM-ddTHH:mm:ss` from the print server's clock, '' when it sent none. */
    printedAt: t.string,
    totalPages: t.number,
    colorPages: t.number,
    copies: t.number,
    /** totalPages × copies: what the page counts grow by. */
    pageCount: t.number,
    duplex: t.boolean,
    documentName: t.string,
    paperSizeName: t.string,
    paperWidthMm: t.string,
    paperHeightMm: t.string,
    documentSizeKb: t.number,
    invoice: t.string,
    comment: t.string,
    clientMachine: t.string,
    clientIp: t.string,
    /** `job`: the print server sent the cost; `cost-model`: Folio priced it from the printer's cost model. */
    costSource: t.keyof({ job: null, 'cost-model': null }),
    /** Names of job-detail fields Folio did not know and ignored. */
    ignoredFields: t.array(t.string),
  },
  'PrintJob',
);
export type PrintJob = t.TypeOf<typeof PrintJobFields>;

/** Why a job was refused; each reason is recorded and named in processJob's fault. */
export const PrintRefusalReason = t.keyof({
  'printer-disabled': null,
  'no-printer-access': null,
  'printing-disabled-for-user': null,
  'shared-account-disabled': null,
  'insufficient-credit': null,
});
export type PrintRefusalReason = t.TypeOf<typeof PrintRefusalReason>;

export const PrintJobCharged = defineEvent(
  'PrintJobCharged',
  1,
  "A print job was logged and charged to the user's default personal account: the transfer (cause `print-charge`, `amount` = −cost, possibly 0) moves the cost to the printer's revenue account `system:print-revenue:<printerId>`. The user's and the printer's job count grow by one and their page counts by `job.pageCount`.",
  t.intersection([
    t.type({ userId: t.string, account: t.string, job: PrintJobFields, ...TransferFields }),
    TransferLinks,
  ]),
);

export const SharedAccountPrintJobCharged = defineEvent(
  'SharedAccountPrintJobCharged',
  1,
  "A print job of user `userId` was logged and charged to this shared account (processJob's `shared-account`): the transfer (cause `print-charge`) moves the cost to the printer's revenue account. The user's and the printer's counts grow as for PrintJobCharged.",
  t.intersection([
    t.type({ accountId: t.string, userId: t.string, job: PrintJobFields, ...TransferFields }),
    TransferLinks,
  ]),
);

export const PrintJobRefused = defineEvent(
  'PrintJobRefused',
  1,
  'A print job of this user was refused and not charged: `reason` says why (printer disabled, no access to the printer, printing disabled for the user, shared account disabled, not enough credit), `detail` says it in words. `cost` is what it would have cost; `sharedAccountId` is the account it was to be charged to (empty = personal). Counts do not change.',
  t.type({
    userId: t.string,
    job: PrintJobFields,
    cost: MoneyCodec,
    sharedAccountId: t.string,
    reason: PrintRefusalReason,
    detail: t.string,
  }),
);
