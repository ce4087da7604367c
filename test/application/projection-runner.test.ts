import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { UndecodableEventError } from '../../application/envelope';
import { createProjectionRunner, READ_MODEL_VERSION } from '../../application/projection-runner';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { EventStore } from '../../adapters/store/port';
import { createReadModels } from '../../projections';
import { addUsersWithBalances, startFolio } from './folio-fixture';
import { macrotasks } from './support';

/** The read models rebuilt from the whole log, without any snapshot: what every runner must reach. */
const rebuilt = async (store: EventStore): Promise<string> => {
  const models = createReadModels();
  const runner = createProjectionRunner(store, models, null);
  await runner.start();
  await runner.stop();
  return models.serialize();
};

/** A store that records the `afterPosition` of every readAll. */
const recordingReads = (store: EventStore): { store: EventStore; afters: number[] } => {
  const afters: number[] = [];
  return {
    afters,
    store: {
      ...store,
      readAll: (afterPosition, maxCount) => {
        afters.push(afterPosition);
        return store.readAll(afterPosition, maxCount);
      },
    },
  };
};

const seededStore = async (names: readonly string[], idPrefix = 'seed') => {
  const store = createMemoryEventStore();
  const folio = await startFolio(store, idPrefix);
  await addUsersWithBalances(folio, names);
  return { store, folio };
};

interface SnapshotFile {
  header: {
    readModelVersion: number;
    position: number;
    hashAtPosition: string;
    streamAtPosition?: string;
    revisionAtPosition?: number;
    bodySha256?: string;
  };
  body: string;
}
const readSnapshot = (path: string): SnapshotFile => {
  const text = readFileSync(path, 'utf8');
  const newline = text.indexOf('\n');
  return {
    header: JSON.parse(text.slice(0, newline)) as SnapshotFile['header'],
    body: text.slice(newline + 1),
  };
};
const writeSnapshot = (path: string, { header, body }: SnapshotFile): void =>
  writeFileSync(path, `${JSON.stringify(header)}\n${body}`);

describe('projection runner', () => {
  let directory = '';
  let snapshotPath = '';
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'folio-runner-'));
    snapshotPath = join(directory, 'read-models.snapshot');
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  describe('read-your-writes', () => {
    it('waitFor resolves only once the position is folded', async () => {
      const { store } = await seededStore(['alice', 'bob']);
      const head = await store.headPosition();
      let open = (): void => undefined;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const gated: EventStore = {
        ...store,
        readAll: async (afterPosition, maxCount) => {
          await gate;
          return store.readAll(afterPosition, maxCount);
        },
      };
      const models = createReadModels();
      const runner = createProjectionRunner(gated, models, null);
      let foldedWhenResolved = -1;
      const waiting = runner.waitFor(head).then(() => (foldedWhenResolved = models.position()));
      await macrotasks();
      assert.equal(foldedWhenResolved, -1, 'waitFor resolved before the events were read');
      open();
      await waiting;
      assert.equal(foldedWhenResolved, head);
      assert.ok(models.users.findByUsername('bob') !== undefined);
      await runner.waitFor(1); // already folded: resolves at once
    });

    it('follows the store after start, without anyone waiting', async () => {
      const { store, folio } = await seededStore(['alice']);
      const models = createReadModels();
      const runner = createProjectionRunner(store, models, null);
      await runner.start();
      await addUsersWithBalances(folio, ['carol']);
      await macrotasks();
      assert.equal(models.position(), await store.headPosition());
      assert.ok(models.users.findByUsername('carol') !== undefined);
      await runner.stop();
    });

    it('does not miss events appended while start was catching up', async () => {
      const { store, folio } = await seededStore(['alice']);
      let appendedDuringCatchUp = false;
      // Another writer commits just after the start's catch-up read its last (short) batch.
      const racing: EventStore = {
        ...store,
        readAll: async (afterPosition, maxCount) => {
          const batch = await store.readAll(afterPosition, maxCount);
          if (!appendedDuringCatchUp && batch.length < maxCount) {
            appendedDuringCatchUp = true;
            await addUsersWithBalances(folio, ['late']);
          }
          return batch;
        },
      };
      const models = createReadModels();
      const runner = createProjectionRunner(racing, models, null);
      await runner.start();
      await macrotasks(20);
      assert.ok(appendedDuringCatchUp);
      assert.equal(models.position(), await store.headPosition(), 'the late events were folded');
      await runner.stop();
    });

    it('waitFor rejects, now and later, when an event cannot be folded', async () => {
      const store = createMemoryEventStore();
      await store.append('user-broken', 'no_stream', [
        {
          eventId: 'broken-1',
          type: 'NoSuchEvent',
          version: 1,
          data: {},
          metadata: { actor: 'test', method: 'test', correlationId: 'c' },
          recordedAt: '2026-01-01T00:00:00.000Z',
        },
      ]);
      const runner = createProjectionRunner(store, createReadModels(), null);
      await assert.rejects(runner.waitFor(1), UndecodableEventError);
      await assert.rejects(runner.waitFor(1), UndecodableEventError);
    });

    it('a store that fails to read for a while is read again: waiters wait, nothing is marked failed', async () => {
      const { store } = await seededStore(['alice', 'bob']);
      const head = await store.headPosition();
      let failuresLeft = 3;
      const flaky: EventStore = {
        ...store,
        readAll: async (afterPosition, maxCount) => {
          if (failuresLeft > 0) {
            failuresLeft -= 1;
            throw new Error('the connection dropped');
          }
          return store.readAll(afterPosition, maxCount);
        },
      };
      const models = createReadModels();
      const runner = createProjectionRunner(flaky, models, null);
      await runner.waitFor(head);
      assert.equal(failuresLeft, 0);
      assert.equal(models.position(), head);
      // A later wait still works: the blip left no lasting failure behind.
      await runner.waitFor(head);
      await runner.stop();
    });

    it('a store that cannot be read at start is reported to the caller instead of retried for ever', async () => {
      const { store } = await seededStore(['alice']);
      const unreachable: EventStore = {
        ...store,
        readAll: async () => {
          throw new Error('the server is unreachable');
        },
      };
      const runner = createProjectionRunner(unreachable, createReadModels(), null);
      await assert.rejects(runner.start(), /unreachable/);
      await runner.stop();
    });
  });

  describe('checkpoint snapshots', () => {
    it('a snapshot that cannot be written is reported and skipped: waiters still settle, stop still stops', async () => {
      const { store, folio } = await seededStore(['alice']);
      const notAFolder = join(directory, 'not-a-folder');
      writeFileSync(notAFolder, 'a file where the snapshot folder should be');
      const failures: unknown[] = [];
      const runner = createProjectionRunner(
        store,
        createReadModels(),
        join(notAFolder, 'read-models.snapshot'),
        {
          snapshotEveryEvents: 1,
          onSnapshotWriteFailed: (error) => failures.push(error),
        },
      );
      await runner.start();
      // Snapshots are written in the background: the failure arrives after the fold.
      for (let turn = 0; turn < 1_000 && failures.length === 0; turn += 1) await macrotasks();
      assert.ok(failures.length > 0, 'the failed write is reported');
      const beforeBob = failures.length;
      await addUsersWithBalances(folio, ['bob']);
      await runner.waitFor(await store.headPosition());
      for (let turn = 0; turn < 1_000 && failures.length === beforeBob; turn += 1) await macrotasks();
      assert.ok(failures.length > beforeBob, 'the failed periodic write is reported');
      const reported = failures.length;
      await runner.stop();
      assert.equal(failures.length, reported + 1, 'the write at stop failed too, and stop still stopped');
    });

    it('a snapshot written at stop is loaded at start, and catch-up goes on from it', async () => {
      const { store, folio } = await seededStore(['alice', 'bob', 'carol']);
      const first = createProjectionRunner(store, createReadModels(), snapshotPath);
      await first.start();
      await first.stop();
      const head = await store.headPosition();
      const [atHead] = await store.readAll(head - 1, 1);
      assert.deepEqual(readSnapshot(snapshotPath).header, {
        readModelVersion: READ_MODEL_VERSION,
        position: head,
        hashAtPosition: atHead?.hash,
        streamAtPosition: atHead?.stream,
        revisionAtPosition: atHead?.revision,
        bodySha256: createHash('sha256').update(readSnapshot(snapshotPath).body).digest('hex'),
      });

      await addUsersWithBalances(folio, ['dave']);
      const reads = recordingReads(store);
      const models = createReadModels();
      const second = createProjectionRunner(reads.store, models, snapshotPath);
      await second.start();
      assert.ok(
        reads.afters.every((after) => after >= head - 1),
        `replayed from ${Math.min(...reads.afters)} instead of resuming at ${head}`,
      );
      assert.ok(reads.afters.includes(head), 'caught up from the snapshot position');
      assert.equal(models.position(), await store.headPosition());
      assert.equal(models.serialize(), await rebuilt(store));
      await second.stop();
      assert.equal(readSnapshot(snapshotPath).header.position, await store.headPosition());
    });

    it('writes no snapshot when nothing was folded', async () => {
      const runner = createProjectionRunner(createMemoryEventStore(), createReadModels(), snapshotPath);
      await runner.start();
      await runner.stop();
      assert.equal(existsSync(snapshotPath), false);
    });

    /** Starts from the snapshot file as it is and checks the models were rebuilt from the log instead. */
    const assertIgnored = async (store: EventStore): Promise<void> => {
      const reads = recordingReads(store);
      const models = createReadModels();
      const runner = createProjectionRunner(reads.store, models, snapshotPath);
      await runner.start();
      assert.ok(reads.afters.includes(0), 'replayed the log from its start');
      assert.equal(models.position(), await store.headPosition());
      assert.equal(models.serialize(), await rebuilt(store));
      await runner.stop();
    };

    const snapshotOf = async (store: EventStore): Promise<void> => {
      const runner = createProjectionRunner(store, createReadModels(), snapshotPath);
      await runner.start();
      await runner.stop();
      assert.ok(existsSync(snapshotPath));
    };

    it('ignores a snapshot of another log (its hash does not match the event at its position)', async () => {
      const { store: other } = await seededStore(['mallory', 'trudy'], 'other');
      await snapshotOf(other);
      const { store } = await seededStore(['alice', 'bob', 'carol'], 'mine');
      assert.ok((await store.headPosition()) >= readSnapshot(snapshotPath).header.position);
      await assertIgnored(store);
    });

    it('ignores a snapshot whose hash was altered', async () => {
      const { store } = await seededStore(['alice', 'bob']);
      await snapshotOf(store);
      const snapshot = readSnapshot(snapshotPath);
      writeSnapshot(snapshotPath, {
        header: { ...snapshot.header, hashAtPosition: 'f'.repeat(64) },
        body: snapshot.body.replaceAll('bob', 'eve'),
      });
      await assertIgnored(store);
    });

    it('ignores a snapshot taken beyond the end of the log', async () => {
      const { store: longer } = await seededStore(['alice', 'bob', 'carol', 'dave']);
      await snapshotOf(longer);
      const { store } = await seededStore(['alice']);
      await assertIgnored(store);
    });

    it('ignores a snapshot whose body was altered under a matching header', async () => {
      const { store } = await seededStore(['alice', 'bob']);
      await snapshotOf(store);
      const snapshot = readSnapshot(snapshotPath);
      // A balance in a transaction row: restored, it would be folded only after the start.
      const altered = snapshot.body.replace(/"(\d+)000000"/, '"$1000001"');
      assert.notEqual(altered, snapshot.body);
      writeSnapshot(snapshotPath, { header: snapshot.header, body: altered });
      await assertIgnored(store);
    });

    it('ignores a snapshot of another READ_MODEL_VERSION', async () => {
      const { store } = await seededStore(['alice', 'bob']);
      await snapshotOf(store);
      const snapshot = readSnapshot(snapshotPath);
      writeSnapshot(snapshotPath, {
        header: { ...snapshot.header, readModelVersion: READ_MODEL_VERSION + 1 },
        body: snapshot.body.replaceAll('bob', 'eve'),
      });
      await assertIgnored(store);
    });

    it('ignores a damaged snapshot, even one that breaks only part-way through restoring', async () => {
      const { store } = await seededStore(['alice', 'bob']);
      await snapshotOf(store);
      const snapshot = readSnapshot(snapshotPath);
      // The models before `operations` restore fine from this body; the last one cannot.
      const body = JSON.parse(snapshot.body) as { models: Record<string, unknown> };
      body.models.operations = 42;
      writeSnapshot(snapshotPath, { header: snapshot.header, body: JSON.stringify(body) });
      await assertIgnored(store);
      writeSnapshot(snapshotPath, { header: snapshot.header, body: snapshot.body.slice(0, 40) });
      await assertIgnored(store);
      writeFileSync(snapshotPath, 'not a snapshot at all');
      await assertIgnored(store);
    });
  });
});
