import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { createEsdbEventStore } from '../../../../adapters/store/esdb/store';
import { createMemoryEventStore } from '../../../../adapters/store/memory';
import { compareLogs } from '../../../../adapters/store/migrate/compare-logs';
import { migrateLog, MigrationError } from '../../../../adapters/store/migrate/migrate-log';
import { walkLog } from '../../../../adapters/store/migrate/walk-log';
import { AppendResult, EventStore, ProposedEvent, RecordedEvent } from '../../../../adapters/store/port';
import { openSqliteEventStore, SqliteEventStore } from '../../../../adapters/store/sqlite';
import { GENESIS_HASH, hashEvent } from '../../../../adapters/store/hash-chain';
import { crashingStore, SimulatedCrash } from '../../../support/crashing-store';
import { createEsdbModel } from '../../../support/esdb-model';

const proposal = (stream: string, index: number): ProposedEvent => ({
  eventId: randomUUID(),
  type: 'UserBalanceAdjusted',
  version: 1,
  data: {
    userId: stream,
    amount: String(index),
    comment: `entry ${index} ✓`,
    nested: { list: [index, null] },
  },
  metadata: { actor: 'seed', method: 'api.adjustUserAccountBalance', correlationId: randomUUID() },
  recordedAt: new Date(Date.UTC(2026, 0, 1) + index * 1_000).toISOString(),
});

/**
 * A log of `total` events over `streams` streams, interleaved as a busy server writes them: runs of
 * one to three events per append, streams in a shuffled order.
 */
const seed = async (store: EventStore, total: number, streams: number, pipelined: boolean): Promise<void> => {
  const revisions = new Array<number>(streams).fill(-1);
  let written = 0;
  let inFlight: Promise<AppendResult>[] = [];
  // xorshift32 from a fixed seed: the same log every run.
  let state = 2_463_534_242;
  const random = (limit: number): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % limit;
  };
  while (written < total) {
    const stream = random(streams);
    const count = Math.min(1 + random(3), total - written);
    const expected = revisions[stream] ?? -1;
    const events = Array.from({ length: count }, (_, offset) => proposal(`s${stream}`, written + offset));
    const appended = store.append(`user-s${stream}`, expected < 0 ? 'no_stream' : expected, events);
    revisions[stream] = expected + count;
    written += count;
    if (!pipelined) await appended;
    else inFlight.push(appended);
    if (inFlight.length >= 1_000) {
      await Promise.all(inFlight);
      inFlight = [];
    }
  }
  await Promise.all(inFlight);
};

/**
 * The same kind of log written straight into an embedded store's table in one transaction, chained
 * as the store chains it: the 100,000-event source, without spending the test's time on seeding.
 */
const seedDirectly = (store: SqliteEventStore, total: number, streams: number): void => {
  const heads = new Map<string, { revision: number; hash: string }>();
  const insert = store.database.prepare(
    `INSERT INTO events (event_id, stream, revision, type, version, recorded_at, data, metadata, previous_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let state = 88_172_645;
  const random = (limit: number): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % limit;
  };
  store.database.transaction(() => {
    for (let index = 0; index < total; index += 1) {
      const name = `s${random(streams)}`;
      const stream = `user-${name}`;
      const head = heads.get(stream);
      const event = {
        ...proposal(name, index),
        stream,
        revision: head === undefined ? 0 : head.revision + 1,
        previousHash: head?.hash ?? GENESIS_HASH,
      };
      const hash = hashEvent(event);
      insert.run(
        event.eventId,
        stream,
        event.revision,
        event.type,
        event.version,
        event.recordedAt,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        event.previousHash,
        hash,
      );
      heads.set(stream, { revision: event.revision, hash });
    }
  })();
};

const allOf = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const event of walkLog(store)) events.push(event);
  return events;
};

const withoutPositions = (events: readonly RecordedEvent[]) =>
  events.map(({ position: _position, ...rest }) => rest);

const temporaryDir = (): { dir: string; remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), 'folio-migrate-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

describe('migrating an event log', () => {
  it('embedded → EventStoreDB → embedded keeps every event, its order and its chain; only positions change', async () => {
    const { dir, remove } = temporaryDir();
    const stores: EventStore[] = [];
    try {
      const source = openSqliteEventStore(join(dir, 'source.sqlite'));
      const back = openSqliteEventStore(join(dir, 'back.sqlite'));
      const esdb = createEsdbEventStore(createEsdbModel());
      stores.push(source, back, esdb);
      await seed(source, 600, 40, true);

      const there = await migrateLog(source, esdb, { pipelined: false });
      assert.deepEqual([there.alreadyThere, there.copied, there.verification.matched], [0, 600, 600]);
      const original = await allOf(source);
      const onEsdb = await allOf(esdb);
      assert.deepEqual(withoutPositions(onEsdb), withoutPositions(original));
      assert.notDeepEqual(
        onEsdb.map((event) => event.position),
        original.map((event) => event.position),
        'EventStoreDB has its own positions',
      );

      const returned = await migrateLog(esdb, back, { pipelined: true });
      assert.equal(returned.verification.digest, there.verification.digest);
      assert.deepEqual(
        await allOf(back),
        original,
        'the embedded copy of the copy is the original, positions too',
      );
    } finally {
      for (const store of stores) await store.close();
      remove();
    }
  });

  for (const when of ['before-write', 'after-write'] as const) {
    it(`an interrupted migration (${when}) resumes from what the target has and verifies clean`, async () => {
      const { dir, remove } = temporaryDir();
      const stores: EventStore[] = [];
      try {
        const source = openSqliteEventStore(join(dir, 'source.sqlite'));
        const toSqlite = openSqliteEventStore(join(dir, 'target.sqlite'));
        const toEsdb = createEsdbEventStore(createEsdbModel());
        stores.push(source, toSqlite, toEsdb);
        await seed(source, 3_000, 100, true);
        for (const [target, pipelined] of [
          [toSqlite, true],
          [toEsdb, false],
        ] as const) {
          const crash = crashingStore(target);
          crash.arm({ atAppend: 700, when });
          await assert.rejects(migrateLog(source, crash.store, { pipelined }), SimulatedCrash);
          await crash.settled();
          const resumed = await migrateLog(source, target, { pipelined });
          assert.ok(resumed.alreadyThere > 0, 'part of the log was already there');
          assert.ok(resumed.copied > 0, 'and the rest was copied');
          assert.equal(resumed.alreadyThere + resumed.copied, 3_000);
          assert.equal(resumed.verification.matched, 3_000);
          assert.deepEqual(withoutPositions(await allOf(target)), withoutPositions(await allOf(source)));
          const again = await migrateLog(source, target, { pipelined });
          assert.deepEqual([again.alreadyThere, again.copied], [3_000, 0], 'running it again copies nothing');
        }
      } finally {
        for (const store of stores) await store.close();
        remove();
      }
    });
  }

  it('refuses a target that holds anything but the start of the same log', async () => {
    const source = createMemoryEventStore();
    const target = createMemoryEventStore();
    await seed(source, 50, 5, false);
    await target.append('user-s1', 'no_stream', [proposal('s1', 0)]);
    await assert.rejects(migrateLog(source, target, { pipelined: true }), MigrationError);
    const longer = createMemoryEventStore();
    await migrateLog(source, longer, { pipelined: true });
    await longer.append('extra', 'no_stream', [proposal('extra', 0)]);
    await assert.rejects(migrateLog(source, longer, { pipelined: true }), /events the source does not/);
  });

  it('verification finds a copy whose stored event was altered', async () => {
    const { dir, remove } = temporaryDir();
    const source = createMemoryEventStore();
    let target: SqliteEventStore | undefined;
    try {
      await seed(source, 200, 10, false);
      target = openSqliteEventStore(join(dir, 'target.sqlite'));
      await migrateLog(source, target, { pipelined: true });
      target.database
        .prepare("UPDATE events SET data = json_set(data, '$.amount', '999') WHERE position = 120")
        .run();
      const comparison = await compareLogs(source, target, 'whole');
      assert.match(comparison.problem ?? '', /chain breaks at .*hash does not match/);
      assert.equal(comparison.matched, 119);
    } finally {
      await target?.close();
      remove();
    }
  });

  it('a 100,000-event log migrates between two embedded stores and verifies clean', async (context) => {
    const { dir, remove } = temporaryDir();
    const source = openSqliteEventStore(join(dir, 'source.sqlite'));
    const target = openSqliteEventStore(join(dir, 'target.sqlite'));
    try {
      const seeding = performance.now();
      seedDirectly(source, 100_000, 2_000);
      const seeded_ms = performance.now() - seeding;
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const report = await migrateLog(source, target, { pipelined: true });
      const migrated_ms = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      const migratedCpu_ms = (cpu.user + cpu.system) / 1_000;
      assert.equal(report.copied, 100_000);
      assert.equal(report.verification.matched, 100_000);
      assert.equal(report.verification.streams, 2_000);
      assert.equal(report.verification.problem, undefined);
      context.diagnostic(
        `100,000 events: seeded in ${(seeded_ms / 1_000).toFixed(1)} s; migrated and verified in ${(migrated_ms / 1_000).toFixed(1)} s (${(migratedCpu_ms / 1_000).toFixed(1)} s of CPU)`,
      );
    } finally {
      await source.close();
      await target.close();
      remove();
    }
  });
});
