import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Either, isLeft } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { Folio } from '../../application/folio';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { printRevenueAccount } from '../../domain/ledger/accounts';
import { createReadModels } from '../../projections';
import { printerStream } from '../../domain/streams';
import { addUser, ctx, expectRight, startFolio } from '../support/printing';

const setUp = async () => {
  const store = createMemoryEventStore();
  const started = await startFolio({ store });
  await addUser(started.folio, 'alice');
  return { ...started, store };
};

const register = (folio: Folio, server: string, printer: string, costPerPage?: bigint) =>
  expectRight(
    folio.services.printerRegistration.registerPrinter(ctx, server, printer, {
      source: 'administrator',
      ...(costPerPage === undefined ? {} : { costPerPage }),
    }),
  );

const list = (folio: Folio) => expectRight(folio.services.printers.listPrinters(0, 100));
const failure = async <T>(
  result: Promise<Either<DomainError, T>> | Either<DomainError, T>,
): Promise<DomainError> => {
  const settled = await result;
  if (!isLeft(settled)) assert.fail('expected a domain error');
  return settled.left;
};

describe('printer services', () => {
  it('an administrator registers a printer with a price; registering it again is refused', async () => {
    const { folio } = await setUp();
    const printer = await register(folio, 'srv', 'Lab-1', 150_000n);
    assert.equal(printer.source, 'administrator');
    assert.equal(await expectRight(folio.services.printers.getPrinterCostSimple('srv', 'Lab-1')), 150_000n);
    assert.deepEqual(
      await failure(
        folio.services.printerRegistration.registerPrinter(ctx, 'SRV', 'lab-1', { source: 'administrator' }),
      ),
      {
        code: 'PrinterAlreadyExists',
        printer: 'SRV\\lab-1',
      },
    );
  });

  it('lists printers as server\\printer sorted case-insensitively, and pages through them', async () => {
    const { folio } = await setUp();
    for (const [server, printer] of [
      ['srv', 'b'],
      ['Alpha', 'z'],
      ['srv', 'A'],
      ['beta', 'x'],
    ] as const)
      await register(folio, server, printer);
    assert.deepEqual(await list(folio), ['Alpha\\z', 'beta\\x', 'srv\\A', 'srv\\b']);
    assert.deepEqual(await expectRight(folio.services.printers.listPrinters(1, 2)), ['beta\\x', 'srv\\A']);
    assert.deepEqual(await expectRight(folio.services.printers.listPrinters(4, 2)), []);
    assert.equal((await failure(folio.services.printers.listPrinters(-1, 2))).code, 'InvalidValue');
  });

  it("a printer name may hold '\\' but a server name may not, so lookups cannot confuse the two", async () => {
    const { folio } = await setUp();
    await register(folio, 'a', 'b\\c');
    assert.deepEqual(await list(folio), ['a\\b\\c']);
    assert.equal(
      (await failure(folio.services.printers.getPrinterProperty('a\\b', 'c', 'printer-id'))).code,
      'PrinterNotFound',
    );
    assert.equal(
      (await failure(folio.services.printJobs.processJob(ctx, 'user=alice,server=a\\b,printer=c'))).code,
      'InvalidName',
    );
    assert.deepEqual(await list(folio), ['a\\b\\c']);
  });

  it('an unknown printer is a fault naming it', async () => {
    const { folio } = await setUp();
    assert.deepEqual(await failure(folio.services.printers.getPrinterProperty('srv', 'nope', 'cost-model')), {
      code: 'PrinterNotFound',
      printer: 'srv\\nope',
    });
    assert.equal(
      (await failure(folio.services.printers.enablePrinter(ctx, 'srv', 'nope'))).code,
      'PrinterNotFound',
    );
  });

  it('properties: set and read several at once; one bad pair changes nothing', async () => {
    const { folio } = await setUp();
    const printer = await register(folio, 'srv', 'Lab-1');
    await expectRight(
      folio.services.printers.setPrinterProperties(ctx, 'srv', 'Lab-1', [
        ['custom-field-1', 'Room 4'],
        ['cost-model', 'size_table'],
        ['disabled', 'TRUE'],
      ]),
    );
    assert.deepEqual(
      await expectRight(
        folio.services.printers.getPrinterProperties('srv', 'Lab-1', [
          'custom-field-1',
          'cost-model',
          'disabled',
          'printer-id',
        ]),
      ),
      ['Room 4', 'SIZE_TABLE', 'true', String(folio.models.printers.numberOf(printer.printerId))],
    );
    assert.deepEqual(await failure(folio.services.printers.getPrinterCostSimple('srv', 'Lab-1')), {
      code: 'CostModelNotSimple',
      printer: 'srv\\Lab-1',
      model: 'SIZE_TABLE',
    });
    const refused = await failure(
      folio.services.printers.setPrinterProperties(ctx, 'srv', 'Lab-1', [
        ['custom-field-2', 'x'],
        ['printer-id', 'y'],
      ]),
    );
    assert.equal(refused.code, 'ReadOnlyProperty');
    assert.equal(
      await expectRight(folio.services.printers.getPrinterProperty('srv', 'Lab-1', 'custom-field-2')),
      '',
    );
  });

  it('printer groups: set replaces all, "" clears, add appends', async () => {
    const { folio } = await setUp();
    const printer = await register(folio, 'srv', 'Lab-1');
    const groups = () => folio.models.printers.byId(printer.printerId)?.groups;
    await expectRight(
      folio.services.printers.setPrinterGroups(ctx, 'srv', 'Lab-1', 'Library, Staff,,library'),
    );
    assert.deepEqual(groups(), ['Library', 'Staff']);
    await expectRight(folio.services.printers.addPrinterGroup(ctx, 'srv', 'Lab-1', 'Colour'));
    assert.deepEqual(groups(), ['Library', 'Staff', 'Colour']);
    await expectRight(folio.services.printers.setPrinterGroups(ctx, 'srv', 'Lab-1', ''));
    assert.deepEqual(groups(), []);
  });

  it('access groups need an existing user group', async () => {
    const { folio } = await setUp();
    await register(folio, 'srv', 'Lab-1');
    assert.deepEqual(
      await failure(folio.services.printers.addPrinterAccessGroup(ctx, 'srv', 'Lab-1', 'Ghosts')),
      {
        code: 'GroupNotFound',
        group: 'Ghosts',
      },
    );
  });

  it('disable for minutes from the injected clock, -1 until re-enabled, 0 or enable to enable', async () => {
    const { folio, clock } = await setUp();
    await register(folio, 'srv', 'Lab-1');
    const disabled = () =>
      expectRight(folio.services.printers.getPrinterProperty('srv', 'Lab-1', 'disabled'));
    await expectRight(folio.services.printers.disablePrinter(ctx, 'srv', 'Lab-1', 5));
    assert.equal(await disabled(), 'true');
    clock.advanceMinutes(5);
    assert.equal(await disabled(), 'false');
    await expectRight(folio.services.printers.disablePrinter(ctx, 'srv', 'Lab-1', -1));
    clock.advanceMinutes(100_000);
    assert.equal(await disabled(), 'true');
    await expectRight(folio.services.printers.disablePrinter(ctx, 'srv', 'Lab-1', 0));
    assert.equal(await disabled(), 'false');
    await expectRight(folio.services.printers.disablePrinter(ctx, 'srv', 'Lab-1', -1));
    await expectRight(folio.services.printers.enablePrinter(ctx, 'srv', 'Lab-1'));
    assert.equal(await disabled(), 'false');
    assert.equal(
      (await failure(folio.services.printers.disablePrinter(ctx, 'srv', 'Lab-1', -2))).code,
      'InvalidValue',
    );
  });

  it('rename keeps the id, the counts and the job history; the old name is free, the new one taken', async () => {
    const { folio, store } = await setUp();
    await expectRight(
      folio.services.printJobs.processJob(ctx, 'user=alice,server=srv,printer=Lab-1,cost=1,total-pages=3'),
    );
    const before = folio.models.printers.findByName({ server: 'srv', printer: 'Lab-1' });
    assert.ok(before);
    await register(folio, 'srv', 'Other');
    assert.equal(
      (await failure(folio.services.printers.renamePrinter(ctx, 'srv', 'Lab-1', 'SRV', 'other'))).code,
      'PrinterAlreadyExists',
    );
    await expectRight(folio.services.printers.renamePrinter(ctx, 'srv', 'Lab-1', 'srv2', 'Lab-2'));
    // Sorted as the listed text: '2' sorts before '\\'.
    assert.deepEqual(await list(folio), ['srv2\\Lab-2', 'srv\\Other']);
    const after = folio.models.printers.findByName({ server: 'srv2', printer: 'Lab-2' });
    assert.equal(after?.printerId, before.printerId);
    assert.equal(
      await expectRight(
        folio.services.printers.getPrinterProperty('srv2', 'Lab-2', 'print-stats.page-count'),
      ),
      '3',
    );
    const stream = await store.readStream(printerStream(before.printerId));
    assert.deepEqual(
      stream.map((recorded) => recorded.type),
      ['PrinterRegistered', 'PrinterRenamed'],
    );
    assert.equal(folio.models.transactions.balanceOf(printRevenueAccount(before.printerId)), 1_000_000n);
    // A job for the old name now registers a new printer.
    await expectRight(folio.services.printJobs.processJob(ctx, 'user=alice,server=srv,printer=Lab-1,cost=0'));
    assert.notEqual(
      folio.models.printers.findByName({ server: 'srv', printer: 'Lab-1' })?.printerId,
      before.printerId,
    );
  });

  it('a rename to a different case of the same name is allowed', async () => {
    const { folio } = await setUp();
    await register(folio, 'srv', 'lab-1');
    await expectRight(folio.services.printers.renamePrinter(ctx, 'srv', 'lab-1', 'SRV', 'LAB-1'));
    assert.deepEqual(await list(folio), ['SRV\\LAB-1']);
  });

  it('delete frees the name; the history stays; a new printer of that name is a new printer', async () => {
    const { folio, store } = await setUp();
    const first = await register(folio, 'srv', 'Lab-1');
    await expectRight(folio.services.printers.deletePrinter(ctx, 'srv', 'LAB-1'));
    assert.deepEqual(await list(folio), []);
    assert.equal(
      (await failure(folio.services.printers.deletePrinter(ctx, 'srv', 'Lab-1'))).code,
      'PrinterNotFound',
    );
    const second = await register(folio, 'srv', 'Lab-1');
    assert.notEqual(second.printerId, first.printerId);
    assert.equal((await store.readStream(printerStream(first.printerId))).at(-1)?.type, 'PrinterDeleted');
  });

  it('[All Printers] deletes every printer of that server and no other', async () => {
    const { folio } = await setUp();
    await register(folio, 'srv', 'a');
    await register(folio, 'SRV', 'b');
    await register(folio, 'other', 'c');
    await expectRight(folio.services.printers.deletePrinter(ctx, 'srv', '[All Printers]'));
    assert.deepEqual(await list(folio), ['other\\c']);
    assert.deepEqual(await failure(folio.services.printers.deletePrinter(ctx, 'srv', '[all printers]')), {
      code: 'PrinterNotFound',
      printer: 'srv\\[all printers]',
    });
  });

  it('reset counts records who reset them and the counts before', async () => {
    const { folio, store } = await setUp();
    for (let index = 0; index < 3; index += 1)
      await expectRight(
        folio.services.printJobs.processJob(ctx, 'user=alice,server=srv,printer=Lab-1,total-pages=2'),
      );
    await expectRight(folio.services.printers.resetPrinterCounts(ctx, 'srv', 'Lab-1', 'jane'));
    assert.equal(
      await expectRight(folio.services.printers.getPrinterProperty('srv', 'Lab-1', 'print-stats.job-count')),
      '0',
    );
    await expectRight(folio.services.users.resetUserCounts(ctx, 'alice', 'jane'));
    assert.equal(
      await expectRight(folio.services.users.getUserProperty('alice', 'print-stats.page-count')),
      '0',
    );
    const resets = store
      .all()
      .filter((recorded) => recorded.type === 'PrinterCountsReset' || recorded.type === 'UserCountsReset')
      .map((recorded) => recorded.data);
    assert.deepEqual(
      resets.map((data) => {
        const { resetBy, jobCountBefore, pageCountBefore } = data as Record<string, unknown>;
        return { resetBy, jobCountBefore, pageCountBefore };
      }),
      [
        { resetBy: 'jane', jobCountBefore: 3, pageCountBefore: 6 },
        { resetBy: 'jane', jobCountBefore: 3, pageCountBefore: 6 },
      ],
    );
  });

  it('read models rebuilt from the log equal the live ones (printers and counts included)', async () => {
    const { folio, store } = await setUp();
    await expectRight(
      folio.services.printJobs.processJob(ctx, 'user=alice,server=srv,printer=Lab-1,total-pages=2'),
    );
    await expectRight(folio.services.printers.renamePrinter(ctx, 'srv', 'Lab-1', 'srv', 'Lab-9'));
    await expectRight(folio.services.printers.setPrinterGroups(ctx, 'srv', 'Lab-9', 'x,y'));
    const rebuilt = await startFolio({ store });
    assert.equal(rebuilt.folio.models.serialize(), folio.models.serialize());
    const restored = createReadModels();
    restored.restore(folio.models.serialize());
    assert.equal(restored.serialize(), folio.models.serialize());
    assert.equal(
      restored.printStats.ofUser(folio.models.users.findByUsername('alice')?.userId ?? '').pageCount,
      2,
    );
    assert.equal(restored.printers.findByName({ server: 'SRV', printer: 'lab-9' })?.groups.length, 2);
    assert.ok(!isLeft(rebuilt.folio.services.printers.getPrinterProperty('srv', 'Lab-9', 'cost-model')));
  });
});
