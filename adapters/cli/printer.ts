import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { isLeft } from 'fp-ts/Either';
import { createFolio } from '../application/folio';
import { RequestContext } from '../application/envelope';
import { DEFAULT_DATA_DIR } from '../config/settings';
import { formatMoney, Money } from '../../domain/money';
import { printerDisplayName } from '../../domain/printers/names';
import { parseAmountValue } from '../../domain/properties';
import { openStore, SNAPSHOT_FILE } from '../store/open';
import { domainFault } from '../xmlrpc/faults';

export interface PrinterAddFlags {
  readonly costPerPage?: string;
  readonly data?: string;
  readonly store?: string;
}

export class PrinterCommandError extends Error {}

const cliContext = (command: string): RequestContext => ({
  actor: `cli:${userInfo().username}`,
  method: command,
  correlationId: randomUUID(),
});

/**
 * `folio printer add SERVER PRINTER [--cost-per-page X]`: registers a printer in the data folder's
 * event log through the same registration service processJob uses. It writes to the store directly
 * (a running server sees the printer once its read models next catch up with the log) and leaves
 * recovery of unfinished operations to the server.
 */
export const addPrinter = async (
  server: string,
  printer: string,
  flags: PrinterAddFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> => {
  let costPerPage: Money | undefined;
  if (flags.costPerPage !== undefined) {
    const parsed = parseAmountValue('--cost-per-page', flags.costPerPage, { nonNegative: true });
    if (isLeft(parsed)) throw new PrinterCommandError(domainFault(parsed.left).faultString);
    costPerPage = parsed.right;
  }
  const dataDir = resolve(flags.data ?? env.FOLIO_DATA ?? DEFAULT_DATA_DIR);
  const store = openStore(flags.store ?? env.FOLIO_STORE ?? 'sqlite', dataDir);
  const folio = createFolio({ store, snapshotPath: join(dataDir, SNAPSHOT_FILE) });
  try {
    await folio.kernel.runner.start();
    const registered = await folio.services.printerRegistration.registerPrinter(
      cliContext('printer add'),
      server,
      printer,
      { source: 'administrator', ...(costPerPage === undefined ? {} : { costPerPage }) },
    );
    if (isLeft(registered)) throw new PrinterCommandError(domainFault(registered.left).faultString);
    const added = registered.right;
    return `Registered printer ${printerDisplayName(added)} (id ${added.printerId}), SIMPLE cost model at ${formatMoney(added.simple.costPerPage)} per page.`;
  } finally {
    await folio.stop();
    await store.close();
  }
};
