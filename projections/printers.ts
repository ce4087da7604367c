import { EventEnvelope } from '../domain/envelope';
import { isPrinterEvent } from '../domain/events';
import { nameKey } from '../domain/names';
import { printerDisplayName, printerKey, PrinterName } from '../domain/printers/names';
import { evolvePrinter, Printer, PrinterState } from '../domain/printers/state';
import { byKey, ReadModel } from './read-model';

/**
 * Every printer, deleted ones included (their history stays readable), folded with the domain's own
 * `evolvePrinter`, with an index by `server\printer`. Lookups only find printers not deleted.
 */
export const createPrintersReadModel = () => {
  const printers = new Map<string, Printer>();
  const byName = new Map<string, string>();
  let sortedCache: readonly Printer[] | null = null;

  const put = (printer: Printer): void => {
    const previous = printers.get(printer.printerId);
    if (
      previous !== undefined &&
      !previous.deleted &&
      byName.get(printerKey(previous)) === previous.printerId
    )
      byName.delete(printerKey(previous));
    printers.set(printer.printerId, printer);
    if (!printer.deleted) byName.set(printerKey(printer), printer.printerId);
    if (
      previous === undefined ||
      previous.deleted !== printer.deleted ||
      printerDisplayName(previous) !== printerDisplayName(printer)
    )
      sortedCache = null;
  };

  const active = (id: string | undefined): Printer | undefined => {
    const printer = id === undefined ? undefined : printers.get(id);
    return printer === undefined || printer.deleted ? undefined : printer;
  };

  const sorted = (): readonly Printer[] => {
    sortedCache ??= [...printers.values()]
      .filter((printer) => !printer.deleted)
      .sort(byKey((printer) => `${printerKey(printer)}\u0000${printer.printerId}`));
    return sortedCache;
  };

  return {
    name: 'printers',
    apply: ({ event }: EventEnvelope): void => {
      if (!isPrinterEvent(event)) return;
      const current = printers.get(event.data.printerId);
      const state: PrinterState =
        current === undefined ? { status: 'absent' } : { status: 'present', ...current };
      const next = evolvePrinter(state, event);
      if (next.status === 'present') {
        const { status: _status, ...printer } = next;
        put(printer);
      }
    },
    /**
     * By server and printer name, case-insensitive; deleted printers are not found. The server must match
     * too: `a\\b` + `c` and `a` + `b\\c` share a listing text but only the second can exist.
     */
    findByName: (name: PrinterName): Printer | undefined => {
      const printer = active(byName.get(printerKey(name)));
      return printer !== undefined && nameKey(printer.server) === nameKey(name.server) ? printer : undefined;
    },
    byId: (printerId: string): Printer | undefined => printers.get(printerId),
    activeById: (printerId: string): Printer | undefined => active(printerId),
    /** Printers not deleted, sorted by `server\printer` (case-insensitive): the order listPrinters pages. */
    sorted,
    onServer: (server: string): readonly Printer[] =>
      sorted().filter((printer) => nameKey(printer.server) === nameKey(server)),
    snapshot: () => [...printers.values()].sort(byKey((printer) => printer.printerId)),
    restore: (snapshot: unknown): void => {
      printers.clear();
      byName.clear();
      sortedCache = null;
      for (const printer of snapshot as Printer[]) put(printer);
    },
  } satisfies ReadModel & Record<string, unknown>;
};

export type PrintersReadModel = ReturnType<typeof createPrintersReadModel>;
