import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFolio, Folio } from '../../../adapters/application/folio';
import { FAST_STEP_RETRY } from '../../support/step-retry';
import { sequentialIds } from '../../../adapters/application/ids';
import { createMemoryEventStore } from '../../../adapters/store/memory';
import { EventStore } from '../../../adapters/store/port';
import { DomainError } from '../../../domain/errors';
import { moneyFromUnits, ZERO } from '../../../domain/money';
import { context, macrotasks } from './support';

let root: string;
let imports: string;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'folio-imports-'));
  imports = join(root, 'imports');
  mkdirSync(imports);
});
after(() => rmSync(root, { recursive: true, force: true }));

const startFolio = async (store: EventStore, prefix = 'id'): Promise<Folio> => {
  const folio = createFolio({
    store,
    ids: sequentialIds(prefix),
    clock: () => new Date('2026-03-04T05:06:07.000Z'),
    hashSecret: (secret) => `hashed:${secret}`,
    verifySecret: (secret, hash) => hash === `hashed:${secret}`,
    importDirectories: [imports],
    stepRetry: FAST_STEP_RETRY,
  });
  await folio.start();
  return folio;
};

let fileCounter = 0;
const tsv = (...rows: string[][]): string => {
  fileCounter += 1;
  const name = `file-${fileCounter}.tsv`;
  writeFileSync(join(imports, name), rows.map((row) => row.join('\t')).join('\n') + '\n');
  return name;
};

const right = <T>(result: { _tag: 'Left'; left: DomainError } | { _tag: 'Right'; right: T }): T => {
  if (result._tag === 'Left') assert.fail(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

const settledTask = async (folio: Folio) => {
  await folio.kernel.tasks.idle();
  const status = folio.kernel.tasks.status();
  assert.equal(status.completed, true);
  return status.message;
};

const addUser = async (folio: Folio, username: string, cardId = '') =>
  right(
    await folio.services.users.addNewInternalUser(context, {
      username,
      password: 'pw',
      fullName: '',
      email: '',
      cardId,
      pin: '',
    }),
  );

const importCauses = (folio: Folio) =>
  folio.models.transactions.entries().filter((entry) => entry.cause === 'import');

describe('batch import of shared accounts', () => {
  it('validates, answers with feedback, applies the valid lines as a task and books balances as imports', async () => {
    const folio = await startFolio(createMemoryEventStore());
    await addUser(folio, 'alice');
    const file = tsv(
      ['Science', '', 'Y', '1234', '100', 'Y', 'alice', '', 'NEVER_INVOICE', 'COMMENT_REQUIRED', 'labs'],
      ['Science', 'Physics', 'N', '', '-20.50'],
      ['Art', '', 'maybe'],
    );
    const feedback = right(
      await folio.services.imports.batchImportSharedAccounts(context, file, false, false),
    );
    assert.match(feedback, /3 lines read, 2 valid, 1 with problems/);
    assert.match(feedback, /Accounts to create: 2; to update: 0; to delete: 0/);
    assert.match(feedback, /Line 3: not applied: enabled 'maybe' is not Y or N/);
    assert.match(feedback, /api\.getTaskStatus/);
    const message = await settledTask(folio);
    assert.match(message, /batch import of shared accounts from .*: started/);
    assert.match(message, /Line 3: not applied/);
    assert.match(message, /Import finished: 2 of 2 records applied/);
    assert.match(message, /: completed$/);

    const accounts = folio.services.sharedAccounts;
    assert.deepEqual(right(accounts.listSharedAccounts(0, 10)), ['Science', 'Science\\Physics']);
    assert.deepEqual(
      right(
        accounts.getSharedAccountProperties('Science', [
          'balance',
          'restricted',
          'pin',
          'access-users',
          'invoice-option',
          'comment-option',
          'notes',
          'disabled',
        ]),
      ),
      ['100.00', 'true', '1234', 'alice', 'NEVER_INVOICE', 'COMMENT_REQUIRED', 'labs', 'false'],
    );
    assert.deepEqual(
      right(accounts.getSharedAccountProperties('Science\\Physics', ['balance', 'disabled'])),
      ['-20.50', 'true'],
    );
    const booked = importCauses(folio);
    assert.equal(booked.length, 2);
    assert.ok(booked.every((entry) => entry.counterAccount === 'system:imports'));
    assert.equal(folio.models.transactions.balanceOf('system:imports'), -moneyFromUnits(100) + 20_500_000n);
    assert.equal(folio.models.transactions.trialBalance(), ZERO);
  });

  it('with test=true reports the same feedback and changes nothing', async () => {
    const store = createMemoryEventStore();
    const folio = await startFolio(store);
    const before = store.all().length;
    const feedback = right(
      await folio.services.imports.batchImportSharedAccounts(
        context,
        tsv(['Music', '', 'Y', '', '5']),
        true,
        false,
      ),
    );
    assert.match(feedback, /Accounts to create: 1/);
    assert.match(feedback, /Test only: nothing was changed/);
    await folio.kernel.tasks.idle();
    assert.equal(store.all().length, before);
    assert.equal(folio.services.sharedAccounts.isSharedAccountExists('Music'), false);
  });

  it('is safe to retry: importing the same file again moves no money and changes no setting', async () => {
    const folio = await startFolio(createMemoryEventStore());
    const file = tsv(['Music', '', 'N', '', '5', 'Y'], ['Music', 'Choir', 'Y', '', '7']);
    right(await folio.services.imports.batchImportSharedAccounts(context, file, false, false));
    await settledTask(folio);
    const snapshot = folio.services.sharedAccounts.getSharedAccountProperties('Music', [
      'balance',
      'disabled',
    ]);
    right(await folio.services.imports.batchImportSharedAccounts(context, file, false, false));
    const message = await settledTask(folio);
    assert.match(message, /Accounts to create: 0; to update: 2/);
    assert.deepEqual(
      folio.services.sharedAccounts.getSharedAccountProperties('Music', ['balance', 'disabled']),
      snapshot,
    );
    assert.equal(importCauses(folio).length, 2, 'the second import booked nothing');
    assert.deepEqual(right(folio.services.sharedAccounts.listSharedAccounts(0, 10)), [
      'Music',
      'Music\\Choir',
    ]);
  });

  it('deleteNonExistent deletes the accounts the file does not name, sub-accounts first', async () => {
    const folio = await startFolio(createMemoryEventStore());
    for (const name of ['Keep', 'Old', 'Old\\Sub', 'Keep\\Gone'])
      right(await folio.services.sharedAccounts.addNewSharedAccount(context, name));
    const feedback = right(
      await folio.services.imports.batchImportSharedAccounts(context, tsv(['Keep'], ['New']), false, true),
    );
    assert.match(feedback, /to create: 1; to update: 1; to delete: 3/);
    await settledTask(folio);
    assert.deepEqual(right(folio.services.sharedAccounts.listSharedAccounts(0, 10)), ['Keep', 'New']);
  });
});

describe('batch import of users, internal users and card/ID numbers', () => {
  it('creates and updates users; a card held by another user leaves only that line unapplied', async () => {
    const folio = await startFolio(createMemoryEventStore());
    await addUser(folio, 'alice', '1001');
    await addUser(folio, 'bob');
    const file = tsv(
      ['alice', '10', 'Y', 'Alice Anders', 'alice@example.org', 'Maths', 'B12', '', '4321'],
      ['bob', '', '', '', '', '', '', '1001'],
      [
        'carol',
        '2.50',
        'N',
        'Carol C',
        '',
        'Art',
        '',
        '2002',
        '',
        'new',
        '3003',
        'c2@example.org',
        'cc',
        '/home/c',
      ],
    );
    assert.equal(right(await folio.services.imports.batchImportUsers(context, file, true)), true);
    const message = await settledTask(folio);
    assert.match(message, /Line 2: not applied: card\/ID number '1001' already belongs to user 'alice'/);
    assert.match(message, /Import finished: 2 of 2 records applied/);
    const users = folio.services.users;
    assert.deepEqual(
      right(users.getUserProperties('alice', ['balance', 'restricted', 'full-name', 'department', 'office'])),
      ['10.00', 'true', 'Alice Anders', 'Maths', 'B12'],
    );
    assert.equal(folio.services.users.lookUpUserNameByCardNo('1001'), 'alice');
    assert.deepEqual(
      right(
        users.getUserProperties('carol', [
          'balance',
          'primary-card-number',
          'secondary-card-number',
          'other-emails',
          'username-alias',
          'home',
          'notes',
          'internal',
        ]),
      ),
      ['2.50', '2002', '3003', 'c2@example.org', 'cc', '/home/c', 'new', 'false'],
    );
    assert.equal(folio.models.users.findByUsername('alice')?.hasPin, true);
    assert.equal(folio.models.transactions.trialBalance(), ZERO);
  });

  it('with createNewUsers false only existing users change', async () => {
    const folio = await startFolio(createMemoryEventStore());
    await addUser(folio, 'alice');
    right(await folio.services.imports.batchImportUsers(context, tsv(['alice', '3'], ['zed', '4']), false));
    const message = await settledTask(folio);
    assert.match(message, /Line 2: ignored: user 'zed' does not exist and createNewUsers is false/);
    assert.equal(folio.services.users.isUserExists('zed'), false);
    assert.equal(right(folio.services.users.getUserProperty('alice', 'balance')), '3.00');
  });

  it('internal users get passwords and PINs as salted hashes, never in clear', async () => {
    const store = createMemoryEventStore();
    const folio = await startFolio(store);
    right(
      await folio.services.imports.batchImportInternalUsers(
        context,
        tsv(['ivan', 'Secret-1', '5', 'N', 'Ivan I', 'ivan@example.org', '', '', '7007', '2468']),
        false,
        false,
        true,
      ),
    );
    await settledTask(folio);
    const ivan = folio.models.users.findByUsername('ivan');
    assert.equal(ivan?.internal, true);
    assert.equal(ivan?.passwordHash, 'hashed:Secret-1');
    assert.equal(ivan?.hasPin, true);
    assert.equal(folio.services.users.lookUpUserNameByCardNo('7007'), 'ivan');
    const log = JSON.stringify(store.all());
    assert.ok(!log.includes('"Secret-1"') && !log.includes('"2468"'), 'no secret is stored in clear');
  });

  it('card/ID numbers: existing users get them; a number already held elsewhere is reported', async () => {
    const folio = await startFolio(createMemoryEventStore());
    await addUser(folio, 'alice', '1001');
    await addUser(folio, 'bob');
    right(
      await folio.services.imports.batchImportUserCardIdNumbers(
        context,
        tsv(['bob', '2002', '1111'], ['alice', '5005'], ['carol', '6006'], ['bob', '1001']),
        false,
      ),
    );
    const message = await settledTask(folio);
    assert.match(message, /Line 3: not applied: user 'carol' does not exist/);
    assert.match(message, /Line 4: not applied: user 'bob' is already on line 1/);
    assert.equal(folio.services.users.lookUpUserNameByCardNo('2002'), 'bob');
    assert.equal(folio.services.users.lookUpUserNameByCardNo('5005'), 'alice');
    // alice's old card was released: another user may now take it.
    right(await folio.services.users.setUserProperty(context, 'bob', 'secondary-card-number', '1001'));
  });
});

describe('import files are read only from the import folders', () => {
  const refused = async (folio: Folio, file: string, reason: RegExp, code = 'ImportFileRefused') => {
    const result = await folio.services.imports.batchImportUsers(context, file, true);
    assert.equal(result._tag, 'Left');
    if (result._tag === 'Left') {
      assert.equal(result.left.code, code);
      assert.match(JSON.stringify(result.left), reason);
    }
  };

  it('refuses paths outside them, symbolic links leading out, folders and missing files', async () => {
    const folio = await startFolio(createMemoryEventStore());
    const outside = join(root, 'outside.tsv');
    writeFileSync(outside, 'alice\t1\n');
    symlinkSync(outside, join(imports, 'link.tsv'));
    mkdirSync(join(imports, 'folder.tsv'), { recursive: true });
    await refused(folio, outside, /files are read only from/);
    await refused(folio, '../outside.tsv', /files are read only from/);
    await refused(folio, 'link.tsv', /files are read only from/);
    await refused(folio, 'folder.tsv', /not a regular file/, 'FileNotReadable');
    await refused(folio, 'missing.tsv', /ENOENT/, 'FileNotReadable');
    await refused(folio, 'no/such/folder/missing.tsv', /ENOENT/, 'FileNotReadable');
    await refused(folio, 'no/../../outside.tsv', /files are read only from/);
    await refused(folio, '', /no file was named/);
    await refused(folio, '/etc/passwd', /files are read only from/);
  });

  it('replies, faults and task lines name a file inside its import folder, never by an absolute path', async () => {
    const folio = await startFolio(createMemoryEventStore());
    mkdirSync(join(imports, 'term'), { recursive: true });
    writeFileSync(join(imports, 'term', 'accounts.tsv'), 'Maths\t\tY\t\t5.00\n');
    const absolute = join(imports, 'term', 'accounts.tsv');
    const feedback = right(
      await folio.services.imports.batchImportSharedAccounts(context, absolute, false, false),
    );
    assert.match(feedback, /term\/accounts\.tsv/);
    const message = await settledTask(folio);
    assert.match(message, /from term\/accounts\.tsv: completed$/);
    const faults = await Promise.all(
      [join(root, 'outside.tsv'), join(imports, 'missing.tsv'), '/etc/passwd'].map((file) =>
        folio.services.imports.batchImportUsers(context, file, true),
      ),
    );
    for (const text of [feedback, message, ...faults.map((fault) => JSON.stringify(fault))])
      assert.ok(!text.includes(root) && !text.includes('/etc'), `an absolute path in ${text}`);
    assert.deepEqual(
      faults.map((fault) =>
        fault._tag === 'Left' && 'path' in fault.left ? [fault.left.code, fault.left.path] : fault,
      ),
      [
        ['ImportFileRefused', 'outside.tsv'],
        ['FileNotReadable', 'missing.tsv'],
        ['ImportFileRefused', 'passwd'],
      ],
    );
  });

  it('batchImportPrinters reads only from the import folders too', async () => {
    const folio = await startFolio(createMemoryEventStore());
    const outside = join(root, 'printers-outside.tsv');
    writeFileSync(outside, 'srv\tP\t0.10\n');
    const result = await folio.services.printerImport.batchImportPrinters(context, outside);
    assert.equal(result._tag === 'Left' && result.left.code, 'ImportFileRefused');
    await folio.kernel.tasks.idle();
    assert.deepEqual(folio.kernel.tasks.status(), { completed: true, message: '' }, 'no task started');
    writeFileSync(join(imports, 'printers.tsv'), 'srv\tP\t0.10\n');
    assert.equal(
      right(await folio.services.printerImport.batchImportPrinters(context, 'printers.tsv')),
      true,
    );
  });

  it('refuses everything when no import folder is configured', async () => {
    const folio = createFolio({ store: createMemoryEventStore() });
    await folio.start();
    await refused(folio, join(imports, tsv(['alice'])), /no import folder is configured/);
  });

  it('reads UTF-16 files with a byte-order mark and Windows-1252 files', async () => {
    const folio = await startFolio(createMemoryEventStore());
    writeFileSync(
      join(imports, 'utf16.tsv'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('zoë\t1\n', 'utf16le')]),
    );
    writeFileSync(join(imports, 'ansi.tsv'), Buffer.from([0x6e, 0x6f, 0xe9, 0x09, 0x32, 0x0a]));
    right(await folio.services.imports.batchImportUsers(context, 'utf16.tsv', true));
    right(await folio.services.imports.batchImportUsers(context, 'ansi.tsv', true));
    await folio.kernel.tasks.idle();
    assert.equal(right(folio.services.users.getUserProperty('zoë', 'balance')), '1.00');
    assert.equal(right(folio.services.users.getUserProperty('noé', 'balance')), '2.00');
  });
});

describe('an import interrupted half-way is finished at start-up, each line exactly once', () => {
  it('lines applied before the stop are not applied again, even when changed since', async () => {
    const store = createMemoryEventStore();
    const folio = await startFolio(store, 'first');
    for (const name of ['amy', 'ben', 'cat']) await addUser(folio, name);
    // The store dies when the import reaches cat: amy and ben are done, cat and the completion are not.
    const catsLine = (event: { type: string; data: unknown }) =>
      event.type === 'UserImported' && (event.data as { line: number }).line === 3;
    const dying: EventStore = {
      ...store,
      append: async (stream, expected, events) => {
        if (
          events.some(catsLine) ||
          (stream.startsWith('operation-') && events.some((e) => e.type === 'BulkOperationCompleted'))
        )
          throw new Error('disk gone');
        return store.append(stream, expected, events);
      },
    };
    const crashing = await startFolio(dying, 'second');
    right(
      await crashing.services.imports.batchImportUsers(
        context,
        tsv(['amy', '10'], ['ben', '20'], ['cat', '30']),
        false,
      ),
    );
    const message = await settledTask(crashing);
    assert.match(message, /failed: an internal error stopped the task/);
    assert.ok(!message.includes('disk gone'), 'the internal error reaches the log, not the task status');
    await macrotasks(20);
    await crashing.kernel.runner.waitFor(await store.headPosition());
    assert.equal(right(crashing.services.users.getUserProperty('ben', 'balance')), '20.00');
    // Someone else moves amy's balance after her line was applied (the live server, before the stop).
    right(
      await folio.services.balances.adjustUserAccountBalance(context, 'amy', moneyFromUnits(5), 'top-up', ''),
    );

    // Two servers starting on the same log at once both finish the import: still once per line.
    const [restarted] = await Promise.all([startFolio(store, 'third'), startFolio(store, 'third-b')]);
    assert.deepEqual(
      ['amy', 'ben', 'cat'].map((name) => right(restarted.services.users.getUserProperty(name, 'balance'))),
      ['15.00', '20.00', '30.00'],
    );
    assert.equal(restarted.models.operations.unfinished().length, 0);
    const markers = store.all().filter((event) => event.type === 'UserImported');
    assert.equal(markers.length, 3, 'one marker per line');
    assert.equal(importCauses(restarted).length, 3, 'one transfer per line');
    const completion = store.all().filter((event) => event.type === 'BulkOperationCompleted');
    assert.equal(completion.length, 1);
    assert.deepEqual(completion[0]?.data, {
      operationId: (markers[0]?.data as { operationId: string }).operationId,
      applied: 3,
      skipped: [],
    });
    // A second start finds nothing left to do.
    const again = await startFolio(store, 'fourth');
    assert.equal(store.all().filter((event) => event.type === 'UserImported').length, 3);
    assert.equal(again.models.transactions.trialBalance(), ZERO);
  });
});
