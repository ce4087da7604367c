import * as t from 'io-ts';
import { defineEvent, EventOf, partialStrings } from '../event-definition';
import { MoneyCodec } from '../money';

/**
 * The product's cost-model names. Folio prices jobs with SIMPLE only; the others are stored and
 * reported (a job on such a printer must carry its own `cost`).
 */
export const COST_MODELS = [
  'SIMPLE',
  'AREA',
  'SIZE_TABLE',
  'SIZE_CATEGORY',
  'SIZE_DETAILED',
  'SIZE_LENGTH',
] as const;
export const CostModelName = t.keyof(
  Object.fromEntries(COST_MODELS.map((name) => [name, null])) as Record<(typeof COST_MODELS)[number], null>,
);
export type CostModelName = t.TypeOf<typeof CostModelName>;

/** Free-text fields an administrator keeps on a printer (`custom-field-1` … `custom-field-6`). */
export const PRINTER_CUSTOM_FIELDS = [
  'customField1',
  'customField2',
  'customField3',
  'customField4',
  'customField5',
  'customField6',
] as const;
export type PrinterCustomField = (typeof PRINTER_CUSTOM_FIELDS)[number];

export const PrinterSource = t.keyof({ job: null, administrator: null, import: null });
export type PrinterSource = t.TypeOf<typeof PrinterSource>;

export const PrinterRegistered = defineEvent(
  'PrinterRegistered',
  1,
  'A printer became known: by its first print job (`job`), by an administrator from the CLI (`administrator`) or by batchImportPrinters (`import`). It starts on the SIMPLE cost model at 0.00 per page, enabled, with no groups.',
  t.type({ printerId: t.string, server: t.string, printer: t.string, source: PrinterSource }),
);

export const PrinterCustomFieldsChanged = defineEvent(
  'PrinterCustomFieldsChanged',
  1,
  "Free-text fields of a printer changed (custom-field-1 … 6); only the fields present changed, '' clears one.",
  t.type({ printerId: t.string, changes: partialStrings(PRINTER_CUSTOM_FIELDS) }),
);

export const PrinterCostModelChanged = defineEvent(
  'PrinterCostModelChanged',
  1,
  "A printer's cost model changed. `model` is the one in force; the SIMPLE parameters are always carried whole (kept while another model is in force): a page costs `costPerPage`, less `grayscaleDiscount` when it is grayscale, less `duplexDiscount` when the job is duplex, never below zero.",
  t.type({
    printerId: t.string,
    model: CostModelName,
    costPerPage: MoneyCodec,
    grayscaleDiscount: MoneyCodec,
    duplexDiscount: MoneyCodec,
  }),
);

export const PrinterGroupsChanged = defineEvent(
  'PrinterGroupsChanged',
  1,
  "A printer's printer groups (labels for reporting, not user groups) changed; `groups` is the complete new list.",
  t.type({ printerId: t.string, groups: t.array(t.string) }),
);

export const PrinterAccessGroupChanged = defineEvent(
  'PrinterAccessGroupChanged',
  1,
  'A user group was given (granted) or lost access to a printer. A printer with access groups prints only for their members.',
  t.type({ printerId: t.string, groupId: t.string, groupName: t.string, granted: t.boolean }),
);

export const PrinterDisabled = defineEvent(
  'PrinterDisabled',
  1,
  'A printer was disabled until a time (ISO, from the server clock), or until re-enabled when `until` is empty. Jobs on it are refused.',
  t.type({ printerId: t.string, until: t.string }),
);

export const PrinterEnabled = defineEvent(
  'PrinterEnabled',
  1,
  'A printer was enabled again.',
  t.type({ printerId: t.string }),
);

export const PrinterRenamed = defineEvent(
  'PrinterRenamed',
  1,
  'A printer was renamed (or moved to another server); its id, counts and job history stay.',
  t.type({ printerId: t.string, from: t.string, to: t.string, server: t.string, printer: t.string }),
);

export const PrinterDeleted = defineEvent(
  'PrinterDeleted',
  1,
  'A printer was deleted; its history stays in the log and its name is free again.',
  t.type({ printerId: t.string, name: t.string }),
);

export const PrinterCountsReset = defineEvent(
  'PrinterCountsReset',
  1,
  "A printer's job and page counts were reset to zero by `resetBy`; the counts before are kept for the record.",
  t.type({ printerId: t.string, resetBy: t.string, jobCountBefore: t.number, pageCountBefore: t.number }),
);

export const PrinterImported = defineEvent(
  'PrinterImported',
  1,
  'A line of batchImportPrinters (operation `operationId`, file `file`, line `line`) was applied to this printer, in the same append as its changes (after the registration of a printer the line creates). Written even when the line changes nothing, it is how recovery after a crash knows the line is done.',
  t.type({ printerId: t.string, operationId: t.string, file: t.string, line: t.number }),
);

export const PrinterVirtualChanged = defineEvent(
  'PrinterVirtualChanged',
  1,
  "A printer became a virtual queue (jobs sent to it are held and released on another printer) or a physical one again (PaperCut's `virtual` printer property).",
  t.type({ printerId: t.string, virtual: t.boolean }),
);

export const PrinterAdvancedConfigChanged = defineEvent(
  'PrinterAdvancedConfigChanged',
  1,
  "Configuration values of a printer changed (PaperCut's `advanced-config.NAME` printer properties: cost tables, watermarking, release settings…). `changes` maps each NAME to its new value; '' clears one. Folio keeps and returns them; it prices jobs with the SIMPLE model only.",
  t.type({ printerId: t.string, changes: t.record(t.string, t.string) }),
);

export const PRINTER_EVENTS = [
  PrinterRegistered,
  PrinterCustomFieldsChanged,
  PrinterCostModelChanged,
  PrinterGroupsChanged,
  PrinterAccessGroupChanged,
  PrinterDisabled,
  PrinterEnabled,
  PrinterRenamed,
  PrinterDeleted,
  PrinterCountsReset,
  PrinterImported,
  PrinterVirtualChanged,
  PrinterAdvancedConfigChanged,
] as const;
export type PrinterEvent = EventOf<(typeof PRINTER_EVENTS)[number]>;
