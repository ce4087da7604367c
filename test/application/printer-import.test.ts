import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { Folio } from '../../application/folio';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { EventStore } from '../../adapters/store/port';
import { printerKey } from '../../domain/printers/names';
import { printerStream, uniqueKeyStream } from '../../domain/streams';
import { ctx, expectRight, startFolio } from '../support/printing';

const directory = mkdtempSync(join(tmpdir(), 'folio-printer-import-'));
after(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;
const importFile = (lines: readonly string[]): string => {
  const path = join(directory, `printers-${++files}.tsv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};

const importAndWait = async (folio: Folio, path: string) => {
  await expectRight(folio.services.printerImport.batchImportPrinters(ctx, path));
  await folio.tasks.idle();
  return folio.tasks.status();
};

/** How replies and task lines name a file: inside the import folder (the system's temporary folder here). */
const shown = (path: string): string => relative(tmpdir(), path);

const list = (folio: Folio) => expectRight(folio.services.printers.listPrinters(0, 100));

describe('batchImportPrinters', () => {
  it('applies the valid lines, reports every bad line by number, and completes the task', async () => {
    const store = createMemoryEventStore();
    const { folio } = await startFolio({ store });
    await expectRight(
      folio.services.printerRegistration.registerPrinter(ctx, 'srv', 'Existing', { source: 'administrator' }),
    );
    const path = importFile([
      '# server\tprinter\tcost per page\tgroups\tdisabled',
      'srv\tExisting\t0.20\tLibrary\tY',
      'srv\tNew-1\t0.05',
      'srv\tbroken\tfree',
      'srv\tNew-2\t\tStaff,Colour\t\t0.01',
      'srv\tnew-1\t0.07',
    ]);
    const status = await importAndWait(folio, path);
    assert.equal(status.completed, true);
    const lines = status.message.split('\n').map((line) => line.slice(20));
    assert.deepEqual(lines.slice(0, 2), ['batchImportPrinters: queued', 'batchImportPrinters: started']);
    assert.equal(lines[2], `${shown(path)}: 3 valid line(s), 2 bad line(s)`);
    assert.ok(!status.message.includes(tmpdir()), 'no absolute path in the task status');
    assert.match(lines[3] ?? '', /^line 4: 'free' is not valid for cost per page/);
    assert.match(lines[4] ?? '', /^line 6: the printer srv\\new-1 is already on line 3/);
    assert.match(lines[5] ?? '', /^applied 3 line\(s\) as operation .* \(2 printer\(s\) new\)$/);
    assert.equal(lines.at(-1), 'batchImportPrinters: completed');

    assert.deepEqual(await list(folio), ['srv\\Existing', 'srv\\New-1', 'srv\\New-2']);
    assert.deepEqual(
      await expectRight(
        folio.services.printers.getPrinterProperties('srv', 'Existing', ['disabled', 'cost-model']),
      ),
      ['true', 'SIMPLE'],
    );
    assert.equal(
      await expectRight(folio.services.printers.getPrinterCostSimple('srv', 'Existing')),
      200_000n,
    );
    const newTwo = folio.models.printers.findByName({ server: 'srv', printer: 'New-2' });
    assert.deepEqual(newTwo?.groups, ['Staff', 'Colour']);
    assert.equal(newTwo?.source, 'import');
    assert.equal(newTwo?.simple.grayscaleDiscount, 0n, 'a discount without a cost per page is not applied');
    const types = store.all().map((recorded) => recorded.type);
    assert.equal(types.filter((type) => type === 'PrinterImportStarted').length, 1);
    // The operation's completion, then the task's end.
    assert.deepEqual(types.slice(-2), ['BulkOperationCompleted', 'TaskFinished']);
    assert.equal(folio.models.operations.unfinished().length, 0);
  });

  it('a file that cannot be read is a fault at once, and no task starts', async () => {
    const { folio } = await startFolio();
    const missing = join(directory, 'missing.tsv');
    const result = await folio.services.printerImport.batchImportPrinters(ctx, missing);
    assert.deepEqual(result, {
      _tag: 'Left',
      left: { code: 'FileNotReadable', path: shown(missing), reason: 'ENOENT' },
    });
    assert.deepEqual(folio.tasks.status(), { completed: true, message: '' });
  });

  it('a file with only bad lines changes nothing', async () => {
    const store = createMemoryEventStore();
    const { folio } = await startFolio({ store });
    const before = store.all().length;
    const status = await importAndWait(folio, importFile(['srv', 'srv\tp\tx']));
    assert.match(status.message, /0 valid line\(s\), 2 bad line\(s\)/);
    assert.match(status.message, /nothing to apply/);
    // Only the task's request and its end: nothing else is written.
    assert.deepEqual(
      store
        .all()
        .slice(before)
        .map((recorded) => recorded.type),
      ['TaskRequested', 'TaskFinished'],
    );
  });

  it('a line the printer would refuse is reported and not applied; the rest is', async () => {
    const { folio } = await startFolio();
    const groups = Array.from({ length: 1_001 }, (_, index) => `g${index}`).join(',');
    const status = await importAndWait(folio, importFile([`srv\ttoo-many\t\t${groups}`, 'srv\tfine']));
    assert.match(status.message, /line 1: .*at most 1000 printer groups/);
    assert.deepEqual(await list(folio), ['srv\\fine']);
  });

  it('survives a crash half-way: on restart every line is applied exactly once', async () => {
    const durable = createMemoryEventStore();
    let printerAppends = 0;
    // A store that dies after four printer-stream appends, as a process would mid-import.
    const crashing: EventStore = {
      ...durable,
      append: (stream, expected, events, options) => {
        if (stream.startsWith('printer-') && ++printerAppends > 4)
          return Promise.reject(new Error('power cut'));
        return durable.append(stream, expected, events, options);
      },
    };
    const first = await startFolio({ store: crashing });
    const path = importFile(
      Array.from({ length: 40 }, (_, index) => `srv\tp-${String(index).padStart(2, '0')}\t0.0${index % 10}`),
    );
    const status = await importAndWait(first.folio, path);
    // The store's error is the server's own: the task says so, the detail goes to the log.
    assert.match(status.message, /batchImportPrinters: failed: an internal error stopped the task/);
    assert.ok(!status.message.includes('power cut'));
    // The import's operation and the task that recorded it.
    assert.equal(first.folio.models.operations.unfinished().length, 2);
    const registeredBefore = durable.all().filter((recorded) => recorded.type === 'PrinterRegistered').length;
    assert.ok(registeredBefore >= 1 && registeredBefore < 40, `${registeredBefore} written before the crash`);

    const second = await startFolio({ store: durable, idPrefix: 'restart' });
    assert.equal(second.folio.models.operations.unfinished().length, 0);
    assert.equal((await list(second.folio)).length, 40);
    const registered = durable.all().filter((recorded) => recorded.type === 'PrinterRegistered');
    assert.equal(registered.length, 40, 'each printer registered exactly once');
    for (const printer of second.folio.models.printers.sorted()) {
      const events = await durable.readStream(printerStream(printer.printerId));
      assert.deepEqual(
        events.map((recorded) => recorded.type),
        // The line's marker follows the registration in the same append, even when it changes nothing.
        printer.simple.costPerPage === 0n
          ? ['PrinterRegistered', 'PrinterImported']
          : ['PrinterRegistered', 'PrinterImported', 'PrinterCostModelChanged'],
        printer.printer,
      );
    }
    const completion = durable.all().filter((recorded) => recorded.type === 'BulkOperationCompleted');
    assert.deepEqual(
      completion.map((recorded) => (recorded.data as { applied: number }).applied),
      [40],
    );
  });

  it('a line applied before a crash is not applied again at restart, and its printer renamed since keeps its new name only', async () => {
    const durable = createMemoryEventStore();
    const dying: EventStore = {
      ...durable,
      append: (stream, expected, events, options) =>
        events.some((event) => event.type === 'BulkOperationCompleted')
          ? Promise.reject(new Error('power cut'))
          : durable.append(stream, expected, events, options),
    };
    const live = await startFolio({ store: durable, idPrefix: 'live' });
    const first = await startFolio({ store: dying, idPrefix: 'first' });
    const status = await importAndWait(first.folio, importFile(['srv\tp-a\t0.05', 'srv\tp-b']));
    assert.match(status.message, /failed: an internal error stopped the task/);
    await live.folio.projections.catchUp();
    expectRight(await live.folio.services.printers.renamePrinter(ctx, 'srv', 'p-a', 'srv', 'p-z'));
    const oldName = uniqueKeyStream('printer', printerKey({ server: 'srv', printer: 'p-a' }));
    const oldNameEvents = (await durable.readStream(oldName)).length;

    const restarted = await startFolio({ store: durable, idPrefix: 'restart' });
    assert.equal(restarted.folio.models.operations.unfinished().length, 0);
    assert.deepEqual(await list(restarted.folio), ['srv\\p-b', 'srv\\p-z']);
    assert.equal((await durable.readStream(oldName)).length, oldNameEvents, 'the old name was claimed again');
    assert.equal(durable.all().filter((recorded) => recorded.type === 'PrinterImported').length, 2);
  });
});
