import { formatMoney, Money } from '../../domain/money';
import { printerDisplayName } from '../../domain/printers/names';
import { parseAmountValue } from '../../domain/properties';
import { LocalFlags, orFail, withLocalFolio } from './local-folio';

export interface PrinterAddFlags extends LocalFlags {
  readonly costPerPage?: string;
}

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
    costPerPage = orFail(parseAmountValue('--cost-per-page', flags.costPerPage, { nonNegative: true }));
  }
  return withLocalFolio(
    flags,
    'printer add',
    async (folio, context) => {
      const added = orFail(
        await folio.services.printerRegistration.registerPrinter(context, server, printer, {
          source: 'administrator',
          ...(costPerPage === undefined ? {} : { costPerPage }),
        }),
      );
      return `Registered printer ${printerDisplayName(added)} (id ${added.printerId}), SIMPLE cost model at ${formatMoney(added.simple.costPerPage)} per page.`;
    },
    env,
  );
};
