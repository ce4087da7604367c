import { Logger } from '../log';
import { openStore } from '../store/open';
import { EventStore, StoreDurability } from '../store/port';
import { SqliteEventStore } from '../store/sqlite';
import { describeComparison } from '../store/store-head';

const isSqliteStore = (store: EventStore): store is SqliteEventStore =>
  'watchDurability' in store && 'acceptedLoss' in store;

/** Log event names, one per way the store can stop making writes durable. */
const DURABILITY_EVENTS: Record<Extract<StoreDurability, { durable: false }>['reason'], string> = {
  'store-damaged': 'store-file-replaced',
  'disk-full': 'store-disk-full',
  'store-write-failing': 'store-write-failing',
  'data-folder-unwritable': 'head-file-unwritable',
};

/**
 * Opens the store `folio serve` serves. The embedded store is refused when it lost what the data
 * folder's head file records, unless `acceptStoreLoss`; the loss let through is logged, and so is
 * every change of whether writes can be made durable (damaged files, a full disk, and recovery).
 */
export const openServedStore = (
  store: string,
  dataDir: string,
  acceptStoreLoss: boolean,
  log: Logger,
): EventStore => {
  const opened = openStore(store, dataDir, { acceptStoreLoss });
  if (!isSqliteStore(opened)) return opened;
  if (opened.acceptedLoss !== null)
    log.error(
      { event: 'store-loss-accepted', comparison: opened.acceptedLoss },
      `started with --accept-store-loss: ${describeComparison(opened.acceptedLoss, opened.path)}; the head file now follows the store as it is`,
    );
  opened.watchDurability((durability) => {
    if (durability.durable)
      log.warn({ event: 'store-durable-again' }, 'the store makes writes durable again');
    else
      log.error(
        { event: DURABILITY_EVENTS[durability.reason], reason: durability.reason, detail: durability.detail },
        durability.reason === 'store-damaged'
          ? `the ledger's store file was removed or replaced under the server: ${durability.detail}; writes are refused until it is restarted on a sound store`
          : `writes cannot be made durable: ${durability.detail}`,
      );
  });
  return opened;
};
