import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { printerRefusal, userPrintingRefusal } from '../../domain/jobs/admission';
import { PrintRefusal } from '../../domain/jobs/commands';
import { PrintJob, PrintRefusalReason } from '../../domain/jobs/events';
import { JobDetails, parseJobDetails } from '../../domain/jobs/job-details';
import { adjustCost, priceJob } from '../../domain/jobs/pricing';
import { printRevenueAccount } from '../../domain/ledger/accounts';
import { TransferRequest } from '../../domain/ledger/transfer-request';
import { Money } from '../../domain/money';
import { printerDisplayName } from '../../domain/printers/names';
import { Printer } from '../../domain/printers/state';
import { SharedAccount } from '../../domain/shared-accounts/state';
import { User } from '../../domain/users/state';
import { ALL_USERS_GROUP_ID, INTERNAL_USERS_GROUP_ID } from '../../projections/groups';
import { RequestContext } from '../envelope';
import { ok, Result } from '../kernel';
import { ReadModels } from '../../projections';
import { CommandHandlers } from '../command-handlers';

import { sharedAccountDefaultOverdraft, userPolicy } from '../policy';
import { findSharedAccount, findUser } from '../resolve';
import { createPrinterRegistrationServices, PrinterRegistrationPorts } from './printer-registration';

/**
 * What printing uses: printer registration (a job may name a printer not seen before), the user and
 * shared-account handlers it charges, and the read models that find the payer and the policy.
 */
export interface PrintJobPorts extends PrinterRegistrationPorts {
  readonly handlers: Pick<CommandHandlers, 'claims' | 'printers' | 'users' | 'sharedAccounts'>;
  readonly models: Pick<ReadModels, 'printers' | 'users' | 'groups' | 'sharedAccounts' | 'config'>;
  readonly clock: () => Date;
}

const refusedError = (user: User, job: PrintJob, refusal: PrintRefusal): DomainError => ({
  code: 'PrintJobRefused',
  username: user.username,
  printer: job.printer,
  reason: refusal.reason,
  detail: refusal.detail,
});

/** The price of a job: its own `cost` as final, or the printer's cost model adjusted by the user's rate. */
const priceFor = (
  details: JobDetails,
  printer: Printer,
  user: User,
): Either<DomainError, { cost: Money; source: PrintJob['costSource'] }> => {
  if (details.cost !== null) return right({ cost: details.cost, source: 'job' });
  const priced = priceJob(printer, details);
  return isLeft(priced)
    ? priced
    : right({ cost: adjustCost(priced.right, user.costAdjustmentPercent), source: 'cost-model' });
};

const jobOf = (
  jobId: string,
  details: JobDetails,
  printer: Printer,
  costSource: PrintJob['costSource'],
): PrintJob => ({
  jobId,
  printerId: printer.printerId,
  printer: printerDisplayName(printer),
  printedAt: details.printedAt,
  totalPages: details.totalPages,
  colorPages: details.colorPages,
  copies: details.copies,
  pageCount: details.totalPages * details.copies,
  duplex: details.duplex,
  documentName: details.documentName,
  paperSizeName: details.paperSizeName,
  paperWidthMm: details.paperWidthMm,
  paperHeightMm: details.paperHeightMm,
  documentSizeKb: details.documentSizeKb,
  invoice: details.invoice,
  comment: details.comment,
  clientMachine: details.clientMachine,
  clientIp: details.clientIp,
  costSource,
  ignoredFields: [...details.ignoredFields],
});

/**
 * processJob: parse, find the user (and shared account), register an unknown printer, price, and
 * charge through a transfer to the printer's revenue account — or record why the job was refused.
 * A refused job answers with a fault that names the reason; nothing is charged and no count grows.
 */
export const createPrintJobServices = (ports: PrintJobPorts) => {
  const { models } = ports;
  const registration = createPrinterRegistrationServices(ports);

  const userGroupIds = (user: User): readonly string[] => [
    ALL_USERS_GROUP_ID,
    ...(user.internal ? [INTERNAL_USERS_GROUP_ID] : []),
    ...models.groups.groupIdsOfUser(user.userId),
  ];

  const recordRefusal = async (
    context: RequestContext,
    user: User,
    job: PrintJob,
    cost: Money,
    sharedAccountId: string,
    refusal: PrintRefusal,
  ): Result<never> => {
    const recorded = await ports.readYourWrites(
      await ports.handlers.users.handle(
        user.userId,
        { kind: 'RefusePrintJob', job, cost, sharedAccountId, refusal },
        context,
      ),
    );
    return isLeft(recorded) ? recorded : left(refusedError(user, job, refusal));
  };

  const chargeUser = async (
    context: RequestContext,
    user: User,
    job: PrintJob,
    cost: Money,
    transfer: TransferRequest,
    refusal: PrintRefusal | null,
    now: Date,
  ): Result<true> => {
    const executed = await ports.readYourWrites(
      await ports.handlers.users.handle(
        user.userId,
        { kind: 'ChargePrintJob', job, cost, transfer, policy: userPolicy(models.config), now, refusal },
        context,
      ),
    );
    if (isLeft(executed)) return executed;
    for (const event of executed.right.events)
      if (event.type === 'PrintJobRefused')
        return left(refusedError(user, job, { reason: event.data.reason, detail: event.data.detail }));
    return ok;
  };

  const chargeSharedAccount = async (
    context: RequestContext,
    user: User,
    account: SharedAccount,
    job: PrintJob,
    cost: Money,
    transfer: TransferRequest,
    now: Date,
  ): Result<true> => {
    const executed = await ports.readYourWrites(
      await ports.handlers.sharedAccounts.handle(
        account.accountId,
        {
          kind: 'ChargeSharedAccountPrintJob',
          userId: user.userId,
          username: user.username,
          accountName: models.sharedAccounts.fullName(account),
          job,
          cost,
          transfer,
          defaultOverdraft: sharedAccountDefaultOverdraft(models.config),
          now,
        },
        context,
      ),
    );
    if (isLeft(executed)) {
      const error = executed.left;
      return error.code === 'PrintJobRefused' && PrintRefusalReason.is(error.reason)
        ? recordRefusal(context, user, job, cost, account.accountId, {
            reason: error.reason,
            detail: error.detail,
          })
        : executed;
    }
    return ok;
  };

  return {
    processJob: async (context: RequestContext, jobDetails: string): Result<true> => {
      const details = parseJobDetails(jobDetails);
      if (isLeft(details)) return details;
      const user = findUser(models, details.right.user);
      if (isLeft(user)) return user;
      const account =
        details.right.sharedAccount === ''
          ? right(null)
          : findSharedAccount(models, details.right.sharedAccount);
      if (isLeft(account)) return account;
      const printer = await registration.ensurePrinter(context, details.right.server, details.right.printer);
      if (isLeft(printer)) return printer;
      const price = priceFor(details.right, printer.right, user.right);
      if (isLeft(price)) return price;

      const { cost, source } = price.right;
      const job = jobOf(ports.ids(), details.right, printer.right, source);
      const now = ports.clock();
      const transfer: TransferRequest = {
        transferId: ports.ids(),
        cause: 'print-charge',
        counterAccount: printRevenueAccount(printer.right.printerId),
        comment: `Print job on ${job.printer}: ${job.documentName === '' ? '(untitled)' : job.documentName}, ${job.pageCount} page(s)`,
      };
      const refusal = printerRefusal(printer.right, now, userGroupIds(user.right));
      if (account.right === null) return chargeUser(context, user.right, job, cost, transfer, refusal, now);
      const userRefusal = refusal ?? userPrintingRefusal(user.right.printingDisabledUntil, now);
      if (userRefusal !== null)
        return recordRefusal(context, user.right, job, cost, account.right.accountId, userRefusal);
      return chargeSharedAccount(context, user.right, account.right, job, cost, transfer, now);
    },
  };
};

export type PrintJobServices = ReturnType<typeof createPrintJobServices>;
