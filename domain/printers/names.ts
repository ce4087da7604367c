import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../errors';
import { nameKey, validateName } from '../names';

/** Printers are listed as `server\printer`; the separator cannot appear in a server's name. */
export const PRINTER_SEPARATOR = '\\';

/** The printer name deletePrinter takes to mean every printer of the server; no printer may be called so. */
export const ALL_PRINTERS = '[All Printers]';

export interface PrinterName {
  readonly server: string;
  readonly printer: string;
}

export const printerDisplayName = (name: PrinterName): string =>
  `${name.server}${PRINTER_SEPARATOR}${name.printer}`;

/** The unique key of a printer's name: `server\printer`, case-insensitive. */
export const printerKey = (name: PrinterName): string => nameKey(printerDisplayName(name));

export const isAllPrinters = (printer: string): boolean => nameKey(printer.trim()) === nameKey(ALL_PRINTERS);

/**
 * A server name holds no '\' (it separates server from printer in listings); a printer name may,
 * since the listing splits at the first one. Both keep their case.
 */
export const validatePrinterName = (server: string, printer: string): Either<DomainError, PrinterName> => {
  const validServer = validateName('printer', server, {
    pattern: /\\/,
    description: "'\\' (it separates the server from the printer)",
  });
  if (isLeft(validServer)) return validServer;
  const validPrinter = validateName('printer', printer);
  if (isLeft(validPrinter)) return validPrinter;
  if (isAllPrinters(validPrinter.right))
    return left({
      code: 'InvalidName',
      kind: 'printer',
      name: printer,
      reason: `${ALL_PRINTERS} stands for every printer of a server`,
    });
  return right({ server: validServer.right, printer: validPrinter.right });
};
