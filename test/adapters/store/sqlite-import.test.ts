import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqliteEventStore } from '../../../adapters/store/sqlite';
import { openSqliteImport } from '../../../adapters/store/sqlite-import';
import { proposedMany } from './fixtures';

test('an import writes every row as it was, positions and hashes included, and the store reads it back', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'folio-import-'));
  try {
    const source = openSqliteEventStore(join(folder, 'source.sqlite'));
    await source.append('stream-a', 'no_stream', proposedMany(3));
    await source.append('stream-b', 'no_stream', proposedMany(2));
    await source.append('stream-a', 2, proposedMany(1));
    const original = await source.readAll(0, 100);
    await source.close();
    // Leave a gap in positions: the import keeps the source's numbering, not its own.
    const kept = original.filter((event) => event.position !== 4);

    const importer = await openSqliteImport(join(folder, 'target.sqlite'));
    kept.forEach(importer.add);
    importer.finish();

    const target = openSqliteEventStore(join(folder, 'target.sqlite'), { readonly: true });
    assert.deepEqual(await target.readAll(0, 100), kept);
    assert.equal(await target.headPosition(), original.at(-1)?.position);
    await target.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
