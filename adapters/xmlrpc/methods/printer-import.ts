import { defineMethod } from '../method';
import { str } from '../params';

export const PRINTER_IMPORT_METHODS = [
  defineMethod({
    name: 'api.batchImportPrinters',
    tier: 'extended',
    area: 'import',
    params: { file: str.required },
    returns: 'ok',
    // Answers once the file is read and the import queued; api.getTaskStatus reports its progress.
    handler: (folio, context, a) => folio.services.printerImport.batchImportPrinters(context, a.file),
  }),
];
