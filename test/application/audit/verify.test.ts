import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { verifyLog } from '../../../application/audit/verify';
import { GENESIS_HASH, hashEvent } from '../../../adapters/store/hash-chain';
import { openSqliteEventStore } from '../../../adapters/store/sqlite';
import { buildSmallLedger, DataFolder, tempDataFolder } from '../../support/audit-fixture';
import { checkAsyncProperty } from '../../support/property';

/** Every column of a stored event except the global position, which the hash leaves out by design. */
const TEXT_COLUMNS = [
  'event_id',
  'stream',
  'type',
  'recorded_at',
  'data',
  'metadata',
  'previous_hash',
  'hash',
] as const;
const INTEGER_COLUMNS = ['revision', 'version'] as const;
type Column = (typeof TEXT_COLUMNS)[number] | (typeof INTEGER_COLUMNS)[number];

interface Tamper {
  readonly position: number;
  readonly column: Column;
  readonly byteIndex: number;
  readonly mask: number;
}

/** Flips one byte of one column of one stored row, as a disk error or a hand edit would. */
const flipByte = (path: string, tamper: Tamper): Tamper | null => {
  const db = new Database(path);
  try {
    for (let attempt = 0; attempt < 255; attempt += 1) {
      const mask = ((tamper.mask - 1 + attempt) % 255) + 1;
      try {
        if ((INTEGER_COLUMNS as readonly string[]).includes(tamper.column)) {
          const row = db
            .prepare(`SELECT ${tamper.column} AS value FROM events WHERE position = ?`)
            .get(tamper.position) as {
            value: number;
          };
          const shift = BigInt(8 * (tamper.byteIndex % 6));
          const flipped = Number(BigInt(row.value) ^ (BigInt(mask) << shift));
          db.prepare(`UPDATE events SET ${tamper.column} = ? WHERE position = ?`).run(
            flipped,
            tamper.position,
          );
        } else {
          const row = db
            .prepare(`SELECT CAST(${tamper.column} AS BLOB) AS value FROM events WHERE position = ?`)
            .get(tamper.position) as { value: Buffer };
          const bytes = Buffer.from(row.value);
          const index = tamper.byteIndex % bytes.length;
          bytes[index] = (bytes[index] ?? 0) ^ mask;
          db.prepare(`UPDATE events SET ${tamper.column} = CAST(? AS TEXT) WHERE position = ?`).run(
            bytes,
            tamper.position,
          );
        }
        return { ...tamper, mask };
      } catch (error) {
        // A flip that collides with another row's unique id or stream revision cannot be stored; try the next.
        if (!(error instanceof Error && /UNIQUE/.test(error.message))) throw error;
      }
    }
    return null;
  } finally {
    db.close();
  }
};

const verifyFile = async (path: string, snapshotPath: string | null = null) => {
  const store = openSqliteEventStore(path, { readonly: true });
  try {
    return await verifyLog({ store, snapshotPath });
  } finally {
    await store.close();
  }
};

describe('folio verify', () => {
  let folder: DataFolder;
  let pristine: string;
  let eventCount = 0;

  before(async () => {
    folder = tempDataFolder();
    const ledger = await buildSmallLedger(folder);
    await ledger.folio.stop();
    await ledger.store.close();
    pristine = join(folder.dir, 'pristine.sqlite');
    copyFileSync(folder.eventsPath, pristine);
    const db = new Database(pristine, { readonly: true });
    eventCount = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    db.close();
  });
  after(() => folder.remove());

  it('passes an untouched log, its snapshot and its balances', async () => {
    const report = await verifyFile(folder.eventsPath, folder.snapshotPath);
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.equal(report.events, eventCount);
    assert.equal(report.problemCount, 0);
    assert.equal(report.trialBalance, 0n);
    assert.equal(report.readModels.against, 'snapshot');
    assert.equal(report.readModels.ok, true);
    assert.equal(report.balances.ok, true);
    assert.ok(report.transfers >= 10);
  });

  it('detects a single flipped byte in any column of any stored event and names that event', async () => {
    let runs = 0;
    await checkAsyncProperty(
      fc.asyncProperty(
        fc.nat({ max: 10_000 }),
        fc.constantFrom<Column>(...TEXT_COLUMNS, ...INTEGER_COLUMNS),
        fc.nat({ max: 100_000 }),
        fc.integer({ min: 1, max: 255 }),
        async (eventIndex, column, byteIndex, mask) => {
          const position = (eventIndex % eventCount) + 1;
          const copy = join(folder.dir, `tampered-${runs++}.sqlite`);
          copyFileSync(pristine, copy);
          const applied = flipByte(copy, { position, column, byteIndex, mask });
          assert.ok(applied !== null, 'some flip of that byte can be stored');
          const report = await verifyFile(copy);
          assert.equal(report.ok, false, `undetected: ${JSON.stringify(applied)}`);
          const first = report.problems[0];
          assert.ok(first !== undefined);
          assert.equal(
            first.position,
            position,
            `${JSON.stringify(applied)} reported as ${JSON.stringify(first)}`,
          );
        },
      ),
      60,
    );
  });

  it('detects a rewritten balance even when the attacker re-hashes the whole stream, and names the event', async () => {
    const copy = join(folder.dir, 'rehashed.sqlite');
    copyFileSync(pristine, copy);
    const db = new Database(copy);
    const target = db
      .prepare("SELECT * FROM events WHERE type = 'UserBalanceAdjusted' ORDER BY position LIMIT 1 OFFSET 1")
      .get() as { position: number; stream: string; revision: number };
    const rows = db.prepare('SELECT * FROM events WHERE stream = ? ORDER BY revision').all(target.stream) as {
      position: number;
      event_id: string;
      stream: string;
      revision: number;
      type: string;
      version: number;
      recorded_at: string;
      data: string;
      metadata: string;
    }[];
    let previousHash = GENESIS_HASH;
    for (const row of rows) {
      const data = JSON.parse(row.data) as Record<string, unknown>;
      if (row.position === target.position) data.balanceAfter = '1000';
      const event = {
        eventId: row.event_id,
        stream: row.stream,
        revision: row.revision,
        type: row.type,
        version: row.version,
        recordedAt: row.recorded_at,
        data,
        metadata: JSON.parse(row.metadata) as { actor: string; method: string; correlationId: string },
        previousHash,
      };
      const hash = hashEvent(event);
      db.prepare('UPDATE events SET data = ?, previous_hash = ?, hash = ? WHERE position = ?').run(
        JSON.stringify(data),
        previousHash,
        hash,
        row.position,
      );
      previousHash = hash;
    }
    db.close();
    const report = await verifyFile(copy);
    assert.equal(report.ok, false);
    assert.equal(report.problems[0]?.position, target.position);
    assert.equal(report.problems[0]?.check, 'balance');
    assert.ok(report.problems.some((problem) => problem.check === 'trial-balance'));
  });

  it('detects any rewrite before a recorded log digest', async () => {
    const clean = await verifyFile(pristine);
    const expect = { position: clean.headPosition, digest: clean.logDigest };
    const store = openSqliteEventStore(pristine, { readonly: true });
    assert.equal((await verifyLog({ store, snapshotPath: null, expect })).ok, true);
    await store.close();
    // Rewriting a stream's newest event and re-hashing it passes every local check…
    const copy = join(folder.dir, 'digest.sqlite');
    copyFileSync(pristine, copy);
    const db = new Database(copy);
    const row = db
      .prepare(
        "SELECT * FROM events WHERE type = 'ConfigValueSet' OR revision = 0 ORDER BY position DESC LIMIT 1",
      )
      .get() as {
      position: number;
      event_id: string;
      stream: string;
      type: string;
      version: number;
      recorded_at: string;
      data: string;
      metadata: string;
      revision: number;
      previous_hash: string;
    };
    const laterTime = '2030-01-01T00:00:00.000Z';
    const rehashed = hashEvent({
      eventId: row.event_id,
      stream: row.stream,
      revision: row.revision,
      type: row.type,
      version: row.version,
      recordedAt: laterTime,
      data: JSON.parse(row.data) as unknown,
      metadata: JSON.parse(row.metadata) as { actor: string; method: string; correlationId: string },
      previousHash: row.previous_hash,
    });
    const last = db.prepare('SELECT MAX(revision) AS r FROM events WHERE stream = ?').get(row.stream) as {
      r: number;
    };
    assert.equal(last.r, row.revision, 'the rewritten event is its stream head, so no later link breaks');
    db.prepare('UPDATE events SET recorded_at = ?, hash = ? WHERE position = ?').run(
      laterTime,
      rehashed,
      row.position,
    );
    db.close();
    assert.equal((await verifyFile(copy)).ok, true, '…so only the recorded digest can tell');
    const copyStore = openSqliteEventStore(copy, { readonly: true });
    const report = await verifyLog({ store: copyStore, snapshotPath: null, expect });
    await copyStore.close();
    assert.equal(report.ok, false);
    assert.equal(report.problems[0]?.check, 'digest');
  });

  it('reports read models that differ from the snapshot on disk', async () => {
    const snapshot = readFileSync(folder.snapshotPath, 'utf8');
    const altered = join(folder.dir, 'altered.snapshot');
    writeFileSync(altered, snapshot.replace('"username":"bob"', '"username":"bobby"'));
    const report = await verifyFile(folder.eventsPath, altered);
    assert.equal(report.ok, false);
    assert.equal(report.problemCount, 0, 'the log itself is intact');
    assert.equal(report.readModels.ok, false);
    assert.match(report.readModels.detail, /read model 'users' differs at item \d+/);
  });

  it('names the transaction row that differs from the snapshot, and a row the snapshot lacks or adds', async () => {
    const snapshot = readFileSync(folder.snapshotPath, 'utf8');
    const lines = snapshot.split('\n');
    // The header, the head line, then one row a line (the second row onwards ends its predecessor's comma), then the tail.
    const rows = lines.slice(2, -1);
    assert.ok(rows.length >= 3, 'the fixture books too few transfers');
    const rowAt = 1;
    const row = JSON.parse((rows[rowAt] ?? '').replace(/,$/, '')) as unknown[];
    const amount = BigInt(row[6] as string);
    row[6] = `${amount + 1_000_000n}`;
    const write = (name: string, edited: readonly string[]): string => {
      const path = join(folder.dir, name);
      writeFileSync(path, [...lines.slice(0, 2), ...edited, ...lines.slice(-1)].join('\n'));
      return path;
    };
    const editedRows = rows.map((line, at) => (at === rowAt ? `${JSON.stringify(row)},` : line));
    const edited = await verifyFile(folder.eventsPath, write('row-edited.snapshot', editedRows));
    assert.equal(edited.readModels.ok, false);
    assert.match(edited.readModels.detail, new RegExp(`read model 'transactions' differs at row ${rowAt} `));

    const lastRemoved = rows
      .slice(0, -1)
      .map((line, at, kept) => (at === kept.length - 1 ? line.replace(/,$/, '') : line));
    const shorter = await verifyFile(folder.eventsPath, write('row-removed.snapshot', lastRemoved));
    assert.equal(shorter.readModels.ok, false);
    assert.match(shorter.readModels.detail, new RegExp(`differs at row ${rows.length - 1} .*no more rows`));

    const added = [...rows.slice(0, -1), `${rows.at(-1) ?? ''},`, rows.at(-1) ?? ''];
    const longer = await verifyFile(folder.eventsPath, write('row-added.snapshot', added));
    assert.equal(longer.readModels.ok, false);
    assert.match(longer.readModels.detail, /the snapshot holds more rows than the \d+ rebuilt/);

    const untouched = await verifyFile(folder.eventsPath, write('rows-untouched.snapshot', rows));
    assert.equal(untouched.readModels.ok, true, untouched.readModels.detail);
  });
});
