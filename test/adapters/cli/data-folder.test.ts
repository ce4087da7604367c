import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createFolio } from '../../../application/folio';
import { locateData } from '../../../adapters/cli/data-store';
import { withLocalFolio } from '../../../adapters/cli/local-folio';
import { addPrinter } from '../../../adapters/cli/printer';
import { EVENTS_FILE, openStore, SNAPSHOT_FILE } from '../../../adapters/store/open';
import { execFile } from 'node:child_process';
import { folioBin, RunResult } from '../../support/folio-process';
import { must, TEST_CONTEXT } from '../../support/in-memory-folio';

const folders: string[] = [];
const tempFolder = (): string => {
  const folder = mkdtempSync(join(tmpdir(), 'folio-data-folder-'));
  folders.push(folder);
  return folder;
};
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A data folder as a server leaves it: an event store with one user, and its read-model snapshot. */
const servedFolder = async (): Promise<string> => {
  const dir = tempFolder();
  const store = openStore('sqlite', dir);
  const folio = createFolio({ store, snapshotPath: join(dir, SNAPSHOT_FILE) });
  await folio.start();
  await must(
    folio.services.users.addNewInternalUser(TEST_CONTEXT, {
      username: 'alice',
      password: 'p',
      fullName: '',
      email: '',
      cardId: '',
      pin: '',
    }),
  );
  await must(
    folio.services.balances.adjustUserAccountBalance(TEST_CONTEXT, 'alice', 5_000_000n, 'top-up', ''),
  );
  await folio.stop();
  await store.close();
  assert.ok(existsSync(join(dir, SNAPSHOT_FILE)));
  return dir;
};

/** The folio command line, with none of the caller's FOLIO_* settings unless given. */
const folio = (args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<RunResult> =>
  new Promise((resolve) => {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('FOLIO_')),
    );
    execFile(
      process.execPath,
      [folioBin(), ...args],
      { env: { ...clean, ...env }, timeout: 60_000, encoding: 'utf8' },
      (error, stdout, stderr) =>
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
          stdout,
          stderr,
        }),
    );
  });

const settingsFile = (settings: Record<string, unknown>): string => {
  const path = join(tempFolder(), 'folio.json');
  writeFileSync(path, JSON.stringify(settings));
  return path;
};

describe('commands on a data folder resolve it as folio serve does', () => {
  it('takes the flag, then FOLIO_DATA/FOLIO_STORE, then the settings file of --config or FOLIO_CONFIG', async () => {
    const [flagged, fromEnv, fromFile] = await Promise.all([servedFolder(), servedFolder(), servedFolder()]);
    const config = settingsFile({ data: fromFile });
    assert.equal(locateData({ data: flagged, config }, { FOLIO_DATA: fromEnv }).dataDir, flagged);
    assert.equal(locateData({ config }, { FOLIO_DATA: fromEnv }).dataDir, fromEnv);
    assert.equal(locateData({ config }, {}).dataDir, fromFile);
    assert.equal(locateData({}, { FOLIO_CONFIG: config }).dataDir, fromFile);
    const esdb = settingsFile({ data: fromFile, store: 'esdb://file:2113?tls=false' });
    assert.equal(locateData({ config: esdb }, {}).storeSetting, 'esdb://file:2113?tls=false');
    assert.equal(
      locateData({ config: esdb }, { FOLIO_STORE: 'esdb://env:2113?tls=false' }).storeSetting,
      'esdb://env:2113?tls=false',
    );
    assert.equal(
      locateData({ config: esdb, store: 'sqlite' }, { FOLIO_STORE: 'esdb://env:2113' }).storeSetting,
      'sqlite',
    );
  });

  it('withLocalFolio works on the folder the settings file names, and on the store FOLIO_STORE names', async () => {
    const dir = await servedFolder();
    const config = settingsFile({ data: dir });
    const balance = await withLocalFolio({ config }, 'test', (folio) =>
      Promise.resolve(folio.models.users.findByUsername('alice')?.balances['']),
    );
    assert.equal(balance, 5_000_000n);
    await assert.rejects(
      withLocalFolio({ data: dir }, 'test', () => Promise.resolve(), { FOLIO_STORE: 'nonsense' }),
      /unknown store 'nonsense'/,
    );
  });

  it('folio printer add refuses a folder without an event store and creates nothing', async () => {
    const missing = join(tempFolder(), 'typo');
    await assert.rejects(addPrinter('srv', 'P1', { data: missing }), /no event store in .*typo/);
    assert.equal(existsSync(missing), false);
    const empty = tempFolder();
    await assert.rejects(addPrinter('srv', 'P1', {}, { FOLIO_DATA: empty }), /no event store in/);
    assert.equal(existsSync(join(empty, EVENTS_FILE)), false);
  });

  it('every command but serve, restore and migrate --to refuses a folder without an event store', async () => {
    const missing = join(tempFolder(), 'nothing-here');
    const commands: readonly (readonly string[])[] = [
      ['printer', 'add', 'srv', 'P1'],
      ['cards', 'create', '--count', '1', '--value', '1'],
      ['cards', 'list'],
      ['cards', 'show', 'b1'],
      ['admins'],
      ['group', 'initial-settings', 'Staff'],
      ['backup'],
      ['verify'],
      ['replay', '--until', '1'],
      ['history', 'alice'],
      ['reconcile'],
      ['correct', 't1', '--comment', 'why'],
    ];
    const runs = await Promise.all(commands.map((args) => folio([...args, '--data', missing])));
    runs.forEach((result, index) => {
      const command = (commands[index] ?? []).join(' ');
      assert.equal(result.code, 1, `folio ${command}: ${result.stdout}`);
      assert.match(result.stderr, /^folio: no event store in /, `folio ${command}`);
    });
    assert.equal(existsSync(missing), false);
  });

  it('folio admins, cards and printer add honour --config and FOLIO_CONFIG on the command line', async () => {
    const dir = await servedFolder();
    const config = settingsFile({ data: dir });
    const admins = await folio(['admins', '--config', config]);
    assert.equal(admins.code, 0, admins.stderr);
    assert.equal(admins.stdout, 'kind  name\n', 'no holders: the header row alone');
    const added = await folio(['printer', 'add', 'srv', 'P1'], { FOLIO_CONFIG: config });
    assert.equal(added.code, 0, added.stderr);
    const store = openStore('sqlite', dir, { readonly: true });
    const reader = createFolio({ store });
    await reader.projections.start();
    assert.deepEqual(
      reader.models.printers.sorted().map((printer) => printer.printer),
      ['P1'],
    );
    await reader.projections.stop();
    await store.close();
  });

  it('printer add and the other local commands never write the read-model snapshot of the folder', async () => {
    const dir = await servedFolder();
    const snapshot = join(dir, SNAPSHOT_FILE);
    const before = readFileSync(snapshot, 'utf8');
    await addPrinter('srv', 'P1', { data: dir });
    await withLocalFolio({ data: dir }, 'test', async (folio, context) => {
      await must(folio.services.adminAccess.addAdminAccessUser(context, 'alice'));
    });
    assert.equal(readFileSync(snapshot, 'utf8'), before);
    rmSync(snapshot);
    await addPrinter('srv', 'P2', { data: dir });
    assert.equal(existsSync(snapshot), false);
  });
});
