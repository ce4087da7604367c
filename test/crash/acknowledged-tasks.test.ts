import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readBackup } from '../../application/backup/read-backup';
import { createRawClient } from '../support/raw-http-client';
import { FolioProcess, startFolioProcess } from '../support/folio-process';
import { SEED } from '../support/property';
import { seededRandom } from '../support/seeded-random';
import { wire } from '../support/xmlrpc-wire';
import { auditDataFolder } from './ledger-audit';

const TOKEN = 'crash-tasks-token';
/** Kills in `npm test`; `FOLIO_CRASH_ITERATIONS=300 npm run test:crash` for the long run. */
const ITERATIONS = Number(process.env.FOLIO_CRASH_ITERATIONS ?? '4');
const USERS_PER_IMPORT = 30;
/** How long after the reply the server is killed: the task has at most begun. */
const KILL_AFTER_MS = { min: 0, max: 150 } as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface AcknowledgedImport {
  readonly round: number;
  readonly users: readonly { readonly username: string; readonly balance: string }[];
}

describe('crash safety: SIGKILL just after a background task is acknowledged', () => {
  it(`every acknowledged import and backup is finished exactly once after ${ITERATIONS} kills`, async (t) => {
    const random = seededRandom(SEED);
    const dataDir = mkdtempSync(join(tmpdir(), 'folio-crash-tasks-'));
    const importsDir = join(dataDir, 'imports');
    mkdirSync(importsDir, { recursive: true });
    const imports: AcknowledgedImport[] = [];
    let backups = 0;
    let server: FolioProcess | undefined;
    t.diagnostic(`seed ${SEED}, ${ITERATIONS} kills, data in ${dataDir}`);
    try {
      for (let round = 1; round <= ITERATIONS; round += 1) {
        server = await startFolioProcess(dataDir, TOKEN);
        const client = createRawClient(server.port);
        const file = `round-${round}.tsv`;
        const users = Array.from({ length: USERS_PER_IMPORT }, (_, index) => ({
          username: `r${round}-u${index}`,
          balance: `${random.int(1, 900)}.${String(random.int(0, 99)).padStart(2, '0')}`,
        }));
        writeFileSync(
          join(importsDir, file),
          users.map((user) => [user.username, 'pw', user.balance].join('\t')).join('\n') + '\n',
        );
        const backup = random.next() < 0.5;
        try {
          const { reply } = await client.call(
            'api.batchImportInternalUsers',
            TOKEN,
            file,
            wire.boolean(false),
            wire.boolean(false),
            wire.boolean(false),
          );
          assert.equal(reply.kind, 'value', `round ${round}: the import was accepted`);
          imports.push({ round, users });
          // The file vanishes after the reply: the task works from the contents recorded at call time.
          rmSync(join(importsDir, file));
          if (backup) {
            const { reply: backupReply } = await client.call('api.performOnlineBackup', TOKEN);
            assert.equal(backupReply.kind, 'value', `round ${round}: the backup was accepted`);
            backups += 1;
          }
        } finally {
          client.close();
        }
        await sleep(random.int(KILL_AFTER_MS.min, KILL_AFTER_MS.max));
        await server.kill();
        server = undefined;
      }

      // The restart resumes every acknowledged task and finishes it before serving.
      server = await startFolioProcess(dataDir, TOKEN);
      const client = createRawClient(server.port);
      try {
        for (const { round, users } of imports)
          for (const user of users)
            assert.equal(
              String(await client.value('api.getUserAccountBalance', TOKEN, user.username, '')),
              String(Number(user.balance)),
              `round ${round}: ${user.username}'s imported balance`,
            );
      } finally {
        client.close();
      }
      assert.equal(await server.stop(), 0, 'the restarted server stops cleanly');
      server = undefined;

      const audit = await auditDataFolder(dataDir);
      assert.deepEqual(audit.problems, [], 'the log verifies');
      const created = new Map<string, number>();
      for (const event of audit.events)
        if (event.type === 'UserCreated') {
          const { username } = event.data as { username: string };
          created.set(username, (created.get(username) ?? 0) + 1);
        }
      for (const { users } of imports)
        for (const { username } of users) assert.equal(created.get(username), 1, `${username} created once`);
      const requested = audit.events.filter((event) => event.type === 'TaskRequested');
      const finished = audit.events.filter((event) => event.type === 'TaskFinished');
      assert.equal(requested.length, imports.length + backups, 'every acknowledged task was recorded');
      assert.equal(finished.length, requested.length, 'every recorded task finished once');

      const written = readdirSync(join(dataDir, 'backups')).filter((name) => name.endsWith('.zip'));
      assert.ok(written.length >= backups, `${written.length} backups for ${backups} acknowledged`);
      for (const name of written) {
        const check = await readBackup(join(dataDir, 'backups', name));
        assert.deepEqual(check.problems, [], `${name} is a valid backup`);
      }
      t.diagnostic(`${imports.length} imports and ${backups} backups acknowledged, each finished once`);
    } finally {
      await server?.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
