import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createFolio, Folio } from '../../application/folio';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { context } from './support';
import { imports, right, root, settledTask, startFolio, tsv } from './imports-fixture';

describe('import files are read only from the import folders', () => {
  const refused = async (folio: Folio, file: string, reason: RegExp, code = 'ImportFileRefused') => {
    const result = await folio.services.imports.batchImportUsers(context, file, true);
    assert.equal(result._tag, 'Left');
    if (result._tag === 'Left') {
      assert.equal(result.left.code, code);
      assert.match(JSON.stringify(result.left), reason);
    }
  };

  it('refuses paths outside them, symbolic links leading out, folders and missing files', async () => {
    const folio = await startFolio(createMemoryEventStore());
    const outside = join(root, 'outside.tsv');
    writeFileSync(outside, 'alice\t1\n');
    symlinkSync(outside, join(imports, 'link.tsv'));
    mkdirSync(join(imports, 'folder.tsv'), { recursive: true });
    await refused(folio, outside, /files are read only from/);
    await refused(folio, '../outside.tsv', /files are read only from/);
    await refused(folio, 'link.tsv', /files are read only from/);
    await refused(folio, 'folder.tsv', /not a regular file/, 'FileNotReadable');
    await refused(folio, 'missing.tsv', /ENOENT/, 'FileNotReadable');
    await refused(folio, 'no/such/folder/missing.tsv', /ENOENT/, 'FileNotReadable');
    await refused(folio, 'no/../../outside.tsv', /files are read only from/);
    await refused(folio, '', /no file was named/);
    await refused(folio, '/etc/passwd', /files are read only from/);
  });

  it('replies, faults and task lines name a file inside its import folder, never by an absolute path', async () => {
    const folio = await startFolio(createMemoryEventStore());
    mkdirSync(join(imports, 'term'), { recursive: true });
    writeFileSync(join(imports, 'term', 'accounts.tsv'), 'Maths\t\tY\t\t5.00\n');
    const absolute = join(imports, 'term', 'accounts.tsv');
    const feedback = right(
      await folio.services.imports.batchImportSharedAccounts(context, absolute, false, false),
    );
    assert.match(feedback, /term\/accounts\.tsv/);
    const message = await settledTask(folio);
    assert.match(message, /from term\/accounts\.tsv: completed$/);
    const faults = await Promise.all(
      [join(root, 'outside.tsv'), join(imports, 'missing.tsv'), '/etc/passwd'].map((file) =>
        folio.services.imports.batchImportUsers(context, file, true),
      ),
    );
    for (const text of [feedback, message, ...faults.map((fault) => JSON.stringify(fault))])
      assert.ok(!text.includes(root) && !text.includes('/etc'), `an absolute path in ${text}`);
    assert.deepEqual(
      faults.map((fault) =>
        fault._tag === 'Left' && 'path' in fault.left ? [fault.left.code, fault.left.path] : fault,
      ),
      [
        ['ImportFileRefused', 'outside.tsv'],
        ['FileNotReadable', 'missing.tsv'],
        ['ImportFileRefused', 'passwd'],
      ],
    );
  });

  it('batchImportPrinters reads only from the import folders too', async () => {
    const folio = await startFolio(createMemoryEventStore());
    const outside = join(root, 'printers-outside.tsv');
    writeFileSync(outside, 'srv\tP\t0.10\n');
    const result = await folio.services.printerImport.batchImportPrinters(context, outside);
    assert.equal(result._tag === 'Left' && result.left.code, 'ImportFileRefused');
    await folio.tasks.idle();
    assert.deepEqual(folio.tasks.status(), { completed: true, message: '' }, 'no task started');
    writeFileSync(join(imports, 'printers.tsv'), 'srv\tP\t0.10\n');
    assert.equal(
      right(await folio.services.printerImport.batchImportPrinters(context, 'printers.tsv')),
      true,
    );
  });

  it('refuses everything when no import folder is configured', async () => {
    const folio = createFolio({ store: createMemoryEventStore() });
    await folio.start();
    await refused(folio, join(imports, tsv(['alice'])), /no import folder is configured/);
  });

  it('reads UTF-16 files with a byte-order mark and Windows-1252 files', async () => {
    const folio = await startFolio(createMemoryEventStore());
    writeFileSync(
      join(imports, 'utf16.tsv'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('zoë\t1\n', 'utf16le')]),
    );
    writeFileSync(join(imports, 'ansi.tsv'), Buffer.from([0x6e, 0x6f, 0xe9, 0x09, 0x32, 0x0a]));
    right(await folio.services.imports.batchImportUsers(context, 'utf16.tsv', true));
    right(await folio.services.imports.batchImportUsers(context, 'ansi.tsv', true));
    await folio.tasks.idle();
    assert.equal(right(folio.services.users.getUserProperty('zoë', 'balance')), '1.00');
    assert.equal(right(folio.services.users.getUserProperty('noé', 'balance')), '2.00');
  });
});
