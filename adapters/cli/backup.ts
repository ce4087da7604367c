import { checkpointSignerFor } from '../../application/audit/checkpoint';
import { join, resolve } from 'node:path';
import { formatMoney } from '../../domain/money';
import { BACKUPS_FOLDER } from '../../application/backup/format';
import { readBackup } from '../../application/backup/read-backup';
import { restoreBackup } from '../../application/backup/restore';
import { writeBackup } from '../../application/backup/write-backup';
import { DataFlags, openData } from './data-store';

export class BackupCommandError extends Error {}

/**
 * `folio backup`: the same backup api.performOnlineBackup writes, taken from the data folder's
 * store opened read-only, so it works whether or not a server is running on it.
 */
export const backupCommand = async (flags: DataFlags & { readonly out?: string }): Promise<void> => {
  const { store, dataDir } = openData(flags);
  try {
    const result = await writeBackup({
      store,
      directory: resolve(flags.out ?? join(dataDir, BACKUPS_FOLDER)),
      clock: () => new Date(),
      signCheckpoint: checkpointSignerFor(dataDir),
    });
    const { manifest } = result;
    process.stdout.write(
      [
        result.path,
        `  ${manifest.events} events in ${manifest.streams} streams, up to position ${manifest.headPosition}`,
        `  ${result.bytes} bytes in ${Math.round(result.durationMs)} ms`,
        `  events SHA-256 ${manifest.eventsSha256}`,
        `  chain digest   ${manifest.chainDigest}`,
        `  checkpoint     ${result.checkpoint?.size ?? 0} events, root ${result.checkpoint?.root ?? ''} (signed, inside the zip and in checkpoints/)`,
        `  later: folio verify --backup ${result.path} compares the live log with it`,
        '',
      ].join('\n'),
    );
  } finally {
    await store.close();
  }
};

/**
 * `folio restore BACKUP.zip --data NEW_DIR`: verifies the whole backup, then rebuilds a data folder
 * from it (refusing one that is not empty). With --check it only verifies.
 */
export const restoreCommand = async (
  backup: string,
  flags: { readonly data?: string; readonly check?: boolean },
): Promise<void> => {
  if (flags.check === true) {
    const check = await readBackup(resolve(backup));
    if (!check.ok)
      throw new BackupCommandError(`${backup} does not verify:\n  ${check.problems.join('\n  ')}`);
    process.stdout.write(
      `${backup} verifies: ${check.events} events in ${check.streams} streams, taken ${check.manifest?.createdAt ?? '?'}\n`,
    );
    return;
  }
  if (flags.data === undefined)
    throw new BackupCommandError('name the folder to restore into with --data NEW_DIR');
  const dataDir = resolve(flags.data);
  try {
    const result = await restoreBackup({
      backup: resolve(backup),
      dataDir,
      onProgress: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(
      [
        `restored into ${dataDir}: ${result.events} events in ${result.streams} streams, ${result.users} users, ${result.sharedAccounts} shared accounts`,
        `  every chain verifies, the chain digest matches the backup's, trial balance ${formatMoney(result.trialBalance)}`,
        `  ${Math.round(result.durationMs)} ms; start it with: folio serve --data ${dataDir}`,
        '',
      ].join('\n'),
    );
  } catch (error) {
    throw new BackupCommandError((error as Error).message);
  }
};
