import assert from 'node:assert/strict';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { after, before, describe, it } from 'node:test';
import { ZipFile } from 'yazl';
import { BACKUPS_FOLDER, EVENTS_ENTRY, MANIFEST_ENTRY } from '../../application/backup/format';
import { readBackup } from '../../application/backup/read-backup';
import { restoreBackup, RestoreError } from '../../application/backup/restore';
import { decodeOrThrow } from '../../application/envelope';
import { createFolio, Folio } from '../../application/folio';
import { openSqliteEventStore } from '../../adapters/store/sqlite';
import { EventStore } from '../../adapters/store/port';
import { moneyFromUnits, ZERO } from '../../domain/money';
import { createReadModels, ReadModels } from '../../projections';
import { context } from './support';

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'folio-backup-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

const fastHash = { hashSecret: (secret: string) => `hashed:${secret}`, verifySecret: () => false };

const ok = <T>(result: { _tag: 'Left'; left: unknown } | { _tag: 'Right'; right: T }): T => {
  if (result._tag === 'Left') assert.fail(JSON.stringify(result.left));
  return result.right;
};

/** Every balance the read models hold: users' personal accounts, shared accounts, system accounts. */
const balances = (models: ReadModels) => ({
  users: [...models.users.all()].map((user) => [user.userId, user.username, user.balances]).sort(),
  shared: models.sharedAccounts.sorted().map((account) => [account.accountId, account.balance]),
  ledger: [...models.transactions.balances()].sort(),
});

/** Read models folded from a store's events up to `head`, independently of any running Folio. */
const foldUpTo = async (store: EventStore, head: number): Promise<ReadModels> => {
  const models = createReadModels();
  for (let after = 0; after < head;) {
    const page = await store.readAll(after, 5_000);
    if (page.length === 0) break;
    for (const event of page) {
      if (event.position > head) return models;
      models.apply(decodeOrThrow(event));
      after = event.position;
    }
  }
  return models;
};

const seed = async (folio: Folio, users: number, accounts: number): Promise<void> => {
  for (let index = 0; index < users; index += 1)
    ok(
      await folio.services.users.addNewInternalUser(context, {
        username: `user${index}`,
        password: '',
        fullName: '',
        email: '',
        cardId: '',
        pin: '',
      }),
    );
  for (let index = 0; index < accounts; index += 1)
    ok(await folio.services.sharedAccounts.addNewSharedAccount(context, `Account ${index}`));
};

describe('online backup and restore', () => {
  it('a backup taken while writers keep writing restores elsewhere with identical balances and verified chains', async (t) => {
    const dataDir = join(root, 'live');
    mkdirSync(dataDir);
    const store = openSqliteEventStore(join(dataDir, 'folio-events.sqlite'));
    const folio = createFolio({ store, dataDir, ...fastHash });
    await folio.start();
    await seed(folio, 40, 10);

    // Load: writers adjusting balances, creating users and shared-account entries until told to stop.
    let stop = false;
    let writes = 0;
    const writer = async (id: number): Promise<void> => {
      for (let n = 0; !stop; n += 1) {
        const user = `user${(id * 7 + n) % 40}`;
        if (n % 10 === 9)
          ok(
            await folio.services.users.addNewInternalUser(context, {
              username: `w${id}-${n}`,
              password: '',
              fullName: '',
              email: '',
              cardId: '',
              pin: '',
            }),
          );
        else if (n % 3 === 0)
          ok(
            await folio.services.sharedAccounts.adjustSharedAccountAccountBalance(
              context,
              `Account ${n % 10}`,
              -moneyFromUnits(n % 5) - 250_000n,
              'load',
            ),
          );
        else
          ok(
            await folio.services.balances.adjustUserAccountBalance(
              context,
              user,
              moneyFromUnits((n % 7) - 3) + 10_000n,
              'load',
              '',
            ),
          );
        writes += 1;
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (writes < 300) await new Promise((resolve) => setTimeout(resolve, 5));
    const writesBefore = writes;
    const started = performance.now();
    ok(await folio.services.backups.performOnlineBackup(context));
    await folio.tasks.idle();
    const backupMs = performance.now() - started;
    const writesDuring = writes - writesBefore;
    while (writes < writesBefore + writesDuring + 100) await new Promise((resolve) => setTimeout(resolve, 5));
    stop = true;
    await Promise.all(writers);

    const status = folio.tasks.status();
    assert.match(status.message, /online backup: completed$/, status.message);
    const [file] = readdirSync(join(dataDir, BACKUPS_FOLDER));
    assert.ok(file !== undefined && /^folio-backup-\d{8}-\d{6}\.zip$/.test(file), String(file));
    const backup = join(dataDir, BACKUPS_FOLDER, file);
    // getTaskStatus takes no token: the backup is named inside the data folder, not by its absolute path.
    assert.match(status.message, new RegExp(`Backup written to backups/${file} in the data folder: `));
    assert.ok(!status.message.includes(dataDir), status.message);

    const check = await readBackup(backup);
    assert.deepEqual(check.problems, []);
    const manifest = check.manifest;
    assert.ok(manifest !== null);
    const head = await store.headPosition();
    assert.ok(manifest.headPosition < head, 'the writers went on after the backup');
    t.diagnostic(
      `backup of ${manifest.events} events in ${Math.round(backupMs)} ms while ${writesDuring} writes went on; zip ${statSync(backup).size} bytes (${manifest.eventsBytes} bytes of JSON)`,
    );

    const restoredDir = join(root, 'restored');
    const restoreStarted = performance.now();
    const restored = await restoreBackup({ backup, dataDir: restoredDir });
    t.diagnostic(
      `restore of ${restored.events} events in ${Math.round(performance.now() - restoreStarted)} ms`,
    );
    assert.equal(restored.events, manifest.events);
    assert.equal(restored.trialBalance, ZERO);

    const restoredStore = openSqliteEventStore(join(restoredDir, 'folio-events.sqlite'));
    const fromBackup = await foldUpTo(restoredStore, await restoredStore.headPosition());
    const atBackup = await foldUpTo(store, manifest.headPosition);
    assert.deepEqual(balances(fromBackup), balances(atBackup));
    assert.ok(atBackup.users.sorted().length >= 40);
    // The restored store holds the very same chains: same ids, revisions and hashes, in order.
    const original = (await store.readAll(0, manifest.events)).map((e) => [
      e.eventId,
      e.stream,
      e.revision,
      e.hash,
    ]);
    const copy = (await restoredStore.readAll(0, manifest.events + 10)).map((e) => [
      e.eventId,
      e.stream,
      e.revision,
      e.hash,
    ]);
    assert.deepEqual(copy, original);

    // A server started on the restored folder serves the same balances.
    const server = createFolio({ store: restoredStore, dataDir: restoredDir, ...fastHash });
    await server.start();
    assert.deepEqual(balances(server.models), balances(atBackup));
    await server.stop();
    await restoredStore.close();
    await folio.stop();
    await store.close();
  });

  it('refuses a target folder that is not empty, and writes nothing', async () => {
    const backup = await smallBackup('refuse');
    const target = join(root, 'not-empty');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'mine');
    await assert.rejects(
      restoreBackup({ backup, dataDir: target }),
      (error: unknown) => error instanceof RestoreError && /is not empty/.test(error.message),
    );
    assert.deepEqual(readdirSync(target), ['keep.txt']);
  });

  it('a tampered backup does not verify and restores nothing', async () => {
    const backup = await smallBackup('tamper');
    const { manifest, lines } = await unpack(backup);
    // An amount changed after the fact: the event no longer hashes to its stored hash.
    const tampered = lines.map((line) => line.replace('"amount":"5"', '"amount":"500"'));
    assert.notDeepEqual(tampered, lines);
    const forged = join(root, 'forged.zip');
    await pack(forged, manifest, tampered);
    const check = await readBackup(forged);
    assert.equal(check.ok, false);
    assert.match(check.problems.join('\n'), /does not hash to its stored hash/);
    const target = join(root, 'forged-target');
    await assert.rejects(
      restoreBackup({ backup: forged, dataDir: target }),
      /does not verify, nothing was written/,
    );
    assert.equal(existsSync(target), false);

    // An event dropped from the middle: a chain breaks and the counts no longer match the manifest.
    const dropped = join(root, 'dropped.zip');
    await pack(
      dropped,
      manifest,
      lines.filter((_line, index) => index !== 3),
    );
    const droppedCheck = await readBackup(dropped);
    assert.equal(droppedCheck.ok, false);
    assert.match(droppedCheck.problems.join('\n'), /events: the manifest says \d+, the backup holds \d+/);

    // The manifest's digest altered.
    const altered = join(root, 'altered.zip');
    await pack(altered, { ...manifest, eventsSha256: '0'.repeat(64) }, lines);
    assert.match((await readBackup(altered)).problems.join('\n'), /SHA-256 of events\.jsonl/);
  });

  it('needs the data folder: without one, performOnlineBackup is a fault that says so', async () => {
    const folio = createFolio({ store: openSqliteEventStore(join(root, 'no-data.sqlite')) });
    await folio.start();
    const result = await folio.services.backups.performOnlineBackup(context);
    assert.equal(result._tag === 'Left' && result.left.code, 'DataFolderUnavailable');
    await folio.stop();
  });
});

const smallBackup = async (name: string): Promise<string> => {
  const dataDir = join(root, `small-${name}`);
  mkdirSync(dataDir);
  const store = openSqliteEventStore(join(dataDir, 'folio-events.sqlite'));
  const folio = createFolio({ store, dataDir, ...fastHash });
  await folio.start();
  await seed(folio, 3, 1);
  ok(await folio.services.balances.adjustUserAccountBalance(context, 'user1', moneyFromUnits(5), 'five', ''));
  ok(await folio.services.backups.performOnlineBackup(context));
  await folio.tasks.idle();
  await folio.stop();
  await store.close();
  const [file = ''] = readdirSync(join(dataDir, BACKUPS_FOLDER));
  return join(dataDir, BACKUPS_FOLDER, file);
};

const unpack = async (backup: string) => {
  const { open } = await import('yauzl');
  const contents = await new Promise<Map<string, string>>((resolve, reject) =>
    open(backup, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const found = new Map<string, string>();
      zip.on('entry', (entry: { fileName: string }) =>
        zip.openReadStream(entry as never, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            found.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        }),
      );
      zip.on('end', () => resolve(found));
      zip.readEntry();
    }),
  );
  return {
    manifest: JSON.parse(contents.get(MANIFEST_ENTRY) ?? '{}') as Record<string, unknown>,
    lines: (contents.get(EVENTS_ENTRY) ?? '').split('\n').filter((line) => line !== ''),
  };
};

const pack = async (path: string, manifest: Record<string, unknown>, lines: readonly string[]) => {
  const zip = new ZipFile();
  const out = createWriteStream(path);
  zip.outputStream.pipe(out);
  zip.addBuffer(Buffer.from(lines.map((line) => `${line}\n`).join('')), EVENTS_ENTRY);
  zip.addBuffer(Buffer.from(JSON.stringify(manifest)), MANIFEST_ENTRY);
  zip.end();
  await finished(out);
};
