import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { MAX_IMPORT_FILE_BYTES, readBoundedFile } from '../../application/import-files';
import { MAX_IMPORT_LINES } from '../../application/services/imports';
import { context } from './support';
import { imports, settledTask, startFolio, tsv } from './imports-fixture';

/** A file of `lines` user lines, written straight into the import folder. */
const manyLines = (name: string, lines: number, eol = '\n'): string => {
  const line = (index: number) => `user${index}\t1.00`;
  writeFileSync(
    join(imports, name),
    Array.from({ length: lines }, (_, index) => line(index)).join(eol) + eol,
  );
  return name;
};

describe('import files: bounded reads', () => {
  it('a 1,000,000-line file is refused after reading little more than the limit, not the whole file', async () => {
    const name = manyLines('million.tsv', 1_000_000);
    const limits = { maxBytes: MAX_IMPORT_FILE_BYTES, maxDataLines: MAX_IMPORT_LINES };
    const read = await readBoundedFile(join(imports, name), limits);
    assert.equal(read.kind, 'too-many-lines');
    // 50,001 lines of about 13 bytes, plus at most one 64 KiB chunk: far from the file's ~15 MB.
    assert.ok(read.bytesRead < 1024 * 1024, `read ${read.bytesRead} bytes`);

    const folio = await startFolio(createMemoryEventStore());
    const refused = await folio.services.imports.batchImportUsers(context, name, true);
    assert.equal(refused._tag, 'Left');
    assert.equal(refused._tag === 'Left' && refused.left.code, 'ImportFileRefused');
    assert.match(JSON.stringify(refused), /more than 50000 data lines/);
    assert.doesNotMatch(JSON.stringify(refused), new RegExp(imports.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')));
    const printers = await folio.services.printerImport.batchImportPrinters(context, name);
    assert.equal(printers._tag === 'Left' && printers.left.code, 'ImportFileRefused');
  });

  it('a file at the limit is read whole (blank and comment lines, CRLF, UTF-16 not counted against it)', async () => {
    const limits = { maxBytes: MAX_IMPORT_FILE_BYTES, maxDataLines: 3 };
    const dir = imports;
    writeFileSync(join(dir, 'crlf.tsv'), '# header\r\n\r\na\t1\r\nb\t2\r\n\r\nc\t3\r\n');
    assert.equal((await readBoundedFile(join(dir, 'crlf.tsv'), limits)).kind, 'read');
    writeFileSync(join(dir, 'crlf4.tsv'), 'a\t1\r\nb\t2\r\nc\t3\r\nd');
    assert.equal((await readBoundedFile(join(dir, 'crlf4.tsv'), limits)).kind, 'too-many-lines');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\t1\nb\t2\nc\t3\n', 'utf16le')]);
    writeFileSync(join(dir, 'utf16.tsv'), utf16);
    assert.equal((await readBoundedFile(join(dir, 'utf16.tsv'), limits)).kind, 'read');
    writeFileSync(join(dir, 'latin1.tsv'), Buffer.from('caf\xe9\t1\nb\t2\nc\t3\nd\t4\n', 'latin1'));
    assert.equal((await readBoundedFile(join(dir, 'latin1.tsv'), limits)).kind, 'too-many-lines');
  });

  it('a file within the limit is imported, its contents recorded at call time as before', async () => {
    const folio = await startFolio(createMemoryEventStore());
    const name = tsv(['dora', '2.00'], ['emil', '3.00']);
    assert.deepEqual(await folio.services.imports.batchImportUsers(context, name, true), {
      _tag: 'Right',
      right: true,
    });
    assert.match(await settledTask(folio), /Import finished: 2 of 2 records applied/);
  });
});
