import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { Money } from '../../domain/money';
import { PrinterCommand } from '../../domain/printers/commands';
import { PrinterSource } from '../../domain/printers/events';
import {
  PrinterName,
  printerDisplayName,
  printerKey,
  validatePrinterName,
} from '../../domain/printers/names';
import { Printer, PrinterState } from '../../domain/printers/state';
import { RequestContext } from '../envelope';
import { ReadModels } from '../../projections';
import { CommandHandlers } from '../command-handlers';
import { IdGenerator } from '../ids';
import { ReadYourWrites, Result } from '../kernel';
import { ClaimPorts, claimKey, refuseStoredLookAlike } from '../uniqueness';
import { uniqueKeyId } from '../../domain/streams';

/**
 * What registering and finding printers uses: the printer handler, the printer-name claims, the
 * printers read model and ids.
 */
export interface PrinterRegistrationPorts extends ClaimPorts {
  readonly handlers: Pick<CommandHandlers, 'claims' | 'printers'>;
  readonly models: Pick<ReadModels, 'printers'>;
  readonly ids: IdGenerator;
  readonly readYourWrites: ReadYourWrites;
}

export const loadPrinter = (ports: Pick<PrinterRegistrationPorts, 'handlers'>, printerId: string) =>
  ports.handlers.printers.load(printerId);

const presentPrinter = (state: PrinterState): Printer | undefined => {
  if (state.status !== 'present' || state.deleted) return undefined;
  const { status: _status, ...printer } = state;
  return printer;
};

/** Owner check for a printer-name claim: does the printer's own stream still carry that name? */
export const printerHoldsKey =
  (ports: Pick<PrinterRegistrationPorts, 'handlers'>, key: string) =>
  async (printerId: string): Promise<boolean> => {
    const printer = presentPrinter((await loadPrinter(ports, printerId)).state);
    return printer !== undefined && printerKey(printer) === key;
  };

/**
 * Claims `server\printer` for `printerId`; a live printer holding it (or a stored look-alike of it,
 * whose claim an older log keyed otherwise) is PrinterAlreadyExists.
 */
export const claimPrinterName = async (
  ports: Pick<PrinterRegistrationPorts, 'handlers' | 'models' | 'store' | 'clock'>,
  name: PrinterName,
  printerId: string,
  context: RequestContext,
): Promise<Either<DomainError, boolean>> => {
  const conflict = { code: 'PrinterAlreadyExists', printer: printerDisplayName(name) } as const;
  const stored = refuseStoredLookAlike(
    ports.models.printers.findByName(name)?.printerId,
    printerId,
    conflict,
  );
  if (isLeft(stored)) return stored;
  return claimKey(
    ports,
    'printer',
    printerKey(name),
    printerId,
    printerHoldsKey(ports, printerKey(name)),
    conflict,
    context,
  );
};

export interface RegistrationOptions {
  readonly source: PrinterSource;
  /** Puts the new printer on SIMPLE at this price; undefined = 0.00 per page. */
  readonly costPerPage?: Money;
}

/**
 * Registers printers: from the CLI (`folio printer add`), on a print job for a printer not seen
 * before, and from batchImportPrinters. The name is claimed first, so two servers reporting a new
 * printer at once register it once.
 */
/** How long a job waits for a racing job's registration of the same printer: 40 × 50 ms. */
const OWNER_WAIT_ATTEMPTS = 40;
const OWNER_WAIT_MS = 50;

export const createPrinterRegistrationServices = (ports: PrinterRegistrationPorts) => {
  const register = async (
    context: RequestContext,
    server: string,
    printer: string,
    options: RegistrationOptions,
  ): Result<Printer> => {
    const name = validatePrinterName(server, printer);
    if (isLeft(name)) return name;
    const printerId = ports.ids();
    const claimed = await claimPrinterName(ports, name.right, printerId, context);
    if (isLeft(claimed)) return claimed;
    const commands: PrinterCommand[] = [
      { kind: 'RegisterPrinter', printerId, ...name.right, source: options.source },
      ...(options.costPerPage === undefined
        ? []
        : [{ kind: 'SetSimpleCost', costPerPage: options.costPerPage } as const]),
    ];
    const executed = await ports.readYourWrites(
      await ports.handlers.printers.handle(printerId, commands, context),
    );
    if (isLeft(executed)) return executed;
    const registered = presentPrinter(executed.right.state);
    return registered === undefined
      ? left({
          code: 'Conflict',
          what: `printer ${printerDisplayName(name.right)} vanished while registering`,
        })
      : right(registered);
  };

  /** The printer holding a claimed name, read from its own stream (the read models may not have it yet). */
  const claimOwner = async (key: string): Promise<Printer | undefined> => {
    const claim = await ports.handlers.claims.load(uniqueKeyId('printer', key));
    const ownerId = claim.state.ownerId;
    return ownerId === null ? undefined : presentPrinter((await loadPrinter(ports, ownerId)).state);
  };

  return {
    registerPrinter: register,
    /** The printer a job names, registered (source `job`) when it is not known yet. */
    ensurePrinter: async (context: RequestContext, server: string, printer: string): Result<Printer> => {
      const known = ports.models.printers.findByName({ server, printer });
      if (known !== undefined) return right(known);
      const registered = await register(context, server, printer, { source: 'job' });
      if (isLeft(registered) && registered.left.code === 'PrinterAlreadyExists') {
        // Another job registered it a moment ago, or is registering it right now (its claim is fresh,
        // its printer not written yet): use that printer once it is there.
        for (let attempt = 0; attempt < OWNER_WAIT_ATTEMPTS; attempt += 1) {
          const owner = await claimOwner(printerKey({ server, printer }));
          if (owner !== undefined) return right(owner);
          await new Promise((resolve) => setTimeout(resolve, OWNER_WAIT_MS));
        }
      }
      return registered;
    },
  };
};

export type PrinterRegistrationServices = ReturnType<typeof createPrinterRegistrationServices>;

export const findPrinter = (
  ports: Pick<PrinterRegistrationPorts, 'models'>,
  server: string,
  printer: string,
): Either<DomainError, Printer> => {
  const found = ports.models.printers.findByName({ server, printer });
  return found === undefined
    ? left({ code: 'PrinterNotFound', printer: printerDisplayName({ server, printer }) })
    : right(found);
};
