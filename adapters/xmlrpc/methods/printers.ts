import { defineMethod } from '../method';
import { int, money, pairs, str, strings } from '../params';

const server = str.required;
const printer = str.required;
const area = 'printers';

export const PRINTER_METHODS = [
  defineMethod({
    name: 'api.listPrinters',
    tier: 'seed',
    area,
    params: { offset: int.required, limit: int.required },
    returns: 'a[s]',
    handler: (folio, _context, a) => folio.services.printers.listPrinters(a.offset, a.limit),
  }),
  defineMethod({
    name: 'api.getPrinterProperty',
    tier: 'seed',
    area,
    params: { server, printer, property: str.required },
    returns: 's',
    handler: (folio, _context, a) =>
      folio.services.printers.getPrinterProperty(a.server, a.printer, a.property),
  }),
  defineMethod({
    name: 'api.getPrinterProperties',
    tier: 'extended',
    area,
    params: { server, printer, properties: strings.required },
    returns: 'a[s]',
    handler: (folio, _context, a) =>
      folio.services.printers.getPrinterProperties(a.server, a.printer, a.properties),
  }),
  defineMethod({
    name: 'api.setPrinterProperty',
    tier: 'seed',
    area,
    params: { server, printer, property: str.required, value: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.printers.setPrinterProperty(context, a.server, a.printer, a.property, a.value),
  }),
  defineMethod({
    name: 'api.setPrinterProperties',
    tier: 'extended',
    area,
    params: { server, printer, pairs: pairs.required },
    returns: 'b',
    handler: (folio, context, a) =>
      folio.services.printers.setPrinterProperties(context, a.server, a.printer, a.pairs),
  }),
  defineMethod({
    name: 'api.setPrinterCostSimple',
    tier: 'seed',
    area,
    params: { server, printer, costPerPage: money.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.printers.setPrinterCostSimple(context, a.server, a.printer, a.costPerPage),
  }),
  defineMethod({
    name: 'api.getPrinterCostSimple',
    tier: 'seed',
    area,
    params: { server, printer },
    returns: 'd',
    handler: (folio, _context, a) => folio.services.printers.getPrinterCostSimple(a.server, a.printer),
  }),
  defineMethod({
    name: 'api.resetPrinterCounts',
    tier: 'seed',
    area,
    params: { server, printer, resetBy: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.printers.resetPrinterCounts(context, a.server, a.printer, a.resetBy),
  }),
  defineMethod({
    name: 'api.addPrinterGroup',
    tier: 'seed',
    area,
    params: { server, printer, printerGroup: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.printers.addPrinterGroup(context, a.server, a.printer, a.printerGroup),
  }),
  defineMethod({
    name: 'api.setPrinterGroups',
    tier: 'seed',
    area,
    params: { server, printer, groups: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.printers.setPrinterGroups(context, a.server, a.printer, a.groups),
  }),
  defineMethod({
    name: 'api.enablePrinter',
    tier: 'seed',
    area,
    params: { server, printer },
    returns: 'ok',
    handler: (folio, context, a) => folio.services.printers.enablePrinter(context, a.server, a.printer),
  }),
  defineMethod({
    name: 'api.disablePrinter',
    tier: 'seed',
    area,
    params: { server, printer, minutes: int.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.printers.disablePrinter(context, a.server, a.printer, a.minutes),
  }),
  defineMethod({
    name: 'api.deletePrinter',
    tier: 'seed',
    area,
    params: { server, printer },
    returns: 'ok',
    handler: (folio, context, a) => folio.services.printers.deletePrinter(context, a.server, a.printer),
  }),
  defineMethod({
    name: 'api.renamePrinter',
    tier: 'seed',
    area,
    params: { server, printer, newServer: str.required, newPrinter: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.printers.renamePrinter(context, a.server, a.printer, a.newServer, a.newPrinter),
  }),
  defineMethod({
    name: 'api.addPrinterAccessGroup',
    tier: 'seed',
    area,
    params: { server, printer, group: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.printers.addPrinterAccessGroup(context, a.server, a.printer, a.group),
  }),
  defineMethod({
    name: 'api.removePrinterAccessGroup',
    tier: 'seed',
    area,
    params: { server, printer, group: str.required },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.printers.removePrinterAccessGroup(context, a.server, a.printer, a.group),
  }),
];
