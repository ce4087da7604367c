import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { context } from './support';
import { right, settledTask, startFolio, tsv } from './imports-fixture';

const STAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} /;

describe('a long import reports progress from its first line', () => {
  it('says how many lines it read before checking them, then every 500 secrets hashed and records applied', async () => {
    const folio = await startFolio(createMemoryEventStore());
    const rows = Array.from({ length: 1001 }, (_, index) => [
      `user${index}`,
      '1.00',
      'N',
      '',
      '',
      '',
      '',
      '',
      String(1000 + index),
    ]);
    assert.equal(right(await folio.services.imports.batchImportUsers(context, tsv(...rows), true)), true);
    const lines = (await settledTask(folio)).split('\n').map((line) => line.replace(STAMP, ''));
    const name = lines[0]?.replace(/: queued$/, '') ?? '';
    assert.equal(lines[1], `${name}: started`);
    // The first line after `started` comes before the file is checked, not after the whole plan.
    assert.match(lines[2] ?? '', /^Read 1001 data lines from 'file-\d+\.tsv': checking them…$/);
    assert.match(lines[3] ?? '', /^Batch import of users from /);
    const hashed = lines.indexOf('PINs and passwords hashed for 500 of 1001 users.');
    const applied = lines.indexOf('500 of 1001 records done.');
    assert.ok(hashed > 3 && applied > hashed, lines.slice(0, 12).join('\n'));
    assert.ok(lines.includes('PINs and passwords hashed for 1000 of 1001 users.'));
    assert.equal(lines[lines.length - 1], `${name}: completed`);
    assert.equal(folio.models.users.findByUsername('user1000')?.hasPin, true);
  });
});
