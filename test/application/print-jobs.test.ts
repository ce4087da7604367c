import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isLeft } from 'fp-ts/Either';
import { decodeOrThrow } from '../../application/envelope';
import { Folio } from '../../application/folio';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { DomainError } from '../../domain/errors';
import { printRevenueAccount } from '../../domain/ledger/accounts';
import { parseMoney } from '../../domain/money';
import { checkAsyncProperty } from '../support/property';
import { addUser, ctx, expectRight, startFolio } from '../support/printing';

const money = (text: string): bigint => {
  const parsed = parseMoney(text);
  if (isLeft(parsed)) throw new Error(text);
  return parsed.right;
};

const job = (fields: string) => `user=alice,server=srv,printer=Lab-1,${fields}`;

const refusal = async (folio: Folio, details: string): Promise<DomainError> => {
  const result = await folio.services.printJobs.processJob(ctx, details);
  if (!isLeft(result)) assert.fail(`expected ${details} to be refused`);
  return result.left;
};

const balance = (folio: Folio, user = 'alice') =>
  expectRight(folio.services.balances.getUserAccountBalance(user, ''));
const prop = (folio: Folio, property: string, user = 'alice') =>
  expectRight(folio.services.users.getUserProperty(user, property));
const printerProp = (folio: Folio, property: string, printer = 'Lab-1') =>
  expectRight(folio.services.printers.getPrinterProperty('srv', printer, property));

const eventTypes = (store: ReturnType<typeof createMemoryEventStore>) =>
  store.all().map((recorded) => recorded.type);

const setUp = async () => {
  const store = createMemoryEventStore();
  const started = await startFolio({ store });
  await addUser(started.folio, 'alice');
  return { ...started, store };
};

const printerId = (folio: Folio, printer = 'Lab-1'): string => {
  const found = folio.models.printers.findByName({ server: 'srv', printer });
  assert.ok(found, `printer ${printer} exists`);
  return found.printerId;
};

describe('processJob', () => {
  it('registers an unknown printer on its first job, free until priced', async () => {
    const { folio, store } = await setUp();
    await expectRight(folio.services.printJobs.processJob(ctx, job('total-pages=2')));
    assert.deepEqual(await expectRight(folio.services.printers.listPrinters(0, 10)), ['srv\\Lab-1']);
    const registered = store.all().find((recorded) => recorded.type === 'PrinterRegistered');
    assert.equal((registered?.data as { source: string }).source, 'job');
    assert.equal(await balance(folio), 0n);
    assert.equal(await prop(folio, 'print-stats.job-count'), '1');
    assert.equal(await prop(folio, 'print-stats.page-count'), '2');
  });

  it("prices from the printer's SIMPLE model and moves the money to the printer's revenue account", async () => {
    const { folio, store } = await setUp();
    await expectRight(folio.services.printJobs.processJob(ctx, job('total-pages=1')));
    await expectRight(folio.services.printers.setPrinterCostSimple(ctx, 'srv', 'Lab-1', money('0.10')));
    await expectRight(
      folio.services.printJobs.processJob(ctx, job('total-pages=3,copies=2,document-name=a.pdf')),
    );
    assert.equal(await balance(folio), money('-0.60'));
    const revenue = printRevenueAccount(printerId(folio));
    assert.equal(folio.models.transactions.balanceOf(revenue), money('0.60'));
    assert.equal(folio.models.transactions.trialBalance(), 0n);
    const charge = store.all().filter((recorded) => recorded.type === 'PrintJobCharged')[1];
    const data = decodeOrThrow(charge!).event.data as {
      cause: string;
      counterAccount: string;
      job: { pageCount: number };
    };
    assert.equal(data.cause, 'print-charge');
    assert.equal(data.counterAccount, revenue);
    assert.equal(data.job.pageCount, 6);
    assert.equal(await printerProp(folio, 'print-stats.page-count'), '7');
    assert.equal(await printerProp(folio, 'print-stats.job-count'), '2');
  });

  it("applies the user's cost adjustment to a computed price, but takes a job's own cost as final", async () => {
    const { folio } = await setUp();
    await expectRight(folio.services.printJobs.processJob(ctx, job('total-pages=0')));
    await expectRight(folio.services.printers.setPrinterCostSimple(ctx, 'srv', 'Lab-1', money('0.20')));
    await expectRight(
      folio.services.users.setUserProperty(ctx, 'alice', 'printer-cost-adjustment-rate-percent', '50'),
    );
    await expectRight(folio.services.printJobs.processJob(ctx, job('total-pages=3')));
    assert.equal(await balance(folio), money('-0.30'));
    await expectRight(folio.services.printJobs.processJob(ctx, job('total-pages=3,cost=1.00')));
    assert.equal(await balance(folio), money('-1.30'));
  });

  it('charges the named shared account; the user is counted but not charged', async () => {
    const { folio } = await setUp();
    await expectRight(folio.services.sharedAccounts.addNewSharedAccount(ctx, 'Research'));
    await expectRight(folio.services.sharedAccounts.addNewSharedAccount(ctx, 'Research\\Lab'));
    await expectRight(
      folio.services.printJobs.processJob(ctx, job('cost=2.50,total-pages=4,shared-account=research\\lab')),
    );
    assert.equal(await balance(folio), 0n);
    assert.equal(
      await expectRight(folio.services.sharedAccounts.getSharedAccountAccountBalance('Research\\Lab')),
      money('-2.50'),
    );
    assert.equal(folio.models.transactions.balanceOf(printRevenueAccount(printerId(folio))), money('2.50'));
    assert.equal(folio.models.transactions.trialBalance(), 0n);
    assert.equal(await prop(folio, 'print-stats.page-count'), '4');
    assert.equal(await printerProp(folio, 'print-stats.job-count'), '1');
  });

  describe('refusals are recorded with their reason, not charged and not counted', () => {
    const assertNothingCharged = async (folio: Folio) => {
      assert.equal(await balance(folio), 0n);
      assert.equal(await prop(folio, 'print-stats.job-count'), '0');
      assert.equal(folio.models.transactions.trialBalance(), 0n);
    };

    it('a restricted user without enough credit', async () => {
      const { folio, store } = await setUp();
      await expectRight(folio.services.users.setUserProperty(ctx, 'alice', 'restricted', 'true'));
      const error = await refusal(folio, job('cost=0.01'));
      assert.deepEqual(error, {
        code: 'PrintJobRefused',
        username: 'alice',
        printer: 'srv\\Lab-1',
        reason: 'insufficient-credit',
        detail: "'alice' has 0.00 of credit available and the job costs 0.01",
      });
      assert.equal(eventTypes(store).filter((type) => type === 'PrintJobRefused').length, 1);
      await assertNothingCharged(folio);
    });

    it('a disabled printer, until its time runs out', async () => {
      const { folio, clock } = await setUp();
      await expectRight(folio.services.printJobs.processJob(ctx, job('cost=0')));
      await expectRight(folio.services.printers.disablePrinter(ctx, 'srv', 'Lab-1', 30));
      assert.equal((await refusal(folio, job('cost=1'))).code, 'PrintJobRefused');
      assert.equal(await printerProp(folio, 'disabled'), 'true');
      clock.advanceMinutes(31);
      assert.equal(await printerProp(folio, 'disabled'), 'false');
      await expectRight(folio.services.printJobs.processJob(ctx, job('cost=1')));
      assert.equal(await balance(folio), money('-1'));
    });

    it('printing disabled for the user', async () => {
      const { folio } = await setUp();
      await expectRight(folio.services.users.disablePrintingForUser(ctx, 'alice', -1));
      const error = await refusal(folio, job('cost=1'));
      assert.equal(error.code === 'PrintJobRefused' && error.reason, 'printing-disabled-for-user');
      await assertNothingCharged(folio);
    });

    it('printing disabled for the user also refuses a job for a shared account', async () => {
      const { folio, store } = await setUp();
      await expectRight(folio.services.sharedAccounts.addNewSharedAccount(ctx, 'Research'));
      await expectRight(folio.services.users.disablePrintingForUser(ctx, 'alice', 10));
      const error = await refusal(folio, job('cost=1,shared-account=Research'));
      assert.equal(error.code === 'PrintJobRefused' && error.reason, 'printing-disabled-for-user');
      const refused = store.all().find((recorded) => recorded.type === 'PrintJobRefused');
      assert.ok(refused?.stream.startsWith('user-'));
      assert.equal(
        await expectRight(folio.services.sharedAccounts.getSharedAccountAccountBalance('Research')),
        0n,
      );
    });

    it('a disabled shared account: recorded on the user stream, naming the account', async () => {
      const { folio, store } = await setUp();
      await expectRight(folio.services.sharedAccounts.addNewSharedAccount(ctx, 'Research'));
      await expectRight(folio.services.sharedAccounts.disableSharedAccount(ctx, 'Research', -1));
      const error = await refusal(folio, job('cost=1,shared-account=Research'));
      assert.equal(error.code === 'PrintJobRefused' && error.reason, 'shared-account-disabled');
      const refused = store.all().find((recorded) => recorded.type === 'PrintJobRefused');
      const account = folio.models.sharedAccounts.findByName('Research');
      assert.equal((refused?.data as { sharedAccountId: string }).sharedAccountId, account?.accountId);
      await assertNothingCharged(folio);
    });

    it('a restricted shared account without enough credit', async () => {
      const { folio } = await setUp();
      await expectRight(folio.services.sharedAccounts.addNewSharedAccount(ctx, 'Research'));
      await expectRight(
        folio.services.sharedAccounts.setSharedAccountProperty(ctx, 'Research', 'restricted', 'true'),
      );
      const error = await refusal(folio, job('cost=1,shared-account=Research'));
      assert.equal(error.code === 'PrintJobRefused' && error.reason, 'insufficient-credit');
    });

    it("a user outside the printer's access groups, until added to one", async () => {
      const { folio } = await setUp();
      await expectRight(folio.services.printJobs.processJob(ctx, job('cost=0')));
      await expectRight(folio.services.groups.addNewGroup(ctx, 'Staff'));
      await expectRight(folio.services.printers.addPrinterAccessGroup(ctx, 'srv', 'Lab-1', 'Staff'));
      const error = await refusal(folio, job('cost=1'));
      assert.equal(error.code === 'PrintJobRefused' && error.reason, 'no-printer-access');
      await expectRight(folio.services.groups.addUserToGroup(ctx, 'alice', 'Staff'));
      await expectRight(folio.services.printJobs.processJob(ctx, job('cost=1')));
      await expectRight(folio.services.printers.removePrinterAccessGroup(ctx, 'srv', 'Lab-1', 'Staff'));
      await expectRight(folio.services.printers.addPrinterAccessGroup(ctx, 'srv', 'Lab-1', '!!All Users!!'));
      await expectRight(folio.services.groups.removeUserFromGroup(ctx, 'alice', 'Staff'));
      await expectRight(folio.services.printJobs.processJob(ctx, job('cost=1')));
    });
  });

  describe('faults that record nothing', () => {
    it('malformed details, an unknown user or an unknown shared account', async () => {
      const { folio, store } = await setUp();
      const before = store.all().length;
      assert.equal((await refusal(folio, 'user=alice,server=srv')).code, 'InvalidJobDetails');
      assert.deepEqual(await refusal(folio, 'user=bob,server=srv,printer=p'), {
        code: 'UserNotFound',
        username: 'bob',
      });
      assert.deepEqual(await refusal(folio, job('shared-account=Nope')), {
        code: 'SharedAccountNotFound',
        account: 'Nope',
      });
      assert.equal(store.all().length, before, 'nothing was written, not even a printer');
    });

    it('a job without cost on a printer whose model Folio cannot price', async () => {
      const { folio } = await setUp();
      await expectRight(folio.services.printJobs.processJob(ctx, job('cost=0')));
      await expectRight(
        folio.services.printers.setPrinterProperty(ctx, 'srv', 'Lab-1', 'cost-model', 'AREA'),
      );
      assert.deepEqual(await refusal(folio, job('total-pages=1')), {
        code: 'JobNotPriceable',
        printer: 'srv\\Lab-1',
        model: 'AREA',
      });
      await expectRight(folio.services.printJobs.processJob(ctx, job('cost=0.40')));
      assert.equal(await balance(folio), money('-0.40'));
    });
  });

  it('first jobs arriving at once on a new printer register it once and all charge', async () => {
    const { folio, store } = await setUp();
    await Promise.all(
      Array.from({ length: 8 }, () =>
        expectRight(folio.services.printJobs.processJob(ctx, 'user=alice,server=srv,printer=New,cost=0.10')),
      ),
    );
    assert.deepEqual(await expectRight(folio.services.printers.listPrinters(0, 10)), ['srv\\New']);
    assert.equal(eventTypes(store).filter((type) => type === 'PrinterRegistered').length, 1);
    assert.equal(await printerProp(folio, 'print-stats.job-count', 'New'), '8');
    assert.equal(await balance(folio), money('-0.80'));
  });

  it('the trial balance is always zero and print revenue equals what was charged (any jobs)', () =>
    checkAsyncProperty(
      fc.asyncProperty(
        fc.array(
          fc.record({
            cents: fc.integer({ min: 0, max: 500 }),
            printer: fc.constantFrom('A', 'B'),
            shared: fc.boolean(),
            restricted: fc.boolean(),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (jobs) => {
          const { folio } = await setUp();
          await expectRight(folio.services.sharedAccounts.addNewSharedAccount(ctx, 'Research'));
          await expectRight(
            folio.services.balances.adjustUserAccountBalance(ctx, 'alice', money('10'), 'top-up', ''),
          );
          let charged = 0n;
          for (const each of jobs) {
            await expectRight(
              folio.services.users.setUserProperty(ctx, 'alice', 'restricted', String(each.restricted)),
            );
            const cost = BigInt(each.cents) * 10_000n;
            const result = await folio.services.printJobs.processJob(
              ctx,
              `user=alice,server=srv,printer=${each.printer},cost=${each.cents / 100}${each.shared ? ',shared-account=Research' : ''}`,
            );
            if (!isLeft(result)) charged += cost;
            else assert.equal(result.left.code, 'PrintJobRefused');
            assert.equal(folio.models.transactions.trialBalance(), 0n);
          }
          const revenue = folio.models.printers
            .sorted()
            .reduce(
              (sum, p) => sum + folio.models.transactions.balanceOf(printRevenueAccount(p.printerId)),
              0n,
            );
          assert.equal(revenue, charged);
        },
      ),
      25,
    ));
});
