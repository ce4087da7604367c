import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FolioProcess, killFolioProcessDuringStart, startFolioProcess } from '../support/folio-process';
import { SEED } from '../support/property';
import { seededRandom } from '../support/seeded-random';
import { writeProblems } from './acknowledged-writes';
import { auditDataFolder } from './ledger-audit';
import { setUpLedger, startWriters, Write } from './workload';

const TOKEN = 'crash-safety-token';
/** Kills in `npm test`; `FOLIO_CRASH_ROUNDS=300 npm run test:crash` for the long run. */
const ROUNDS = Number(process.env.FOLIO_CRASH_ROUNDS ?? '12');
const WRITERS = 6;
const KILL_AFTER_MS = { min: 100, max: 2_000 } as const;
/** One round in three also kills the next start while it catches up and recovers. */
const KILL_DURING_START_ODDS = 1 / 3;
const KILL_DURING_START_MS = { min: 0, max: 1_500 } as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('crash safety: SIGKILL under concurrent writes, then restart', () => {
  it(`every acknowledged change survives ${ROUNDS} kills, nothing is half-applied, chains verify, read models equal a fresh replay, trial balance zero`, async (t) => {
    const random = seededRandom(SEED);
    const dataDir = mkdtempSync(join(tmpdir(), 'folio-crash-'));
    const writes: Write[] = [];
    let server: FolioProcess | undefined;
    let totalKills = 0;
    t.diagnostic(`seed ${SEED}, ${ROUNDS} rounds, data in ${dataDir}`);
    try {
      server = await startFolioProcess(dataDir, TOKEN);
      await setUpLedger(server.port, TOKEN);
      for (let round = 1; round <= ROUNDS; round += 1) {
        server ??= await startFolioProcess(dataDir, TOKEN);
        const run = startWriters(server.port, TOKEN, WRITERS, random, `r${round}`, writes);
        await sleep(random.int(KILL_AFTER_MS.min, KILL_AFTER_MS.max));
        run.stop();
        await server.kill();
        server = undefined;
        await run.done;
        let kills = 1;
        if (random.next() < KILL_DURING_START_ODDS) {
          await killFolioProcessDuringStart(
            dataDir,
            TOKEN,
            random.int(KILL_DURING_START_MS.min, KILL_DURING_START_MS.max),
          );
          kills += 1;
        }
        totalKills += kills;

        // Restart: recovery finishes any operation the kill cut; a graceful stop then saves its read models.
        const recovered = await startFolioProcess(dataDir, TOKEN);
        const exitCode = await recovered.stop();
        assert.equal(
          exitCode,
          0,
          `round ${round}: SIGTERM stops the recovered server cleanly (${recovered.exitDescription()})\n${recovered.stderr()}`,
        );

        const audit = await auditDataFolder(dataDir);
        const problems = [...audit.problems, ...writeProblems(audit.events, writes)];
        assert.deepEqual(problems, [], `round ${round} (seed ${SEED}): ${problems.slice(0, 20).join('\n')}`);
      }
      const acknowledged = writes.filter((write) => write.outcome !== 'unknown');
      const count = (outcome: Write['outcome']) => writes.filter((write) => write.outcome === outcome).length;
      t.diagnostic(
        `kills: ${totalKills} (${ROUNDS} under load); writes checked: ${writes.length} (acknowledged ${acknowledged.length}: ` +
          `${count('applied')} applied, ${count('refused')} refused, ${count('fault')} faults; ` +
          `${count('unknown')} cut by a kill, each found whole or absent)`,
      );
      assert.ok(count('applied') > ROUNDS, 'the writers got writes through in most rounds');
    } finally {
      await server?.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
