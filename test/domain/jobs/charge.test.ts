import { describe, it } from 'node:test';
import { PrintJob } from '../../../domain/jobs/events';
import { sharedAccountDecider } from '../../../domain/shared-accounts/decide';
import { SharedAccountEvent } from '../../../domain/shared-accounts/events';
import { UserPolicy } from '../../../domain/users/commands';
import { userDecider } from '../../../domain/users/decide';
import { UserEvent } from '../../../domain/users/events';
import { specFor } from '../../support/decider-spec';

const userId = 'u-1';
const now = new Date('2025-03-01T10:00:00Z');
const policy: UserPolicy = { defaultOverdraft: 0n, personalAccounts: [] };
const job: PrintJob = {
  jobId: 'j-1',
  printerId: 'p-1',
  printer: 'srv\\Lab-1',
  printedAt: '',
  totalPages: 3,
  colorPages: 0,
  copies: 2,
  pageCount: 6,
  duplex: false,
  documentName: 'notes.pdf',
  paperSizeName: '',
  paperWidthMm: '',
  paperHeightMm: '',
  documentSizeKb: 0,
  invoice: '',
  comment: '',
  clientMachine: '',
  clientIp: '',
  costSource: 'cost-model',
  ignoredFields: [],
};
const transfer = {
  transferId: 't-1',
  cause: 'print-charge' as const,
  counterAccount: 'system:print-revenue:p-1',
  comment: 'Print job',
};

const users = specFor(userDecider);
const created: UserEvent = {
  type: 'UserCreated',
  data: { userId, username: 'alice', internal: true, source: 'internal' },
};
const topUp = (balance: bigint): UserEvent => ({
  type: 'UserBalanceAdjusted',
  data: {
    userId,
    account: '',
    transferId: 't-0',
    amount: balance,
    balanceAfter: balance,
    counterAccount: 'system:adjustments',
    cause: 'admin-adjustment',
    comment: '',
  },
});
const restricted: UserEvent = { type: 'UserRestrictionChanged', data: { userId, restricted: true } };
const charge = (cost: bigint, refusal: null | { reason: 'printer-disabled'; detail: string } = null) =>
  ({ kind: 'ChargePrintJob', job, cost, transfer, policy, now, refusal }) as const;
const charged = (cost: bigint, balanceAfter: bigint): UserEvent => ({
  type: 'PrintJobCharged',
  data: { userId, account: '', job, ...transfer, amount: -cost, balanceAfter },
});
const refused = (reason: string, detail: string, cost: bigint, sharedAccountId = ''): UserEvent =>
  ({
    type: 'PrintJobRefused',
    data: { userId, job, cost, sharedAccountId, reason, detail },
  }) as UserEvent;

describe('print jobs on the user stream', () => {
  it('charges the default personal account, transferring to the printer revenue account', () =>
    users
      .given([created, topUp(5_000_000n)])
      .when(charge(600_000n))
      .then([charged(600_000n, 4_400_000n)]));

  it('an unrestricted user may go below zero', () =>
    users
      .given([created])
      .when(charge(600_000n))
      .then([charged(600_000n, -600_000n)]));

  it('a free job is still logged (a transfer of zero)', () =>
    users
      .given([created])
      .when(charge(0n))
      .then([charged(0n, 0n)]));

  it('a restricted user with enough credit is charged down to exactly zero', () =>
    users
      .given([created, topUp(600_000n), restricted])
      .when(charge(600_000n))
      .then([charged(600_000n, 0n)]));

  it('a restricted user without enough credit: the job is refused and recorded, not charged', () =>
    users
      .given([created, topUp(500_000n), restricted])
      .when(charge(600_000n))
      .then([
        refused(
          'insufficient-credit',
          "'alice' has 0.50 of credit available and the job costs 0.60",
          600_000n,
        ),
      ]));

  it('the site overdraft counts as credit', () =>
    users
      .given([created, restricted])
      .when({ ...charge(600_000n), policy: { ...policy, defaultOverdraft: 1_000_000n } })
      .then([charged(600_000n, -600_000n)]));

  it('printing disabled for the user refuses the job', () =>
    users
      .given([created, { type: 'UserPrintingDisabled', data: { userId, until: '2025-03-01T10:30:00.000Z' } }])
      .when(charge(100n))
      .then([
        refused(
          'printing-disabled-for-user',
          'printing is disabled for the user until 2025-03-01T10:30:00.000Z',
          100n,
        ),
      ]));

  it('a printing disable that has run out does not refuse', () =>
    users
      .given([created, { type: 'UserPrintingDisabled', data: { userId, until: '2025-03-01T09:59:00.000Z' } }])
      .when(charge(100n))
      .then([charged(100n, -100n)]));

  it("a refusal the printer's state calls for is recorded as given", () =>
    users
      .given([created])
      .when(charge(100n, { reason: 'printer-disabled', detail: 'the printer is disabled until re-enabled' }))
      .then([refused('printer-disabled', 'the printer is disabled until re-enabled', 100n)]));

  it('RefusePrintJob records a refusal of a job meant for a shared account', () =>
    users
      .given([created])
      .when({
        kind: 'RefusePrintJob',
        job,
        cost: 100n,
        sharedAccountId: 's-1',
        refusal: { reason: 'shared-account-disabled', detail: 'disabled' },
      })
      .then([refused('shared-account-disabled', 'disabled', 100n, 's-1')]));

  it('a deleted user cannot print', () =>
    users
      .given([created, { type: 'UserDeleted', data: { userId, username: 'alice', redacted: false } }])
      .when(charge(100n))
      .thenFails({ code: 'UserNotFound' }));

  it('a balance beyond the limit is refused as out of range', () =>
    users
      .given([created])
      .when(charge(2_000_000_000_000_000_000n))
      .thenFails({ code: 'AmountOutOfRange', field: 'balance' }));
});

describe('print jobs on a shared account', () => {
  const accountId = 's-1';
  const shared = specFor(sharedAccountDecider);
  const createdAccount: SharedAccountEvent = {
    type: 'SharedAccountCreated',
    data: { accountId, name: 'Research', parentId: '' },
  };
  const command = (cost: bigint) =>
    ({
      kind: 'ChargeSharedAccountPrintJob',
      userId,
      username: 'alice',
      accountName: 'Research',
      job,
      cost,
      transfer,
      defaultOverdraft: 0n,
      now,
    }) as const;

  it('charges the account with the user and job recorded', () =>
    shared
      .given([createdAccount])
      .when(command(250_000n))
      .then([
        {
          type: 'SharedAccountPrintJobCharged',
          data: { accountId, userId, job, ...transfer, amount: -250_000n, balanceAfter: -250_000n },
        },
      ]));

  it('a disabled account refuses, naming the reason (the caller records it on the user stream)', () =>
    shared
      .given([createdAccount, { type: 'SharedAccountDisabled', data: { accountId, until: '' } }])
      .when(command(1n))
      .thenFails({
        code: 'PrintJobRefused',
        username: 'alice',
        printer: 'srv\\Lab-1',
        reason: 'shared-account-disabled',
        detail: "the shared account 'Research' is disabled until re-enabled",
      }));

  it('a restricted account without enough credit refuses', () =>
    shared
      .given([
        createdAccount,
        { type: 'SharedAccountRestrictionChanged', data: { accountId, restricted: true } },
      ])
      .when(command(1n))
      .thenFails({ code: 'PrintJobRefused', reason: 'insufficient-credit' }));
});
