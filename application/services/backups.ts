import { checkpointSignerFor } from '../audit/checkpoint';
import { isLeft, left } from 'fp-ts/Either';
import { basename, join } from 'node:path';
import { BACKUPS_FOLDER } from '../backup/format';
import { writeBackup } from '../backup/write-backup';
import { RequestContext } from '../envelope';
import { EventStore } from '../../adapters/store/port';
import { ok, Result } from '../kernel';
import { DurableTasks } from '../durable-tasks';

/** A backup reads the whole log (it is the log's export), in a background task. */
export interface BackupPorts {
  readonly store: EventStore;
  readonly clock: () => Date;
  readonly durable: Pick<DurableTasks, 'request' | 'register'>;
}

/**
 * api.performOnlineBackup: a zipped, verifiable export of the event log under `<data>/backups/`,
 * written by a background task while the server goes on serving (api.getTaskStatus reports it).
 * The backup holds the log up to the moment the task starts. Its task lines name the backup inside the
 * data folder, never by its absolute path: api.getTaskStatus takes no token.
 */
export const createBackupServices = ({ store, clock, durable }: BackupPorts, dataDir: string | null) => {
  // A backup resumed after a crash is written again whole, up to the log's head at that moment.
  durable.register('backup', async (_request, _taskId, _context, report) => {
    if (dataDir === null) throw new Error('an online backup needs a data folder');
    const directory = join(dataDir, BACKUPS_FOLDER);
    {
      let reported = 0;
      const result = await writeBackup({
        store,
        directory,
        clock,
        signCheckpoint: checkpointSignerFor(dataDir, clock),
        onProgress: (events, of) => {
          if (events - reported < 100_000) return;
          reported = events;
          report(`${events} events written (the backup stops at position ${of})`);
        },
      });
      const { manifest } = result;
      report(
        `Backup written to ${BACKUPS_FOLDER}/${basename(result.path)} in the data folder: ${manifest.events} events in ${manifest.streams} streams up to position ${manifest.headPosition}, ${result.bytes} bytes, ${Math.round(result.durationMs)} ms.`,
      );
      report(`Events SHA-256 ${manifest.eventsSha256}; chain digest ${manifest.chainDigest}.`);
      if (result.checkpoint !== null)
        report(`Signed checkpoint: ${result.checkpoint.size} events, Merkle root ${result.checkpoint.root}.`);
    }
  });
  return {
    performOnlineBackup: async (context: RequestContext): Result<true> => {
      if (dataDir === null) return left({ code: 'DataFolderUnavailable', feature: 'An online backup' });
      const requested = await durable.request(context, 'online backup', { kind: 'backup' });
      return isLeft(requested) ? requested : ok;
    },
  };
};

export type BackupServices = ReturnType<typeof createBackupServices>;
