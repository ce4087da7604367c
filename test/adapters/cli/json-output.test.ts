import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EVENTS_FILE } from '../../../adapters/store/open';
import { openSqliteEventStore } from '../../../adapters/store/sqlite';
import {
  ADMIN,
  buildSmallLedger,
  DataFolder,
  expectRight,
  money,
  tempDataFolder,
} from '../../support/audit-fixture';
import { folioBin, FolioProcess, run, RunResult, startFolioProcess } from '../../support/folio-process';

/** No --no-progress needed: the progress bar only shows on a terminal, and execFile gives none. */
const folio = (...args: string[]): Promise<RunResult> => run(process.execPath, [folioBin(), ...args]);

const succeeds = async (...args: string[]): Promise<string> => {
  const result = await folio(...args);
  assert.equal(result.code, 0, `folio ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};

const json = async <T>(...args: string[]): Promise<T> => JSON.parse(await succeeds(...args)) as T;

const isIsoTime = (text: unknown): boolean =>
  typeof text === 'string' && new Date(text).toISOString() === text;

/**
 * The text is one formatTable: its first line is the header, and every cell of every row starts where
 * its column's header starts, two spaces after the widest cell of the column before.
 */
const assertTable = (
  text: string,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): void => {
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'ends with a newline');
  assert.equal(lines.length, rows.length + 1, text);
  const header = lines[0] ?? '';
  const starts = headers.map((name) => header.indexOf(name));
  assert.equal(header.trimEnd(), header);
  headers.forEach((name, column) => {
    assert.ok(header.startsWith(name, starts[column]), `header ${name} in ${header}`);
    if (column > 0) assert.ok((starts[column] ?? 0) > (starts[column - 1] ?? 0), 'columns in order');
  });
  rows.forEach((row, index) => {
    const line = lines[index + 1] ?? '';
    assert.equal(line.trimEnd(), line, 'no trailing blanks');
    row.forEach((cell, column) => {
      const start = starts[column] ?? 0;
      assert.ok(line.startsWith(cell, start), `row ${index + 1}: '${cell}' at column ${start} of '${line}'`);
      if (column > 0) assert.equal(line.slice(start - 2, start), '  ', `two blanks before '${cell}'`);
      const next = starts[column + 1];
      if (next !== undefined) assert.ok(start + cell.length <= next - 2, `'${cell}' fits its column`);
    });
  });
};

interface Batch {
  batchId: string;
  createdAt: string;
  createdBy: string;
  prefix: string;
  value: string;
  expiresAt: string | null;
  count: number;
  used: number;
}

describe('--json and aligned text on the data-folder commands (cards list, admins, replay, history)', () => {
  let folder: DataFolder;
  let empty: string;

  before(async () => {
    folder = tempDataFolder('folio-json-output-');
    const ledger = await buildSmallLedger(folder);
    const { adminAccess, cards } = ledger.folio.services;
    await expectRight(adminAccess.addAdminAccessUser(ADMIN, 'alice'));
    await expectRight(adminAccess.addAdminAccessGroup(ADMIN, 'staff'));
    const tiny = await expectRight(
      cards.createBatch(ADMIN, { prefix: 'T-', count: 2, value: money('0.123456'), expires: '' }),
    );
    await expectRight(
      cards.createBatch(ADMIN, { prefix: '', count: 3, value: money('5'), expires: '2030-12-31' }),
    );
    assert.equal(await expectRight(cards.useCard(ADMIN, 'bob', tiny.cardNumbers[0] ?? '')), 'SUCCESS');
    await ledger.folio.stop();
    await ledger.store.close();
    // A data folder whose log is empty: every listing prints its header alone.
    empty = mkdtempSync(join(tmpdir(), 'folio-json-empty-'));
    await openSqliteEventStore(join(empty, EVENTS_FILE)).close();
  });

  after(() => {
    folder.remove();
    rmSync(empty, { recursive: true, force: true });
  });

  it('cards list --json: amounts as the ledger holds them, times ISO 8601, null for never', async () => {
    const batches = await json<Batch[]>('cards', 'list', '--json', '--data', folder.dir);
    assert.deepEqual(
      batches.map(({ prefix, value, count, used }) => ({ prefix, value, count, used })),
      [
        { prefix: 'T-', value: '0.123456', count: 2, used: 1 },
        { prefix: '', value: '5.00', count: 3, used: 0 },
      ],
    );
    assert.equal(batches[0]?.expiresAt, null);
    assert.equal(batches[1]?.expiresAt, '2031-01-01T00:00:00.000Z');
    for (const batch of batches) assert.ok(isIsoTime(batch.createdAt), batch.createdAt);
  });

  it('cards list: aligned columns under a header row; an empty list is the header alone', async () => {
    const batches = await json<Batch[]>('cards', 'list', '--json', '--data', folder.dir);
    const [tiny, five] = batches;
    assert.ok(tiny !== undefined && five !== undefined);
    assertTable(
      await succeeds('cards', 'list', '--data', folder.dir),
      ['batch', 'created', 'prefix', 'value', 'expires', 'used', 'by'],
      [
        [tiny.batchId, tiny.createdAt, 'T-', '0.123456', 'never', '1/2', tiny.createdBy],
        [five.batchId, five.createdAt, '(none)', '5.00', '2031-01-01T00:00:00.000Z', '0/3', five.createdBy],
      ],
    );
    assert.equal(
      await succeeds('cards', 'list', '--data', empty),
      'batch  created  prefix  value  expires  used  by\n',
    );
    assert.deepEqual(await json('cards', 'list', '--json', '--data', empty), []);
  });

  it('admins --json and as a table; none is the header alone', async () => {
    assert.deepEqual(await json('admins', '--json', '--data', folder.dir), {
      users: ['alice'],
      groups: ['staff'],
    });
    assertTable(
      await succeeds('admins', '--data', folder.dir),
      ['kind', 'name'],
      [
        ['user', 'alice'],
        ['group', 'staff'],
      ],
    );
    assert.equal(await succeeds('admins', '--data', empty), 'kind  name\n');
    assert.deepEqual(await json('admins', '--json', '--data', empty), { users: [], groups: [] });
  });

  it('replay --account: --json gives decimal text and ISO times; text is a table with a header row', async () => {
    const caroline = await json<{
      position: number;
      recordedAt: string;
      account: { username: string; balances: Record<string, string> };
    }>('replay', '--until', '999999', '--account', 'caroline', '--json', '--data', folder.dir);
    assert.equal(caroline.account.username, 'caroline');
    assert.equal(caroline.account.balances[''], '-1.015');
    assert.ok(isIsoTime(caroline.recordedAt), caroline.recordedAt);
    const lab = await json<{ account: { balance: string } }>(
      'replay',
      '--until',
      '999999',
      '--account',
      'Physics\\Lab',
      '--format',
      'json',
      '--json',
      '--data',
      folder.dir,
    );
    assert.equal(lab.account.balance, '-12.25');

    const text = await succeeds('replay', '--until', '999999', '--account', 'caroline', '--data', folder.dir);
    const [title, ...table] = text.split('\n');
    assert.match(title ?? '', /^State of caroline as of position 999999: after position \d+ \(recorded /);
    assertTable(table.join('\n'), ['account', 'balance', 'status'], [['caroline', '-1.015']]);
  });

  it('replay --json: the whole state as one document; --json against another --format is a usage error', async () => {
    const state = await json<{
      trialBalance: string;
      users: { username: string; balances: Record<string, string> }[];
    }>('replay', '--until', '999999', '--json', '--data', folder.dir);
    assert.equal(state.trialBalance, '0.00');
    assert.equal(state.users.find((user) => user.username === 'alice')?.balances[''], '12.00');
    const clash = await folio('replay', '--until', '1', '--json', '--format', 'text', '--data', folder.dir);
    assert.equal(clash.code, 2, clash.stderr);
    assert.match(clash.stderr, /--json and --format text ask for two formats/);
    const unknown = await folio('replay', '--until', '1', '--format', 'xml', '--data', folder.dir);
    assert.equal(unknown.code, 2, unknown.stderr);
    assert.match(unknown.stderr, /--format xml: use text or json/);
  });

  it('history --json is --format json; --format text is aligned columns from the opening to the closing row', async () => {
    const statement = await json<{
      closing: string;
      lines: { time: string; amount: string; balanceAfter: string; comment: string }[];
    }>('history', 'alice', '--json', '--data', folder.dir);
    assert.equal(statement.closing, '12.00');
    assert.deepEqual(
      statement.lines.map((line) => [line.amount, line.balanceAfter]),
      [
        ['10.00', '10.00'],
        ['25.00', '35.00'],
        ['2.00', '37.00'],
        ['-25.00', '12.00'],
      ],
    );
    for (const line of statement.lines) assert.ok(isIsoTime(line.time), line.time);
    const withoutTime = (text: string) => ({ ...(JSON.parse(text) as object), generatedAt: '' });
    assert.deepEqual(
      withoutTime(await succeeds('history', 'alice', '--json', '--data', folder.dir)),
      withoutTime(await succeeds('history', 'alice', '--format', 'json', '--data', folder.dir)),
    );

    const text = await succeeds('history', 'alice', '--format', 'text', '--data', folder.dir);
    const lines = text.split('\n');
    assert.equal(lines.pop(), '', 'ends with a newline');
    assert.match(
      lines[0] ?? '',
      /^record +time +position +transfer +cause +actor +account +counter-account +amount +balance +correction +comment$/,
    );
    assert.equal(lines.length, statement.lines.length + 3, 'header, opening, a row per transfer, closing');
    const balanceColumn = (lines[0] ?? '').indexOf('balance ');
    const amountColumn = (lines[0] ?? '').indexOf('amount');
    assert.ok((lines[1] ?? '').startsWith('opening'));
    assert.equal((lines[1] ?? '').slice(balanceColumn).split(' ')[0], '0.00');
    assert.equal((lines.at(-1) ?? '').slice(balanceColumn).split(' ')[0], '12.00');
    statement.lines.forEach((line, index) => {
      const row = lines[index + 2] ?? '';
      assert.ok(row.startsWith(`transfer  ${line.time}`), row);
      assert.equal(row.slice(amountColumn).split(' ')[0], line.amount);
      assert.equal(row.slice(balanceColumn).split(' ')[0], line.balanceAfter);
      assert.ok(row.endsWith(line.comment), row);
    });

    const clash = await folio('history', 'alice', '--json', '--format', 'csv', '--data', folder.dir);
    assert.equal(clash.code, 2, clash.stderr);
  });
});

describe('folio call --json against a running server', () => {
  const TOKEN = 'json-output-token';
  let dataDir: string;
  let server: FolioProcess;

  const call = (...words: string[]): Promise<string> =>
    succeeds('call', ...words, '--host', '127.0.0.1', '--port', String(server.port), '--auth-token', TOKEN);

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'folio-json-call-'));
    server = await startFolioProcess(dataDir, TOKEN);
  });

  after(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the result as the wire carried it: booleans, numbers, arrays and structs', async () => {
    const add = ['api.addNewInternalUser', 'alice', 'pw', 'Alice Liddell', 'alice@example.org', '1001', ''];
    assert.equal(JSON.parse(await call('--json', ...add)), true);
    await call('api.adjustUserAccountBalance', 'alice', '12.5', 'top-up');
    // An XML-RPC double is a JSON number, as --help says; without --json it prints as an amount.
    assert.equal(await call('--json', 'getUserAccountBalance', 'alice'), '12.5\n');
    assert.equal(await call('getUserAccountBalance', 'alice'), '12.50\n');
    assert.deepEqual(JSON.parse(await call('--json', 'api.listUserAccounts', '0', '100')), ['alice']);
    assert.deepEqual(JSON.parse(await call('--json', 'api.getUserProperties', 'alice', 'full-name,email')), [
      'Alice Liddell',
      'alice@example.org',
    ]);
    const status = JSON.parse(await call('--json', 'api.getTaskStatus')) as Record<string, unknown>;
    assert.equal(typeof status.completed, 'boolean');
    assert.equal(typeof status.message, 'string');
  });
});
