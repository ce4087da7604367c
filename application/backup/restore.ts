import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { Money, ZERO } from '../../domain/money';
import { join } from 'node:path';
import { createSharedAccountsReadModel } from '../../projections/shared-accounts';
import { ledgerEntriesOf } from '../../projections/transactions';
import { createUsersReadModel } from '../../projections/users';
import { EVENTS_FILE, openStore } from '../../adapters/store/open';
import { EventStore } from '../../adapters/store/port';
import { openSqliteImport, SqliteImport } from '../../adapters/store/sqlite-import';
import { decodeOrThrow } from '../envelope';
import { createChainCheck } from './chain-check';
import { readBackup } from './read-backup';

export class RestoreError extends Error {}

export interface RestoreResult {
  readonly events: number;
  readonly streams: number;
  readonly users: number;
  readonly sharedAccounts: number;
  readonly trialBalance: Money;
  readonly durationMs: number;
}

const isEmptyFolder = (path: string): boolean => !existsSync(path) || readdirSync(path).length === 0;

/**
 * Rebuilds a data folder from a backup. The whole backup is verified first (every chain, the
 * counts, the digests); only then is the empty target written, event by event in the backup's
 * order, each row as it was (position, id, time, metadata, hashes), in large transactions. The restored log is then read back: its chain digest must equal the manifest's, and its
 * read models must balance.
 */
export const restoreBackup = async (options: {
  readonly backup: string;
  readonly dataDir: string;
  readonly onProgress?: (line: string) => void;
}): Promise<RestoreResult> => {
  const started = performance.now();
  const say = options.onProgress ?? (() => undefined);
  if (!isEmptyFolder(options.dataDir))
    throw new RestoreError(`${options.dataDir} is not empty: restore only into a new or empty folder`);
  const check = await readBackup(options.backup);
  if (!check.ok || check.manifest === null)
    throw new RestoreError(
      `the backup does not verify, nothing was written:\n  ${check.problems.join('\n  ')}`,
    );
  const manifest = check.manifest;
  say(
    `verified ${manifest.events} events in ${manifest.streams} streams (head ${manifest.headPosition}, taken ${manifest.createdAt})`,
  );

  const existed = existsSync(options.dataDir);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o750 });
  let store: EventStore | null = null;
  let importer: SqliteImport | null = null;
  try {
    // The backup verified whole: its rows go in as they are, in large transactions (sqlite-import.ts).
    const writing = await openSqliteImport(join(options.dataDir, EVENTS_FILE));
    importer = writing;
    const written = await readBackup(options.backup, (event) => {
      writing.add(event);
      return Promise.resolve();
    });
    if (written.ok) writing.finish();
    else writing.abandon();
    importer = null;
    if (!written.ok)
      throw new RestoreError(`the backup changed while it was restored:\n  ${written.problems.join('\n  ')}`);

    // Read the new log back, through the store: the same chains, and a ledger that balances. Only the
    // small models are folded (the transaction log would hold every entry in memory).
    const target = openStore('sqlite', options.dataDir);
    store = target;
    const chain = createChainCheck();
    const users = createUsersReadModel();
    const sharedAccounts = createSharedAccountsReadModel();
    const balances = new Map<string, Money>();
    for (let after = 0; ;) {
      const page = await target.readAll(after, 5_000);
      if (page.length === 0) break;
      for (const event of page) {
        const broken = chain.check(event);
        if (broken !== null) throw new RestoreError(`the restored log does not verify: ${broken}`);
        const envelope = decodeOrThrow(event);
        users.apply(envelope);
        sharedAccounts.apply(envelope);
        // As the transaction log keeps its balances: the account's stated balance after, the counter account's sum.
        for (const entry of ledgerEntriesOf(envelope)) {
          balances.set(entry.account, entry.balanceAfter);
          balances.set(entry.counterAccount, (balances.get(entry.counterAccount) ?? ZERO) - entry.amount);
        }
        after = event.position;
      }
    }
    if (chain.chainDigest() !== manifest.chainDigest || chain.events() !== manifest.events)
      throw new RestoreError('the restored log differs from the backup (chain digest)');
    let trialBalance = ZERO;
    for (const balance of balances.values()) trialBalance += balance;
    if (trialBalance !== ZERO)
      throw new RestoreError(`the restored ledger does not balance (${trialBalance})`);
    await target.close();
    store = null;
    return {
      events: chain.events(),
      streams: chain.streams(),
      users: users.sorted().length,
      sharedAccounts: sharedAccounts.sorted().length,
      trialBalance,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    importer?.abandon();
    await store?.close();
    // The folder was empty (or new) and holds only what this restore wrote.
    rmSync(options.dataDir, { recursive: true, force: true });
    if (existed) mkdirSync(options.dataDir, { mode: 0o750 });
    throw error;
  }
};
