import assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EVENTS_FILE, openStore } from '../../../adapters/store/open';
import { StoreWritesRefusedError } from '../../../adapters/store/port';
import { fillDiskNextCommit, SqliteEventStore } from '../../../adapters/store/sqlite';
import { StoreMalformedError } from '../../../adapters/store/sqlite-open';
import { HEAD_FILE, LedgerHead, readHeadFile, StoreLossError } from '../../../adapters/store/store-head';
import { proposed, uniqueName } from './fixtures';

/** The embedded store as a data folder holds it: ledger.head beside it, compared at every open. */
const withDataFolder = async (body: (dataDir: string) => Promise<void>): Promise<void> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'folio-damage-'));
  try {
    await body(dataDir);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
};

const open = (dataDir: string, acceptStoreLoss = false): SqliteEventStore =>
  openStore('sqlite', dataDir, { acceptStoreLoss }) as SqliteEventStore;

const appendSome = async (store: SqliteEventStore, count: number): Promise<number> => {
  let position = 0;
  for (let index = 0; index < count; index += 1)
    position = (await store.append(uniqueName('damage'), 'no_stream', [proposed()])).position;
  return position;
};

const headOf = (dataDir: string): LedgerHead => {
  const head = readHeadFile(join(dataDir, HEAD_FILE));
  assert.ok(head !== null, 'the data folder has a head file');
  return head;
};

const refusal = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof StoreLossError, `expected a StoreLossError, got ${String(error)}`);
  assert.match(error.message, pattern);
  return true;
};

describe('embedded store: ledger.head outside the database', () => {
  it('follows the commits and is written in full when the store closes', () =>
    withDataFolder(async (dataDir) => {
      const store = open(dataDir);
      const position = await appendSome(store, 5);
      await store.close();
      const head = headOf(dataDir);
      assert.equal(head.position, position);
      const last = await (async () => {
        const reopened = open(dataDir);
        try {
          return (await reopened.readAll(position - 1, 1))[0];
        } finally {
          await reopened.close();
        }
      })();
      assert.equal(head.hash, last?.hash);
      assert.equal(head.stream, last?.stream);
    }));

  it('a deleted store with a head file is refused, naming both, and no empty store is created', () =>
    withDataFolder(async (dataDir) => {
      const store = open(dataDir);
      const position = await appendSome(store, 3);
      await store.close();
      rmSync(join(dataDir, EVENTS_FILE));
      assert.throws(
        () => open(dataDir),
        refusal(new RegExp(`${EVENTS_FILE} is missing, but ledger.head .* records position ${position}`)),
      );
      assert.equal(existsSync(join(dataDir, EVENTS_FILE)), false);
    }));

  it('an older copy put back is refused: the store is behind the head file', () =>
    withDataFolder(async (dataDir) => {
      const store = open(dataDir);
      const older = await appendSome(store, 2);
      await store.close();
      const copy = join(dataDir, 'older-copy.sqlite');
      copyFileSync(join(dataDir, EVENTS_FILE), copy);
      const reopened = open(dataDir);
      const newer = await appendSome(reopened, 3);
      await reopened.close();
      renameSync(copy, join(dataDir, EVENTS_FILE));
      assert.throws(
        () => open(dataDir),
        refusal(
          new RegExp(`the store ends at position ${older}, but ledger.head .* records position ${newer}`),
        ),
      );
    }));

  it('another ledger of the same length is refused: its event at the recorded position differs', () =>
    withDataFolder(async (dataDir) => {
      const store = open(dataDir);
      await appendSome(store, 3);
      await store.close();
      const head = readFileSync(join(dataDir, HEAD_FILE));
      rmSync(join(dataDir, EVENTS_FILE));
      rmSync(join(dataDir, HEAD_FILE));
      const other = open(dataDir);
      await appendSome(other, 3);
      await other.close();
      writeFileSync(join(dataDir, HEAD_FILE), head);
      assert.throws(
        () => open(dataDir),
        refusal(/holds .* with hash [0-9a-f]{64} there, but .*: the store was replaced/),
      );
    }));

  it('--accept-store-loss opens it anyway, says what was lost, and moves the head file to the store', () =>
    withDataFolder(async (dataDir) => {
      const store = open(dataDir);
      await appendSome(store, 4);
      await store.close();
      rmSync(join(dataDir, EVENTS_FILE));
      const accepted = open(dataDir, true);
      assert.equal(accepted.acceptedLoss?.kind, 'store-missing');
      assert.equal(existsSync(join(dataDir, HEAD_FILE)), false, 'an empty store has no head to record');
      const position = await appendSome(accepted, 1);
      await accepted.close();
      assert.equal(headOf(dataDir).position, position);
      const again = open(dataDir);
      assert.equal(again.acceptedLoss, null, 'the next start needs no flag');
      await again.close();
    }));

  it('a truncated database is refused at open as malformed', () =>
    withDataFolder(async (dataDir) => {
      const store = open(dataDir);
      await appendSome(store, 200);
      await store.close();
      const file = join(dataDir, EVENTS_FILE);
      truncateSync(file, Math.floor(statSync(file).size / 2));
      assert.throws(
        () => open(dataDir),
        (error: unknown) =>
          error instanceof StoreMalformedError && /is malformed .*it was truncated/.test(error.message),
      );
    }));

  it('a file that is not a database is refused at open as malformed', () =>
    withDataFolder(async (dataDir) => {
      writeFileSync(join(dataDir, EVENTS_FILE), 'not a database '.repeat(500));
      assert.throws(() => open(dataDir), StoreMalformedError);
    }));
});

describe('embedded store: files removed, replaced or cut short under a running store', () => {
  const refused = (pattern: RegExp) => (error: unknown) => {
    assert.ok(
      error instanceof StoreWritesRefusedError,
      `expected StoreWritesRefusedError, got ${String(error)}`,
    );
    assert.match(error.message, pattern);
    return true;
  };

  it('a removed database file: the next write is refused, not acknowledged, and stays refused', () =>
    withDataFolder(async (dataDir) => {
      const store = open(dataDir);
      await appendSome(store, 2);
      for (const suffix of ['', '-wal', '-shm']) unlinkSync(join(dataDir, `${EVENTS_FILE}${suffix}`));
      await assert.rejects(appendSome(store, 1), refused(/database file folio-events\.sqlite was removed/));
      await assert.rejects(appendSome(store, 1), refused(/was removed/));
      assert.equal(store.durability().durable, false);
      assert.equal((store.durability() as { reason: string }).reason, 'store-damaged');
      await store.close();
      assert.throws(() => open(dataDir), refusal(/is missing/));
    }));

  it('a replaced database file: refused, and closing leaves the new file and its folder alone', () =>
    withDataFolder(async (dataDir) => {
      const store = open(dataDir);
      await appendSome(store, 2);
      const stranger = join(dataDir, 'stranger.sqlite');
      writeFileSync(stranger, '');
      renameSync(stranger, join(dataDir, EVENTS_FILE));
      await assert.rejects(appendSome(store, 1), refused(/was replaced by another file/));
      await store.close();
      assert.equal(
        statSync(join(dataDir, EVENTS_FILE)).size,
        0,
        'nothing was checkpointed into the new file',
      );
    }));

  it('a truncated WAL: the next write is refused', () =>
    withDataFolder(async (dataDir) => {
      const store = open(dataDir);
      await appendSome(store, 50);
      const wal = join(dataDir, `${EVENTS_FILE}-wal`);
      truncateSync(wal, Math.floor(statSync(wal).size / 2));
      await assert.rejects(appendSome(store, 1), refused(/write-ahead log .* was truncated/));
      await store.close();
    }));

  it('a full disk makes the store not durable until a commit succeeds again', () =>
    withDataFolder(async (dataDir) => {
      const store = open(dataDir);
      await appendSome(store, 1);
      const changes: string[] = [];
      store.watchDurability((durability) => changes.push(durability.durable ? 'durable' : durability.reason));
      fillDiskNextCommit(store);
      await assert.rejects(
        store.append(uniqueName('full'), 'no_stream', [proposed({ data: { blob: 'x'.repeat(200_000) } })]),
      );
      assert.deepEqual(store.durability(), {
        durable: false,
        reason: 'disk-full',
        detail: 'the disk is full: the last commit failed',
      });
      await appendSome(store, 1);
      assert.deepEqual(store.durability(), { durable: true });
      assert.deepEqual(changes, ['disk-full', 'durable']);
      await store.close();
    }));
});
