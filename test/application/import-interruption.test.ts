import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isRight } from 'fp-ts/Either';
import { createFolio, Folio } from '../../application/folio';
import { sequentialIds } from '../../application/ids';
import { EventStore, RecordedEvent } from '../../adapters/store/port';
import { ZERO } from '../../domain/money';
import { STORE_SITES, StoreSite } from '../support/store-sites';
import { crashingStore, CrashPlan } from '../support/crashing-store';
import { NO_STEP_RETRY } from '../support/step-retry';

/**
 * An import interrupted at every one of its appends — before the append reaches the store, or after
 * it is durable but before its reply — on each store, then restarted: the import happened exactly
 * once (every line's marker once, every change once, one completion), or, when even its start was
 * lost, not at all.
 */

const root = mkdtempSync(join(tmpdir(), 'folio-import-interruption-'));
after(() => rmSync(root, { recursive: true, force: true }));

const context = { actor: 'test', method: 'api.batchImportUsers', correlationId: 'import' };

const open = async (store: EventStore, prefix: string, dying = false): Promise<Folio> => {
  const folio = createFolio({
    store,
    ids: sequentialIds(prefix),
    hashSecret: (secret) => `hashed:${secret}`,
    verifySecret: (secret, hash) => hash === `hashed:${secret}`,
    importDirectories: [root],
    // A dead process tries nothing again.
    ...(dying ? { stepRetry: NO_STEP_RETRY } : {}),
  });
  await folio.start();
  return folio;
};

const readLog = async (store: EventStore): Promise<readonly RecordedEvent[]> => store.readAll(0, 100_000);

/** One kind of import: what is there before, how it is started, and what exactly once looks like. */
interface ImportCase {
  readonly name: string;
  readonly file: string;
  readonly setUp: (folio: Folio) => Promise<void>;
  readonly run: (folio: Folio) => Promise<void>;
  readonly assertApplied: (folio: Folio, log: readonly RecordedEvent[], applied: boolean) => void;
}

const writeImport = (name: string, rows: readonly string[][]): string => {
  const path = join(root, name);
  writeFileSync(path, rows.map((row) => row.join('\t')).join('\n') + '\n');
  return path;
};

const USERS: readonly (readonly [string, string])[] = [
  ['amy', '10.00'],
  ['ben', '20.00'],
  ['cat', '30.00'],
  ['dan', '40.00'], // new: created by the import
];

const userImport: ImportCase = {
  name: 'batchImportUsers',
  file: writeImport(
    'users.tsv',
    USERS.map(([username, balance]) => [username, balance]),
  ),
  setUp: async (folio) => {
    for (const username of ['amy', 'ben', 'cat']) {
      const blank = { password: 'pw', fullName: '', email: '', cardId: '', pin: '' };
      assert.ok(isRight(await folio.services.users.addNewInternalUser(context, { username, ...blank })));
    }
  },
  run: async (folio) => {
    assert.ok(isRight(await folio.services.imports.batchImportUsers(context, userImport.file, true)));
  },
  assertApplied: (folio, log, applied) => {
    const markers = log.filter((event) => event.type === 'UserImported');
    assert.equal(markers.length, applied ? USERS.length : 0, 'one marker per line');
    assert.equal(
      new Set(markers.map((event) => (event.data as { line: number }).line)).size,
      markers.length,
      'no line marked twice',
    );
    for (const [username, balance] of USERS) {
      const now = folio.services.users.getUserProperty(username, 'balance');
      if (username === 'dan' && !applied) assert.equal(now._tag, 'Left', 'dan exists without the import');
      else assert.deepEqual(now, { _tag: 'Right', right: applied ? balance : '0.00' }, username);
    }
    const imported = folio.models.transactions.entries().filter((entry) => entry.cause === 'import');
    assert.equal(imported.length, applied ? USERS.length : 0, 'one transfer per line');
  },
};

const PRINTERS = ['p-1', 'p-2', 'p-3', 'p-4'];

const printerImport: ImportCase = {
  name: 'batchImportPrinters',
  file: writeImport(
    'printers.tsv',
    PRINTERS.map((printer, index) => ['srv', printer, `0.0${index + 1}`]),
  ),
  setUp: async () => undefined,
  run: async (folio) => {
    assert.ok(isRight(await folio.services.printerImport.batchImportPrinters(context, printerImport.file)));
  },
  assertApplied: (folio, log, applied) => {
    const registered = log.filter((event) => event.type === 'PrinterRegistered');
    assert.equal(registered.length, applied ? PRINTERS.length : 0, 'each printer registered once');
    const markers = log.filter((event) => event.type === 'PrinterImported');
    assert.equal(markers.length, applied ? PRINTERS.length : 0, 'one marker per line');
    const costs = log.filter((event) => event.type === 'PrinterCostModelChanged');
    assert.equal(costs.length, applied ? PRINTERS.length : 0, 'each cost set once');
    assert.equal(folio.models.printers.sorted().length, applied ? PRINTERS.length : 0);
  },
};

const ACCOUNTS = ['Art', 'Science', 'Science\\Physics'];

const sharedAccountImport: ImportCase = {
  name: 'batchImportSharedAccounts',
  file: writeImport('shared-accounts.tsv', [
    ['Science', '', 'Y', '', '100'],
    ['Science', 'Physics', 'N', '', '-20.50'],
    ['Art', '', 'Y', '', '5'],
  ]),
  setUp: async () => undefined,
  run: async (folio) => {
    const accepted = await folio.services.imports.batchImportSharedAccounts(
      context,
      sharedAccountImport.file,
      false,
      false,
    );
    assert.ok(isRight(accepted));
  },
  assertApplied: (folio, log, applied) => {
    const markers = log.filter((event) => event.type === 'SharedAccountImported');
    assert.equal(markers.length, applied ? ACCOUNTS.length : 0, 'one marker per line');
    assert.deepEqual(folio.services.sharedAccounts.listSharedAccounts(0, 10), {
      _tag: 'Right',
      right: applied ? ACCOUNTS : [],
    });
    const imported = folio.models.transactions.entries().filter((entry) => entry.cause === 'import');
    assert.equal(imported.length, applied ? ACCOUNTS.length : 0, 'one transfer per line');
  },
};

/** How many appends the import makes from its call on, counted on a run that is not interrupted. */
const countAppends = async (makeSite: () => StoreSite, kind: ImportCase): Promise<number> => {
  const site = makeSite();
  try {
    const inner = site.open();
    let counting = false;
    let appends = 0;
    const counted: EventStore = {
      ...inner,
      append: (stream, expected, events, options) => {
        if (counting) appends += 1;
        return inner.append(stream, expected, events, options);
      },
    };
    const folio = await open(counted, 'count');
    await kind.setUp(folio);
    counting = true;
    await kind.run(folio);
    await folio.tasks.idle();
    await folio.stop();
    return appends;
  } finally {
    await site.dispose();
  }
};

const interruptAndRestart = async (
  makeSite: () => StoreSite,
  kind: ImportCase,
  plan: CrashPlan,
): Promise<void> => {
  const site = makeSite();
  try {
    const crash = crashingStore(site.open());
    const first = await open(crash.store, 'first', true);
    await kind.setUp(first);
    crash.arm(plan);
    // A crash while the task's request is recorded fails the call: nothing was acknowledged.
    const acknowledged = await kind.run(first).then(
      () => true,
      () => false,
    );
    await first.tasks.idle();
    assert.ok(crash.crashed(), 'the process died');
    if (acknowledged)
      assert.match(first.tasks.status().message, /failed: an internal error stopped the task/);
    await crash.settled();
    await first.stop();

    const store = site.open();
    const restarted = await open(store, 'restarted');
    const log = await readLog(store);
    const starts = log.filter((event) => event.type.endsWith('Started'));
    // An acknowledged task is recorded, so resumed at start-up: it is then applied, whatever the crash.
    const applied = log.some((event) => event.type === 'TaskRequested');
    if (acknowledged) assert.ok(applied, 'an acknowledged import is recorded');
    assert.equal(starts.length, applied ? 1 : 0, 'one operation when the task was recorded, else none');
    assert.deepEqual(restarted.models.operations.unfinished(), [], 'no operation is left unfinished');
    assert.equal(
      log.filter((event) => event.type === 'BulkOperationCompleted').length,
      applied ? 1 : 0,
      'completed exactly once',
    );
    kind.assertApplied(restarted, log, applied);
    assert.equal(restarted.models.transactions.trialBalance(), ZERO, 'the trial balance is zero');
    await restarted.stop();

    // A second start finds nothing left to do.
    const again = await open(store, 'again');
    assert.equal((await readLog(store)).length, log.length, 'a second start-up wrote again');
    await again.stop();
  } finally {
    await site.dispose();
  }
};

for (const [siteName, makeSite] of STORE_SITES)
  for (const kind of [userImport, sharedAccountImport, printerImport])
    describe(`${kind.name} interrupted at every append and restarted: ${siteName}`, () => {
      it('applies the import exactly once (or not at all when its start was lost)', async () => {
        const appends = await countAppends(makeSite, kind);
        assert.ok(appends >= 3, `${appends} appends`);
        for (let atAppend = 1; atAppend <= appends; atAppend += 1)
          for (const when of ['before-write', 'after-write'] as const)
            await interruptAndRestart(makeSite, kind, { atAppend, when }).catch((error: unknown) => {
              throw new Error(`crash ${when} append ${atAppend} of ${appends}: ${String(error)}`, {
                cause: error,
              });
            });
      });
    });
