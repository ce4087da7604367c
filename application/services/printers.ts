import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { Money } from '../../domain/money';
import { PrinterCommand } from '../../domain/printers/commands';
import { parsePrinterGroups } from '../../domain/printers/groups';
import {
  isAllPrinters,
  printerDisplayName,
  printerKey,
  validatePrinterName,
} from '../../domain/printers/names';
import { printerPropertyCommand, readPrinterProperty } from '../../domain/printers/properties';
import { Printer } from '../../domain/printers/state';
import { disabledUntil } from '../../domain/properties';
import { RequestContext } from '../envelope';
import { ok, Result } from '../kernel';
import { ReadModels } from '../../projections';

import { page } from '../paging';
import { findGroup, groupDisplayName, groupIdOf } from '../resolve';
import { releaseKey } from '../uniqueness';
import { claimPrinterName, findPrinter, PrinterRegistrationPorts } from './printer-registration';

/**
 * The printer methods: registration's ports, the print counts a printer's status reports, and the
 * groups a printer may be restricted to.
 */
export interface PrinterPorts extends PrinterRegistrationPorts {
  readonly models: Pick<ReadModels, 'printers' | 'printStats' | 'groups'>;
}

export const createPrinterServices = (ports: PrinterPorts) => {
  const { models } = ports;

  const execute = async (
    context: RequestContext,
    printer: Printer,
    commands: readonly PrinterCommand[],
  ): Result<true> => {
    const done = await ports.readYourWrites(
      await ports.handlers.printers.handle(printer.printerId, commands, context),
    );
    return isLeft(done) ? done : ok;
  };

  const onPrinter = async (
    context: RequestContext,
    server: string,
    name: string,
    commands: (printer: Printer) => Either<DomainError, readonly PrinterCommand[]>,
  ): Result<true> => {
    const printer = findPrinter(ports, server, name);
    if (isLeft(printer)) return printer;
    const built = commands(printer.right);
    return isLeft(built) ? built : execute(context, printer.right, built.right);
  };

  const getProperties = (
    server: string,
    name: string,
    properties: readonly string[],
  ): Either<DomainError, readonly string[]> => {
    const printer = findPrinter(ports, server, name);
    if (isLeft(printer)) return printer;
    const context = {
      now: ports.clock(),
      counts: models.printStats.ofPrinter(printer.right.printerId),
      printerNumber: models.printers.numberOf(printer.right.printerId),
    };
    const values: string[] = [];
    for (const property of properties) {
      const value = readPrinterProperty(printer.right, property, context);
      if (isLeft(value)) return value;
      values.push(value.right);
    }
    return right(values);
  };

  const setProperties = (
    context: RequestContext,
    server: string,
    name: string,
    pairs: readonly (readonly [string, string])[],
  ) =>
    onPrinter(context, server, name, () => {
      const commands: PrinterCommand[] = [];
      for (const [property, value] of pairs) {
        const command = printerPropertyCommand(property, value);
        if (isLeft(command)) return command;
        commands.push(command.right);
      }
      return right(commands);
    });

  const accessGroup = (
    context: RequestContext,
    server: string,
    name: string,
    group: string,
    granted: boolean,
  ) =>
    onPrinter(context, server, name, () => {
      const ref = findGroup(models, group);
      return isLeft(ref)
        ? ref
        : right([
            {
              kind: 'SetAccessGroup',
              groupId: groupIdOf(ref.right),
              groupName: groupDisplayName(ref.right),
              granted,
            },
          ]);
    });

  const deleteOne = async (context: RequestContext, printer: Printer): Result<true> => {
    const deleted = await execute(context, printer, [{ kind: 'DeletePrinter' }]);
    if (isLeft(deleted)) return deleted;
    await releaseKey(ports, 'printer', printerKey(printer), printer.printerId, context);
    return ok;
  };

  return {
    listPrinters: (offset: number, limit: number): Either<DomainError, readonly string[]> => {
      const listed = page(models.printers.sorted(), offset, limit);
      return isLeft(listed) ? listed : right(listed.right.map(printerDisplayName));
    },
    getPrinterProperty: (server: string, printer: string, property: string): Either<DomainError, string> => {
      const values = getProperties(server, printer, [property]);
      return isLeft(values) ? values : right(values.right[0] ?? '');
    },
    getPrinterProperties: getProperties,
    setPrinterProperty: (
      context: RequestContext,
      server: string,
      printer: string,
      property: string,
      value: string,
    ) => setProperties(context, server, printer, [[property, value]]),
    setPrinterProperties: setProperties,
    getPrinterCostSimple: (server: string, name: string): Either<DomainError, Money> => {
      const printer = findPrinter(ports, server, name);
      if (isLeft(printer)) return printer;
      return printer.right.costModel === 'SIMPLE'
        ? right(printer.right.simple.costPerPage)
        : left({
            code: 'CostModelNotSimple',
            printer: printerDisplayName(printer.right),
            model: printer.right.costModel,
          });
    },
    setPrinterCostSimple: (context: RequestContext, server: string, printer: string, costPerPage: Money) =>
      onPrinter(context, server, printer, () => right([{ kind: 'SetSimpleCost', costPerPage }])),
    resetPrinterCounts: (context: RequestContext, server: string, printer: string, resetBy: string) =>
      onPrinter(context, server, printer, (found) => {
        const before = models.printStats.ofPrinter(found.printerId);
        return right([
          {
            kind: 'ResetPrinterCounts',
            resetBy,
            jobCountBefore: before.jobCount,
            pageCountBefore: before.pageCount,
          },
        ]);
      }),
    addPrinterGroup: (context: RequestContext, server: string, printer: string, group: string) =>
      onPrinter(context, server, printer, () => right([{ kind: 'AddPrinterGroup', group }])),
    setPrinterGroups: (context: RequestContext, server: string, printer: string, groups: string) =>
      onPrinter(context, server, printer, () => {
        const parsed = parsePrinterGroups(groups);
        return isLeft(parsed) ? parsed : right([{ kind: 'SetPrinterGroups', groups: parsed.right }]);
      }),
    enablePrinter: (context: RequestContext, server: string, printer: string) =>
      onPrinter(context, server, printer, () => right([{ kind: 'EnablePrinter' }])),
    disablePrinter: (context: RequestContext, server: string, printer: string, minutes: number) =>
      onPrinter(context, server, printer, (): Either<DomainError, readonly PrinterCommand[]> => {
        const until = disabledUntil(ports.clock(), minutes);
        if (isLeft(until)) return until;
        return right([
          until.right === null ? { kind: 'EnablePrinter' } : { kind: 'DisablePrinter', until: until.right },
        ]);
      }),
    addPrinterAccessGroup: (context: RequestContext, server: string, printer: string, group: string) =>
      accessGroup(context, server, printer, group, true),
    removePrinterAccessGroup: (context: RequestContext, server: string, printer: string, group: string) =>
      accessGroup(context, server, printer, group, false),

    /** `[All Printers]` deletes every printer of the server; each deletion is its own event and is idempotent. */
    deletePrinter: async (context: RequestContext, server: string, name: string): Result<true> => {
      if (isAllPrinters(name)) {
        const printers = models.printers.onServer(server);
        if (printers.length === 0)
          return left({ code: 'PrinterNotFound', printer: printerDisplayName({ server, printer: name }) });
        for (const printer of printers) {
          const deleted = await deleteOne(context, printer);
          if (isLeft(deleted)) return deleted;
        }
        return ok;
      }
      const printer = findPrinter(ports, server, name);
      return isLeft(printer) ? printer : deleteOne(context, printer.right);
    },

    /** The new name is claimed first and the old one released after, so no two printers ever share a name. */
    renamePrinter: async (
      context: RequestContext,
      server: string,
      name: string,
      newServer: string,
      newName: string,
    ): Result<true> => {
      const printer = findPrinter(ports, server, name);
      if (isLeft(printer)) return printer;
      const target = validatePrinterName(newServer, newName);
      if (isLeft(target)) return target;
      const oldKey = printerKey(printer.right);
      const newKey = printerKey(target.right);
      if (newKey !== oldKey) {
        const claimed = await claimPrinterName(ports, target.right, printer.right.printerId, context);
        if (isLeft(claimed)) return claimed;
      }
      const renamed = await execute(context, printer.right, [{ kind: 'RenamePrinter', ...target.right }]);
      if (isLeft(renamed)) return renamed;
      if (newKey !== oldKey) await releaseKey(ports, 'printer', oldKey, printer.right.printerId, context);
      return ok;
    },
  };
};

export type PrinterServices = ReturnType<typeof createPrinterServices>;
