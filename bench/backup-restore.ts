import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restoreBackup } from '../application/backup/restore';
import { createFolio } from '../application/folio';
import { openSqliteEventStore } from '../adapters/store/sqlite';
import { moneyFromUnits } from '../domain/money';

/**
 * Online backup and restore of a log of a realistic shape: USERS users, then ADJUSTMENTS balance
 * adjustments spread over them, written 64 at a time. The backup is taken while 8 writers keep
 * adjusting; the restore goes into a new folder. Prints sizes and times.
 *   npm run bench:backup-restore [-- USERS ADJUSTMENTS]
 */
const USERS = Number(process.argv[2] ?? 1_000);
const ADJUSTMENTS = Number(process.argv[3] ?? 50_000);
const context = { actor: 'bench', method: 'bench', correlationId: 'bench' };

const main = async (): Promise<void> => {
  const folder = mkdtempSync(join(tmpdir(), 'folio-bench-backup-'));
  try {
    const dataDir = join(folder, 'live');
    const store = openSqliteEventStore(join(folder, 'events.sqlite'));
    const folio = createFolio({ store, dataDir, hashSecret: (s) => s, verifySecret: () => false });
    await folio.start();
    let started = performance.now();
    for (let index = 0; index < USERS; index += 64)
      await Promise.all(
        Array.from({ length: Math.min(64, USERS - index) }, (_, offset) =>
          folio.services.users.addNewInternalUser(context, {
            username: `user${index + offset}`,
            password: '',
            fullName: `User ${index + offset}`,
            email: '',
            cardId: '',
            pin: '',
          }),
        ),
      );
    const adjust = (n: number) =>
      folio.services.balances.adjustUserAccountBalance(
        context,
        `user${n % USERS}`,
        moneyFromUnits((n % 11) - 5) + 250_000n,
        'bench',
        '',
      );
    for (let n = 0; n < ADJUSTMENTS; n += 64)
      await Promise.all(
        Array.from({ length: Math.min(64, ADJUSTMENTS - n) }, (_, offset) => adjust(n + offset)),
      );
    const events = await store.headPosition();
    console.log(`log: ${events} events written in ${Math.round(performance.now() - started)} ms`);

    let stop = false;
    let during = 0;
    const writers = Array.from({ length: 8 }, async (_, id) => {
      for (let n = id; !stop; n += 8) {
        await adjust(n);
        during += 1;
      }
    });
    started = performance.now();
    await folio.services.backups.performOnlineBackup(context);
    await folio.tasks.idle();
    const backupMs = performance.now() - started;
    stop = true;
    await Promise.all(writers);
    const message = folio.tasks.status().message;
    const path = /Backup written to (\S+):/.exec(message)?.[1] ?? '';
    console.log(
      `backup: ${Math.round(backupMs)} ms while ${during} adjustments went on; zip ${statSync(path).size} bytes`,
    );
    console.log(message.split('\n').slice(-2).join('\n'));
    await folio.stop();
    await store.close();

    started = performance.now();
    const restored = await restoreBackup({ backup: path, dataDir: join(folder, 'restored') });
    console.log(
      `restore: ${restored.events} events, ${restored.users} users in ${Math.round(performance.now() - started)} ms; sqlite ${statSync(join(folder, 'restored', 'folio-events.sqlite')).size} bytes`,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
};

void main();
