import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Folio } from '../../../application/folio';
import { addUser, startFolio } from '../../support/printing';
import { serveOverHttp } from '../../support/xmlrpc-client';

describe('printer and job methods over XML-RPC', () => {
  let folio: Folio;
  let rpc: Awaited<ReturnType<typeof serveOverHttp>>;

  before(async () => {
    folio = (await startFolio()).folio;
    await addUser(folio, 'alice');
    rpc = await serveOverHttp(folio);
  });
  after(() => rpc.close());

  it('processJob registers the printer, charges, and answers true', async () => {
    assert.equal(await rpc.call('api.processJob', 'user=alice,server=srv,printer=Lab-1,total-pages=2'), true);
    assert.equal(await rpc.call('api.setPrinterCostSimple', 'srv', 'Lab-1', 0.15), true);
    assert.equal(await rpc.call('api.getPrinterCostSimple', 'srv', 'Lab-1'), 0.15);
    // Ruby and Perl send whole amounts as <int>.
    assert.equal(await rpc.call('api.setPrinterCostSimple', 'srv', 'Lab-1', 1), true);
    assert.equal(await rpc.call('api.getPrinterCostSimple', 'srv', 'Lab-1'), 1);
    assert.equal(await rpc.call('api.setPrinterCostSimple', 'srv', 'Lab-1', 0.1), true);
    assert.equal(
      await rpc.call(
        'api.processJob',
        'user=alice,server=srv,printer=Lab-1,total-pages=3,"document-name=a, b.pdf"',
      ),
      true,
    );
    assert.equal(await rpc.call('api.getUserAccountBalance', 'alice'), -0.3);
    assert.deepEqual(
      await rpc.call('api.getPrinterProperties', 'srv', 'Lab-1', [
        'print-stats.job-count',
        'print-stats.page-count',
      ]),
      ['2', '5'],
    );
    assert.equal(await rpc.call('api.getUserProperty', 'alice', 'print-stats.page-count'), '5');
  });

  it('every printers method answers with its documented return type', async () => {
    await rpc.call('api.processJob', 'user=alice,server=srv2,printer=P,cost=0');
    assert.deepEqual(await rpc.call('api.listPrinters', 0, 100), ['srv2\\P', 'srv\\Lab-1']);
    assert.equal(await rpc.call('api.setPrinterProperty', 'srv2', 'P', 'custom-field-1', 'x'), true);
    assert.equal(await rpc.call('api.getPrinterProperty', 'srv2', 'P', 'custom-field-1'), 'x');
    assert.equal(
      await rpc.call('api.setPrinterProperties', 'srv2', 'P', [
        ['custom-field-2', 'y'],
        ['cost-model', 'SIMPLE'],
      ]),
      true,
    );
    assert.equal(await rpc.call('api.addPrinterGroup', 'srv2', 'P', 'Library'), true);
    assert.equal(await rpc.call('api.setPrinterGroups', 'srv2', 'P', 'a,b'), true);
    assert.equal(await rpc.call('api.setPrinterGroups', 'srv2', 'P', ''), true);
    assert.equal(await rpc.call('api.addPrinterAccessGroup', 'srv2', 'P', '!!All Users!!'), true);
    assert.equal(await rpc.call('api.removePrinterAccessGroup', 'srv2', 'P', '!!All Users!!'), true);
    assert.equal(await rpc.call('api.disablePrinter', 'srv2', 'P', -1), true);
    assert.equal(await rpc.call('api.getPrinterProperty', 'srv2', 'P', 'disabled'), 'true');
    assert.equal(await rpc.call('api.enablePrinter', 'srv2', 'P'), true);
    assert.equal(await rpc.call('api.resetPrinterCounts', 'srv2', 'P', 'admin'), true);
    assert.equal(await rpc.call('api.renamePrinter', 'srv2', 'P', 'srv3', 'Q'), true);
    assert.equal(await rpc.call('api.deletePrinter', 'srv3', '[All Printers]'), true);
    assert.deepEqual(await rpc.call('api.listPrinters', 0, 100), ['srv\\Lab-1']);
  });

  it('batchImportPrinters queues the import; getTaskStatus reports its lines until completed', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'folio-rpc-import-'));
    try {
      const path = join(directory, 'printers.tsv');
      writeFileSync(path, 'imported\tA\t0.05\nimported\tB\tnope\n');
      assert.equal(await rpc.call('api.batchImportPrinters', path), true);
      let status = { completed: false, message: '' };
      for (let attempt = 0; attempt < 100 && !status.completed; attempt += 1) {
        status = (await rpc.callRaw('api.getTaskStatus', [])) as typeof status;
        if (!status.completed) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(status.completed, true);
      assert.match(status.message, /line 2: 'nope' is not valid for cost per page/);
      assert.equal(await rpc.call('api.getPrinterCostSimple', 'imported', 'A'), 0.05);
      assert.equal((await rpc.fault('api.batchImportPrinters', join(directory, 'none.tsv'))).faultCode, 1500);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('faults name the problem with stable codes', async () => {
    assert.deepEqual(await rpc.fault('api.getPrinterProperty', 'srv', 'nope', 'disabled'), {
      faultCode: 1300,
      faultString: "The printer 'srv\\nope' does not exist.",
    });
    assert.deepEqual(await rpc.fault('api.processJob', 'user=alice,server=srv'), {
      faultCode: 1400,
      faultString: "Invalid job details: the required field 'printer' is missing or blank.",
    });
    await rpc.call('api.setUserProperty', 'alice', 'restricted', 'true');
    const refused = await rpc.fault('api.processJob', 'user=alice,server=srv,printer=Lab-1,cost=5');
    assert.equal(refused.faultCode, 1402);
    assert.match(refused.faultString, /refused \(insufficient-credit\).*nothing was charged/);
    await rpc.call('api.setPrinterProperty', 'srv', 'Lab-1', 'cost-model', 'AREA');
    assert.equal((await rpc.fault('api.getPrinterCostSimple', 'srv', 'Lab-1')).faultCode, 1302);
    assert.equal((await rpc.fault('api.processJob', 'user=alice,server=srv,printer=Lab-1')).faultCode, 1401);
    assert.equal(
      (await rpc.fault('api.setPrinterProperty', 'srv', 'Lab-1', 'printer-id', 'x')).faultCode,
      701,
    );
    const signature = await rpc.fault('api.disablePrinter', 'srv', 'Lab-1', 'soon');
    assert.equal(signature.faultCode, 201);
    assert.match(signature.faultString, /^java\.lang\.NoSuchMethodException: api\.disablePrinter/);
  });
});
