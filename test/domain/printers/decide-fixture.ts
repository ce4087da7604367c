import { printerDecider } from '../../../domain/printers/decide';
import { PrinterEvent } from '../../../domain/printers/events';
import { specFor } from '../../support/decider-spec';

export const spec = specFor(printerDecider);
export const printerId = 'p-1';
export const registered: PrinterEvent = {
  type: 'PrinterRegistered',
  data: { printerId, server: 'srv', printer: 'Lab-1', source: 'job' },
};
export const given = (...events: PrinterEvent[]) => spec.given([registered, ...events]);
export const deleted: PrinterEvent = { type: 'PrinterDeleted', data: { printerId, name: 'srv\\Lab-1' } };
