import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createFolio } from '../../../application/folio';
import { addPrinter } from '../../../adapters/cli/printer';
import { openStore } from '../../../adapters/store/open';

const run = promisify(execFile);
const directories: string[] = [];
/** A data folder holding an (empty) event store, as a server's first start leaves it. */
const dataDir = async (): Promise<string> => {
  const directory = mkdtempSync(join(tmpdir(), 'folio-printer-cli-'));
  directories.push(directory);
  await openStore('sqlite', directory).close();
  return directory;
};
after(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** What a server opening the data folder would find. */
const printersIn = async (data: string) => {
  const store = openStore('sqlite', data);
  const folio = createFolio({ store });
  await folio.start();
  const printers = folio.models.printers.sorted();
  await folio.stop();
  await store.close();
  return printers;
};

describe('folio printer add', () => {
  it('registers the printer in the data folder through the registration service', async () => {
    const data = await dataDir();
    const message = await addPrinter('srv', 'Lab-1', { costPerPage: '0.015', data });
    assert.match(
      message,
      /^Registered printer srv\\Lab-1 \(id [0-9a-f-]{36}\), SIMPLE cost model at 0\.015 per page\.$/,
    );
    const [printer, ...others] = await printersIn(data);
    assert.equal(others.length, 0);
    assert.equal(printer?.source, 'administrator');
    assert.equal(printer?.simple.costPerPage, 15_000n);
  });

  it('refuses a name already registered (any case) and a negative price, with the fault text', async () => {
    const data = await dataDir();
    await addPrinter('srv', 'Lab-1', { data });
    await assert.rejects(
      addPrinter('SRV', 'lab-1', { data }),
      /A printer named 'SRV\\lab-1' already exists\./,
    );
    await assert.rejects(
      addPrinter('srv', 'x', { data, costPerPage: '-1' }),
      /expected an amount of zero or more/,
    );
    assert.equal((await printersIn(data)).length, 1);
  });

  it('is wired into the folio command line', async () => {
    const data = await dataDir();
    const cli = join(process.cwd(), 'dist', 'adapters', 'cli', 'main.js');
    const { stdout } = await run(process.execPath, [
      cli,
      'printer',
      'add',
      'srv',
      'P 2',
      '--cost-per-page',
      '0.1',
      '--data',
      data,
    ]);
    assert.match(stdout, /Registered printer srv\\P 2 .* at 0\.10 per page/);
  });
});
