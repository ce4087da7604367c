import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeOrThrow } from '../../adapters/application/envelope';
import { Folio } from '../../adapters/application/folio';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { RecordedEvent } from '../../adapters/store/port';
import { createReadModels } from '../../projections';
import { checkAsyncProperty } from '../support/property';
import { startFolio, startMemoryFolio } from './harness/folio';
import { operations, runOperations } from './harness/operations';

const rebuild = (log: readonly RecordedEvent[]) => {
  const models = createReadModels();
  for (const recorded of log) models.apply(decodeOrThrow(recorded));
  return models;
};

/** The live read models once they have folded everything written, including writes no reply waited for. */
const settledBytes = async (folio: Folio): Promise<string> => {
  await folio.kernel.runner.catchUp();
  return folio.models.serialize();
};

describe('replay properties', () => {
  const folders: string[] = [];
  after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  it('replaying the log rebuilds identical projections', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(operations(40), fc.double({ min: 0, max: 1, noNaN: true }), async (list, cut) => {
        const { store, folio } = await startMemoryFolio();
        await runOperations(folio, list, () => undefined);
        const live = await settledBytes(folio);
        const log = store.all();

        assert.equal(rebuild(log).serialize(), live, 'a full replay differs from the live read models');

        // From a checkpoint taken part-way, restored from its bytes, then the rest of the log.
        const split = Math.floor(cut * log.length);
        const resumed = createReadModels();
        resumed.restore(rebuild(log.slice(0, split)).serialize());
        for (const recorded of log.slice(split)) resumed.apply(decodeOrThrow(recorded));
        assert.equal(
          resumed.serialize(),
          live,
          `restoring at position ${split} then replaying the rest differs`,
        );
      }),
      60,
    );
  });

  it('replaying the log rebuilds identical projections after a restart from the snapshot file', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(operations(20), operations(20), async (before, afterRestart) => {
        const folder = mkdtempSync(join(tmpdir(), 'folio-replay-'));
        folders.push(folder);
        const snapshotPath = join(folder, 'read-models.snapshot');
        const store = createMemoryEventStore();

        const first = await startFolio(store, { idPrefix: 'first', snapshotPath });
        await runOperations(first, before, () => undefined);
        await first.stop();
        assert.ok(existsSync(snapshotPath), 'stopping wrote no snapshot');

        const second = await startFolio(store, { idPrefix: 'second', snapshotPath });
        assert.equal(
          await settledBytes(second),
          rebuild(store.all()).serialize(),
          'restored from the snapshot',
        );
        await runOperations(second, afterRestart, () => undefined);
        assert.equal(
          await settledBytes(second),
          rebuild(store.all()).serialize(),
          'snapshot and then new events',
        );
        await second.stop();
      }),
      20,
    );
  });
});
