import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeOrThrow } from '../../application/envelope';
import { Folio } from '../../application/folio';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { RecordedEvent } from '../../adapters/store/port';
import { createReadModels } from '../../projections';
import { encodeSnapshot } from '../../projections/read-model';
import { checkAsyncProperty } from '../support/property';
import { startFolio, startMemoryFolio } from './harness/folio';
import { runOperations } from './harness/execute';
import { operations } from './harness/operations';

const rebuild = (log: readonly RecordedEvent[]) => {
  const models = createReadModels();
  for (const recorded of log) models.apply(decodeOrThrow(recorded));
  return models;
};

/** The live read models once they have folded everything written, including writes no reply waited for. */
const settledBytes = async (folio: Folio): Promise<string> => {
  await folio.projections.catchUp();
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

        // From a checkpoint taken part-way, restored from its bytes, then the rest of the log: at a
        // random position, and inside every multi-account operation, where its start is still open.
        const splits = new Set([Math.floor(cut * log.length)]);
        log.forEach((recorded, index) => {
          if (recorded.type === 'GroupBalanceOperationStarted') splits.add(index + 1);
        });
        for (const split of splits) {
          const checkpoint = rebuild(log.slice(0, split)).serialize();
          const resumed = createReadModels();
          resumed.restore(checkpoint);
          assert.equal(
            resumed.serialize(),
            checkpoint,
            `restoring the checkpoint at position ${split} changed it`,
          );
          for (const recorded of log.slice(split)) resumed.apply(decodeOrThrow(recorded));
          assert.equal(
            resumed.serialize(),
            live,
            `restoring at position ${split} then replaying the rest differs`,
          );
        }
      }),
      60,
    );
  });

  /**
   * Two servers run the same commands; each restarts half-way, one from its snapshot file and one by
   * replaying the whole log. Every answer and every read model must be the same, lookups included.
   */
  it('replaying the log rebuilds identical projections after a restart from the snapshot file', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(operations(20), operations(20), async (before, afterRestart) => {
        const folder = mkdtempSync(join(tmpdir(), 'folio-replay-'));
        folders.push(folder);
        const snapshotPath = join(folder, 'read-models.snapshot');
        const run = async (snapshot: string | null) => {
          const store = createMemoryEventStore();
          const answers: string[] = [];
          const record = (_operation: unknown, result: unknown) => void answers.push(encodeSnapshot(result));
          const first = await startFolio(store, { idPrefix: 'first', snapshotPath: snapshot });
          await runOperations(first, before, record);
          await first.stop();
          const second = await startFolio(store, { idPrefix: 'second', snapshotPath: snapshot });
          const restarted = await settledBytes(second);
          await runOperations(second, afterRestart, record);
          const bytes = await settledBytes(second);
          await second.stop();
          return { store, answers, restarted, bytes };
        };

        const fromSnapshot = await run(snapshotPath);
        assert.ok(existsSync(snapshotPath), 'stopping wrote no snapshot');
        const fromLog = await run(null);

        assert.equal(fromSnapshot.restarted, fromLog.restarted, 'restored from the snapshot');
        assert.deepEqual(fromSnapshot.answers, fromLog.answers, 'the servers answered differently');
        assert.equal(fromSnapshot.bytes, fromLog.bytes, 'snapshot and then new events');
        assert.equal(
          fromSnapshot.bytes,
          rebuild(fromSnapshot.store.all()).serialize(),
          'a full replay differs',
        );
      }),
      20,
    );
  });
});
