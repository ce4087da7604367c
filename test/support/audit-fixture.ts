import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Either, isLeft } from 'fp-ts/Either';
import { createFolio, Folio } from '../../application/folio';
import { sequentialIds } from '../../application/ids';
import { RequestContext } from '../../application/envelope';
import { EVENTS_FILE, SNAPSHOT_FILE } from '../../adapters/store/open';
import { openSqliteEventStore, SqliteEventStore } from '../../adapters/store/sqlite';
import { moneyFromUnits, parseMoney } from '../../domain/money';

export const ADMIN: RequestContext = { actor: 'admin', method: 'test', correlationId: 'test' };

/** A clock that moves on by `stepMs` every time it is read: each event gets its own instant. */
export const steppingClock = (startIso: string, stepMs: number): (() => Date) => {
  let now = Date.parse(startIso);
  return () => {
    const current = new Date(now);
    now += stepMs;
    return current;
  };
};

export const money = (text: string): bigint => {
  const parsed = parseMoney(text);
  if (isLeft(parsed)) throw new Error(`bad money ${text}`);
  return parsed.right;
};

export const expectRight = async <T>(
  result: Either<unknown, T> | Promise<Either<unknown, T>>,
): Promise<T> => {
  const settled = await result;
  if (isLeft(settled)) assert.fail(`expected success, got ${JSON.stringify(settled.left)}`);
  return settled.right;
};

export interface DataFolder {
  readonly dir: string;
  readonly eventsPath: string;
  readonly snapshotPath: string;
  readonly remove: () => void;
}

export const tempDataFolder = (prefix = 'folio-audit-'): DataFolder => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    eventsPath: join(dir, EVENTS_FILE),
    snapshotPath: join(dir, SNAPSHOT_FILE),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
};

export interface SmallLedger {
  readonly store: SqliteEventStore;
  readonly folio: Folio;
  /** The transfer id of alice's mistaken 25.00 top-up, and of its correction. */
  readonly mistakenTransferId: string;
  readonly correctionId: string;
}

/**
 * A small but varied ledger: users (one renamed, one deleted), shared accounts with a sub-account,
 * admin adjustments, set-balance, a group adjustment, and a corrected transfer. Months Jan–Mar 2024.
 */
export const buildSmallLedger = async (
  folder: DataFolder,
  options: { readonly reportDirectories?: readonly string[]; readonly dataDir?: string } = {},
): Promise<SmallLedger> => {
  const store = openSqliteEventStore(folder.eventsPath);
  const folio = createFolio({
    store,
    clock: steppingClock('2024-01-10T09:00:00.000Z', 3 * 3_600_000),
    ids: sequentialIds('t'),
    snapshotPath: folder.snapshotPath,
    ...(options.reportDirectories === undefined ? {} : { reportDirectories: options.reportDirectories }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  });
  await folio.start();
  const { users, balances, sharedAccounts, groups, groupOperations, corrections, printJobs } = folio.services;
  for (const username of ['alice', 'bob', 'carol', 'dave'])
    await expectRight(
      users.addNewInternalUser(ADMIN, {
        username,
        password: 'pw',
        fullName: username,
        email: '',
        cardId: '',
        pin: '',
      }),
    );
  await expectRight(sharedAccounts.addNewSharedAccount(ADMIN, 'Physics'));
  await expectRight(sharedAccounts.addNewSharedAccount(ADMIN, 'Physics\\Lab'));
  await expectRight(balances.adjustUserAccountBalance(ADMIN, 'alice', moneyFromUnits(10), 'top-up', ''));
  await expectRight(balances.adjustUserAccountBalance(ADMIN, 'bob', money('5.5'), 'top-up', ''));
  await expectRight(
    balances.adjustUserAccountBalance(ADMIN, 'alice', moneyFromUnits(25), 'oops, meant bob', ''),
  );
  const mistaken = folio.models.transactions.entries().at(-1);
  assert.ok(mistaken !== undefined);
  await expectRight(balances.adjustUserAccountBalance(ADMIN, 'carol', money('-1.015'), 'print', ''));
  await expectRight(
    sharedAccounts.adjustSharedAccountAccountBalance(ADMIN, 'Physics', moneyFromUnits(100), 'budget'),
  );
  await expectRight(
    sharedAccounts.adjustSharedAccountAccountBalance(ADMIN, 'Physics\\Lab', money('-12.25'), 'lab'),
  );
  await expectRight(groups.addNewGroup(ADMIN, 'staff'));
  for (const username of ['alice', 'bob']) await expectRight(groups.addUserToGroup(ADMIN, username, 'staff'));
  await expectRight(
    groupOperations.adjustUserAccountBalanceByGroup(ADMIN, 'staff', moneyFromUnits(2), 'monthly', ''),
  );
  const correction = await expectRight(
    corrections.correctTransfer(ADMIN, mistaken.transferId, 'meant for bob'),
  );
  await expectRight(
    balances.adjustUserAccountBalance(ADMIN, 'bob', moneyFromUnits(25), 'the intended top-up', ''),
  );
  await expectRight(balances.setUserAccountBalance(ADMIN, 'dave', moneyFromUnits(3), 'set', ''));
  await expectRight(users.renameUserAccount(ADMIN, 'carol', 'caroline'));
  await expectRight(users.deleteExistingUser(ADMIN, 'dave', false));
  // Print charges book to each printer's revenue account; a jammed job's charge is corrected.
  await expectRight(
    users.addNewInternalUser(ADMIN, {
      username: 'erin',
      password: 'pw',
      fullName: 'erin',
      email: '',
      cardId: '',
      pin: '',
    }),
  );
  await expectRight(balances.adjustUserAccountBalance(ADMIN, 'erin', moneyFromUnits(5), 'top-up', ''));
  await expectRight(
    printJobs.processJob(ADMIN, 'user=erin,server=srv,printer=laser,cost=1.25,total-pages=5'),
  );
  await expectRight(
    printJobs.processJob(ADMIN, 'user=erin,server=srv,printer=colour,cost=2.5,total-pages=1'),
  );
  const jammed = folio.models.transactions.entries().at(-1);
  assert.ok(jammed !== undefined && jammed.cause === 'print-charge');
  await expectRight(corrections.correctTransfer(ADMIN, jammed.transferId, 'printer jammed'));
  return { store, folio, mistakenTransferId: mistaken.transferId, correctionId: correction.correctionId };
};
