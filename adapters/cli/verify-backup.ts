import { readBackup, readBackupCheckpoint } from '../../application/backup/read-backup';
import { checkLogOrder } from '../../application/audit/log-proofs';
import { EventStore, RecordedEvent } from '../store/port';
import { DataFlags, openData } from './data-store';
import { EXIT } from './exit-codes';
import { loadPublicKey, logOrderText } from './log-proofs';

const PAGE_SIZE = 2_000;

export interface VerifyBackupFlags extends DataFlags {
  readonly backup: string;
  readonly publicKey?: string;
}

/** The live log read forward a page at a time, one event per call: null past its head. */
const liveCursor = (store: EventStore) => {
  let page: readonly RecordedEvent[] = [];
  let index = 0;
  let after = 0;
  let ended = false;
  return async (): Promise<RecordedEvent | null> => {
    if (index >= page.length && !ended) {
      page = await store.readAll(after, PAGE_SIZE);
      index = 0;
      ended = page.length === 0;
    }
    const event = page[index];
    if (event === undefined) return null;
    index += 1;
    after = event.position;
    return event;
  };
};

/** What the backup's event says that the live one does not, or null when they are the same event. */
const differenceOf = (backup: RecordedEvent, live: RecordedEvent | null): string | null => {
  if (live === null)
    return `the backup holds event ${backup.eventId} (${backup.type}) at position ${backup.position}; the live log ends before it: events were removed`;
  if (live.position !== backup.position)
    return `the backup's next event is at position ${backup.position}, the live log's at ${live.position}`;
  if (live.hash !== backup.hash)
    return `the backup holds event ${backup.eventId} (${backup.type}, stream ${backup.stream}) with hash ${backup.hash}; the live log holds ${live.eventId} (${live.type}, stream ${live.stream}) with hash ${live.hash}`;
  return null;
};

/**
 * `folio verify --backup ZIP`: the live log must still begin with exactly the events of the backup,
 * compared event by event without restoring anything, and the backup's signed checkpoint must hold
 * for the live log (its Merkle root over the same prefix).
 */
export const verifyBackup = async (flags: VerifyBackupFlags): Promise<void> => {
  const { store, dataDir, storeSetting } = openData(flags);
  try {
    const next = liveCursor(store);
    let firstDifference: { position: number; detail: string } | null = null;
    let compared = 0;
    const backup = await readBackup(flags.backup, async (event) => {
      if (firstDifference !== null) return;
      const detail = differenceOf(event, await next());
      if (detail === null) compared += 1;
      else firstDifference = { position: event.position, detail };
    });
    const lines: string[] = [];
    const problems: string[] = [...backup.problems.map((problem) => `the backup itself: ${problem}`)];
    if (backup.ok && firstDifference === null)
      lines.push(
        `  compared      the backup's ${compared} events, one by one, with the live log's first ${compared}: the same positions and hashes`,
      );
    const checkpoint = await readBackupCheckpoint(flags.backup).catch((error: unknown) => {
      problems.push(`the backup's checkpoint cannot be read: ${(error as Error).message}`);
      return null;
    });
    let orderText = '';
    let orderOk = true;
    if (checkpoint === null)
      lines.push('  NOT compared  a signed checkpoint: this backup carries none (written by an older Folio)');
    else {
      const { key, source } = loadPublicKey(flags.publicKey, dataDir);
      const order = await checkLogOrder({
        store,
        publicKey: key,
        publicKeySource: source,
        contiguousPositions: storeSetting === 'sqlite',
        checkpoint,
      });
      orderOk = order.ok;
      orderText = logOrderText(order);
    }
    const difference = firstDifference as { position: number; detail: string } | null;
    if (difference !== null)
      problems.unshift(`first differing position ${difference.position} — ${difference.detail}`);
    const header = `backup ${flags.backup}: ${backup.events} events${checkpoint === null ? '' : `, checkpoint of ${checkpoint.size} events signed ${checkpoint.time}`}`;
    const verdict =
      problems.length === 0 && orderOk
        ? ['', 'OK: the live log begins with exactly the events of this backup']
        : ['', ...problems.map((problem) => `FAILED: ${problem}`)];
    process.stdout.write(`${[header, ...lines].join('\n')}\n${orderText}${verdict.join('\n')}\n`);
    if (problems.length > 0 || !orderOk) process.exitCode = EXIT.verification;
  } finally {
    await store.close();
  }
};
