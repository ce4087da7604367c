import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { AppendResult, WrongExpectedRevisionError } from '../../../adapters/store/port';
import { openSqliteEventStore } from '../../../adapters/store/sqlite';
import { CorruptEventError } from '../../../adapters/store/sqlite-rows';
import { runStoreContract } from './contract';
import { proposed, proposedMany, uniqueName } from './fixtures';
import { openTemporarySqliteStore, SqliteUnderTest } from './sqlite-fixture';

runStoreContract('embedded SQLite', openTemporarySqliteStore);

const withSqlite = async (body: (subject: SqliteUnderTest) => Promise<void>): Promise<void> => {
  const subject = await openTemporarySqliteStore();
  try {
    await body(subject);
  } finally {
    await subject.cleanup();
  }
};

const runWriter = (path: string, stream: string, count: number) =>
  new Promise<{ failures: number; firstFailure: string }>((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'sqlite-writer-worker.js'), {
      workerData: { path, stream, count },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });

describe('embedded SQLite store', () => {
  it('runs in WAL mode with synchronous=FULL', () =>
    withSqlite(async ({ store, path }) => {
      assert.equal(store.database.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(store.database.pragma('synchronous', { simple: true }), 2); // 2 is FULL
      const other = new Database(path, { readonly: true });
      try {
        assert.equal(other.pragma('journal_mode', { simple: true }), 'wal', 'WAL is a property of the file');
      } finally {
        other.close();
      }
    }));

  it('commits appends issued in one tick in one transaction, refusing only the wrong ones', () =>
    withSqlite(async (subject) => {
      const { store } = subject;
      const existing = uniqueName('existing');
      await store.append(existing, 'no_stream', [proposed()]);
      const before = store.commitStatistics();
      const streams = Array.from({ length: 20 }, (_, index) => uniqueName(`batch-${index}`));
      const shared = uniqueName('twice-in-batch');
      const appends: Promise<AppendResult>[] = [
        ...streams.map((stream) => store.append(stream, 'no_stream', proposedMany(2))),
        store.append(existing, 'no_stream', [proposed()]), // wrong: the stream exists
        store.append(shared, 'no_stream', [proposed()]),
        store.append(shared, 0, [proposed()]), // sees the previous append of the same batch
      ];
      const outcomes = await Promise.allSettled(appends);
      const after = store.commitStatistics();
      assert.equal(after.commits - before.commits, 1, 'one transaction for the whole batch');
      assert.equal(after.appends - before.appends, appends.length - 1, 'every append but the refused one');
      assert.equal(after.refused - before.refused, 1);
      assert.equal(after.events - before.events, streams.length * 2 + 2);
      const refused = outcomes[streams.length];
      assert.ok(refused?.status === 'rejected' && refused.reason instanceof WrongExpectedRevisionError);
      const accepted = outcomes.filter((_, index) => index !== streams.length);
      assert.ok(accepted.every((outcome) => outcome.status === 'fulfilled'));
      const store2 = await subject.reopen?.();
      for (const stream of streams) assert.equal((await store2?.readStream(stream))?.length, 2);
      assert.equal((await store2?.readStream(shared))?.length, 2);
      assert.equal((await store2?.readStream(existing))?.length, 1);
    }));

  it('an append whose payload cannot be stored fails alone, not its whole batch', () =>
    withSqlite(async ({ store }) => {
      const good = uniqueName('good');
      const bad = uniqueName('bad');
      const outcomes = await Promise.allSettled([
        store.append(good, 'no_stream', [proposed()]),
        store.append(bad, 'no_stream', [proposed(), proposed({ data: { amount: Number.NaN } })]),
        store.append(good, 0, [proposed()]),
      ]);
      assert.deepEqual(
        outcomes.map((outcome) => outcome.status),
        ['fulfilled', 'rejected', 'fulfilled'],
      );
      assert.equal((await store.readStream(good)).length, 2);
      assert.deepEqual(await store.readStream(bad), []);
    }));

  it('serves a commit just made exactly as its rows read back, whatever JSON does to the payload', () =>
    withSqlite(async ({ store }) => {
      const stream = uniqueName('as-json');
      // Each is changed by JSON on its way to the row: the tail's copy must be changed the same way.
      const payloads: unknown[] = [
        { when: new Date('2026-03-01T00:00:00.000Z'), left: undefined, list: [undefined, 2] },
        JSON.parse('{"__proto__": {"own": true}, "plain": 1}'),
        {
          nested: new Map([['a', 1]]),
          boxed: Object.assign(Object.create({ inherited: 1 }) as object, { own: 2 }),
        },
        [{ deep: [[{ deeper: 'x' }]] }, -0, 1e308],
      ];
      const before = await store.headPosition();
      await store.append(
        stream,
        'no_stream',
        payloads.map((data) => proposed({ data })),
      );
      const fromTail = await store.readAll(before, payloads.length);
      const fromRows = await store.readStream(stream);
      assert.deepEqual(
        fromTail.map((event) => event.data),
        fromRows.map((event) => event.data),
      );
      assert.ok(fromTail.every((event) => Object.isFrozen(event.data)));
    }));

  it('close commits the appends still waiting for their batch', async () => {
    const subject = await openTemporarySqliteStore();
    const stream = uniqueName('pending');
    const pending = subject.store.append(stream, 'no_stream', proposedMany(3));
    const reopened = await subject.reopen?.();
    try {
      assert.equal((await pending).revision, 2);
      assert.equal((await reopened?.readStream(stream))?.length, 3);
    } finally {
      await subject.cleanup();
    }
  });

  it('a read-only open reads while another connection writes', () =>
    withSqlite(async ({ store, path }) => {
      const stream = uniqueName('shared-file');
      await store.append(stream, 'no_stream', [proposed()]);
      const reader = openSqliteEventStore(path, { readonly: true });
      const writer = new Database(path);
      try {
        assert.equal((await reader.readStream(stream)).length, 1);
        await assert.rejects(reader.append(stream, 0, [proposed()]), /read-only/);
        // Another connection holds the write lock with uncommitted rows: readers neither wait nor see them.
        writer.exec('BEGIN IMMEDIATE');
        writer
          .prepare(
            `INSERT INTO events (event_id, stream, revision, type, version, recorded_at, data, metadata, previous_hash, hash)
             VALUES ('uncommitted', ?, 1, 'T', 1, '', '{}', '{}', '', '')`,
          )
          .run(stream);
        const started = process.hrtime.bigint();
        assert.equal((await reader.readStream(stream)).length, 1);
        // A read that waited for the lock would wait out busy_timeout (10 s) and fail: well under that is enough.
        assert.ok(process.hrtime.bigint() - started < 5_000_000_000n, 'the read did not wait for the writer');
        writer.exec('ROLLBACK');
        await store.append(stream, 0, [proposed()]);
        assert.equal((await reader.readStream(stream)).length, 2, 'a later read sees the new commit');
        assert.equal(await reader.headPosition(), await store.headPosition());
      } finally {
        writer.close();
        await reader.close();
      }
    }));

  it('names the position, stream and revision of a row whose JSON is damaged', () =>
    withSqlite(async ({ store }) => {
      const stream = uniqueName('damaged');
      await store.append(stream, 'no_stream', proposedMany(3));
      const [target] = await store.readStream(stream, 1);
      const position = target?.position ?? 0;
      store.database.prepare("UPDATE events SET data = '{\"truncated' WHERE position = ?").run(position);
      const isNamed = (column: string) => (error: unknown) => {
        assert.ok(error instanceof CorruptEventError, `expected CorruptEventError, got ${String(error)}`);
        assert.deepEqual(
          { position: error.position, stream: error.stream, revision: error.revision },
          { position, stream, revision: 1 },
        );
        assert.match(error.message, new RegExp(`position ${position}\\b`));
        assert.ok(error.message.includes(`${stream}@1`));
        assert.ok(error.message.includes(column));
        return true;
      };
      await assert.rejects(store.readStream(stream), isNamed('data'));
      await assert.rejects(store.readAll(position - 1, 10), isNamed('data'));
      assert.equal((await store.readStream(stream, 2)).length, 1, 'rows after it stay readable');
      store.database
        .prepare("UPDATE events SET data = '{}', metadata = 'not json' WHERE position = ?")
        .run(position);
      await assert.rejects(store.readStream(stream), isNamed('metadata'));
    }));

  it('two processes appending to one file both succeed', () =>
    withSqlite(async ({ path, store }) => {
      const streams = [uniqueName('process-a'), uniqueName('process-b')];
      const appendsEach = 40;
      const reports = await Promise.all(streams.map((stream) => runWriter(path, stream, appendsEach)));
      assert.deepEqual(
        reports.map((report) => report.failures),
        [0, 0],
        reports.map((report) => report.firstFailure).join('\n'),
      );
      for (const stream of streams) {
        const events = await store.readStream(stream);
        assert.deepEqual(
          events.map((event) => event.revision),
          Array.from({ length: appendsEach }, (_, index) => index),
        );
      }
    }));
});
