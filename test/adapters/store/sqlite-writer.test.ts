import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { fillDiskNextCommit, holdNextCommit, openSqliteEventStore } from '../../../adapters/store/sqlite';
import { StoreWriterStoppedError } from '../../../adapters/store/sqlite-writer-client';
import { asProposed, proposed, proposedMany, uniqueName } from './fixtures';
import { openTemporarySqliteStore, SqliteUnderTest } from './sqlite-fixture';

/** The embedded store's writer thread: batches, failures, a held commit, a crash, and closing. */
const withSqlite = async (body: (subject: SqliteUnderTest) => Promise<void>): Promise<void> => {
  const subject = await openTemporarySqliteStore();
  try {
    await body(subject);
  } finally {
    await subject.cleanup();
  }
};

const isSqliteFull = (error: unknown): boolean => {
  assert.ok(error instanceof Database.SqliteError, `expected a SqliteError, got ${String(error)}`);
  assert.equal(error.code, 'SQLITE_FULL');
  return true;
};

describe('embedded SQLite writer thread', () => {
  it('a SQLite failure fails every append of its batch and leaves no row of any of them', () =>
    withSqlite(async ({ store }) => {
      const hold = holdNextCommit(store);
      const first = store.append(uniqueName('before'), 'no_stream', [proposed()]);
      await hold.reached;
      // Queued behind the held commit, so the three go together as the next batch, on a full disk.
      fillDiskNextCommit(store);
      const streams = [uniqueName('small-a'), uniqueName('small-b'), uniqueName('large')];
      const before = store.commitStatistics();
      const batch = [
        store.append(streams[0] ?? '', 'no_stream', [proposed()]),
        store.append(streams[1] ?? '', 'no_stream', proposedMany(2)),
        store.append(streams[2] ?? '', 'no_stream', [proposed({ data: { blob: 'x'.repeat(300_000) } })]),
      ];
      hold.release();
      await first;
      for (const append of batch) await assert.rejects(append, isSqliteFull);
      for (const stream of streams) assert.deepEqual(await store.readStream(stream), []);
      assert.deepEqual(store.commitStatistics(), {
        ...before,
        commits: before.commits + 1,
        appends: before.appends + 1,
        events: before.events + 1,
      });
      // The disk has room again: the store carries on.
      const later = uniqueName('after');
      assert.equal((await store.append(later, 'no_stream', proposedMany(2))).revision, 1);
      assert.equal((await store.readStream(later)).length, 2);
    }));

  it('reads are answered while a commit is in progress', () =>
    withSqlite(async ({ store }) => {
      const stream = uniqueName('read-during-commit');
      const committed = proposed();
      const { position } = await store.append(stream, 'no_stream', [committed]);
      const hold = holdNextCommit(store);
      const next = proposed();
      const pending = store.append(stream, 0, [next], { afterEventId: committed.eventId });
      await hold.reached;
      // The writer holds the write lock with the new row inserted: readers neither wait nor see it.
      assert.deepEqual((await store.readStream(stream)).map(asProposed), [committed]);
      assert.deepEqual(
        (await store.readAll(position - 1, 10)).map((event) => event.eventId),
        [committed.eventId],
      );
      assert.equal(await store.headPosition(), position);
      hold.release();
      assert.equal((await pending).revision, 1);
      assert.deepEqual((await store.readStream(stream)).map(asProposed), [committed, next]);
    }));

  it('the writer thread dying fails every pending append and refuses later ones', async () => {
    const subject = await openTemporarySqliteStore();
    try {
      const { store } = subject;
      const hold = holdNextCommit(store);
      const [inFlight, queued] = [uniqueName('in-flight'), uniqueName('queued')];
      const held = store.append(inFlight, 'no_stream', [proposed()]);
      await hold.reached;
      const waiting = store.append(queued, 'no_stream', [proposed()]);
      hold.crash();
      await assert.rejects(held, StoreWriterStoppedError);
      await assert.rejects(waiting, StoreWriterStoppedError);
      await assert.rejects(
        store.append(uniqueName('later'), 'no_stream', [proposed()]),
        /writer thread stopped/,
      );
      const reopened = await subject.reopen?.();
      assert.deepEqual(await reopened?.readStream(inFlight), []);
      assert.deepEqual(await reopened?.readStream(queued), []);
    } finally {
      await subject.cleanup();
    }
  });

  it('close commits what is queued behind a commit in progress, and refuses appends after it', async () => {
    const subject = await openTemporarySqliteStore();
    try {
      const { store } = subject;
      const hold = holdNextCommit(store);
      const [a, b] = [uniqueName('held'), uniqueName('queued')];
      const held = store.append(a, 'no_stream', [proposed()]);
      await hold.reached;
      const queued = store.append(b, 'no_stream', proposedMany(2));
      const closing = store.close();
      await assert.rejects(store.append(uniqueName('late'), 'no_stream', [proposed()]), /closed/);
      hold.release();
      await closing;
      assert.equal((await held).revision, 0);
      assert.equal((await queued).revision, 1);
      const reopened = await subject.reopen?.();
      assert.equal((await reopened?.readStream(a))?.length, 1);
      assert.equal((await reopened?.readStream(b))?.length, 2);
    } finally {
      await subject.cleanup();
    }
  });

  it('a page of recent events includes what another connection committed after them', () =>
    withSqlite(async ({ store, path }) => {
      const other = openSqliteEventStore(path);
      try {
        const ours = uniqueName('ours');
        const theirs = uniqueName('theirs');
        await store.append(ours, 'no_stream', [proposed()]);
        await other.append(theirs, 'no_stream', [proposed()]);
        const streamsOf = async (after: number) =>
          (await store.readAll(after, 10)).map((event) => event.stream);
        assert.deepEqual(await streamsOf(0), [ours, theirs]);
        await store.append(ours, 0, [proposed()]);
        assert.deepEqual(await streamsOf(0), [ours, theirs, ours]);
        assert.deepEqual(await streamsOf(1), [theirs, ours]);
        assert.deepEqual(await streamsOf(2), [ours]);
      } finally {
        await other.close();
      }
    }));

  it('readonly and fileMustExist refuse to create a missing file; by default it is created', async () => {
    const { directory, cleanup } = await openTemporarySqliteStore();
    try {
      const missing = join(directory, 'missing.sqlite');
      assert.throws(() => openSqliteEventStore(missing, { readonly: true }));
      assert.throws(() => openSqliteEventStore(missing, { fileMustExist: true }));
      assert.equal(existsSync(missing), false);
      const created = openSqliteEventStore(missing);
      await created.close();
      assert.equal(existsSync(missing), true);
    } finally {
      await cleanup();
    }
  });
});
