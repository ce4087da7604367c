import { EventEnvelope } from '../domain/envelope';
import { isPrinterEvent } from '../domain/events';
import { nameKey } from '../domain/names';
import { printerDisplayName, printerKey, PrinterName } from '../domain/printers/names';
import { evolvePrinter, Printer, PrinterState } from '../domain/printers/state';
import { createNameIndex } from './name-index';
import { byKey, ReadModel } from './read-model';

/**
 * Every printer, deleted ones included (their history stays readable), folded with the domain's own
 * `evolvePrinter`, with an index by `server\printer`. Lookups only find printers not deleted.
 */
export const createPrintersReadModel = () => {
  const printers = new Map<string, Printer>();
  const byName = createNameIndex((id) => {
    const printer = printers.get(id);
    return printer === undefined || printer.deleted ? undefined : printerDisplayName(printer);
  });
  // PaperCut's `printer-id` is a number; Folio's printer ids are opaque strings, kept as the identity of
  // the stream. Each printer gets the next number in log order of its registration: every replay of
  // the same log numbers the printers alike, and a number is never reused after a delete.
  const numbers = new Map<string, number>();
  let sortedCache: readonly Printer[] | null = null;

  const put = (printer: Printer): void => {
    const previous = printers.get(printer.printerId);
    if (previous !== undefined) byName.remove(printerDisplayName(previous), previous.printerId);
    printers.set(printer.printerId, printer);
    if (!printer.deleted) byName.add(printerDisplayName(printer), printer.printerId);
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
      if (event.type === 'PrinterRegistered' && !numbers.has(event.data.printerId))
        numbers.set(event.data.printerId, numbers.size + 1);
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
      const printer = active(byName.find(printerDisplayName(name)));
      return printer !== undefined && nameKey(printer.server) === nameKey(name.server) ? printer : undefined;
    },
    byId: (printerId: string): Printer | undefined => printers.get(printerId),
    /** The printer's number, PaperCut's `printer-id` (0 for an id never registered). */
    numberOf: (printerId: string): number => numbers.get(printerId) ?? 0,
    activeById: (printerId: string): Printer | undefined => active(printerId),
    /** Printers not deleted, sorted by `server\printer` (case-insensitive): the order listPrinters pages. */
    sorted,
    onServer: (server: string): readonly Printer[] =>
      sorted().filter((printer) => nameKey(printer.server) === nameKey(server)),
    snapshot: () => ({
      printers: [...printers.values()].sort(byKey((printer) => printer.printerId)),
      numbers: [...numbers.entries()],
    }),
    restore: (snapshot: unknown): void => {
      const saved = snapshot as { printers: Printer[]; numbers: [string, number][] };
      printers.clear();
      byName.clear();
      numbers.clear();
      sortedCache = null;
      for (const printer of saved.printers) put(printer);
      for (const [printerId, number] of saved.numbers) numbers.set(printerId, number);
    },
  } satisfies ReadModel & Record<string, unknown>;
};

export type PrintersReadModel = ReturnType<typeof createPrintersReadModel>;
