import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';
import { DomainError } from '../errors';
import { defineEvent } from '../event-definition';
import { Money, MoneyCodec } from '../money';
import { parseAmountValue } from '../properties';
import { PrinterCommand } from './commands';
import { parsePrinterGroups } from './groups';
import { printerDisplayName, printerKey, validatePrinterName } from './names';

/**
 * batchImportPrinters' file: UTF-8 text, one printer per line, tab-separated columns in this order.
 * Only server and printer are required; an empty or missing column leaves that setting as it is
 * (a new printer starts at 0.00 per page, enabled, without groups). Blank lines and lines starting
 * with '#' (a header, a comment) are skipped.
 */
export const PRINTER_IMPORT_COLUMNS = [
  'server',
  'printer',
  'cost per page (SIMPLE)',
  'printer groups (comma-separated; replaces them)',
  'disabled (Y = until re-enabled, N = enabled)',
  'grayscale discount per page',
  'duplex discount per page',
] as const;

/** Larger files are refused before parsing. */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;

/** What one valid line asks for. */
export const PrinterImportChanges = t.partial({
  costPerPage: MoneyCodec,
  grayscaleDiscount: MoneyCodec,
  duplexDiscount: MoneyCodec,
  groups: t.array(t.string),
  disabled: t.boolean,
});
export type PrinterImportChanges = t.TypeOf<typeof PrinterImportChanges>;

export interface PrinterImportLine {
  readonly line: number;
  readonly server: string;
  readonly printer: string;
  readonly changes: PrinterImportChanges;
}

export interface ImportProblem {
  readonly line: number;
  readonly problem: string;
}

export interface ParsedPrinterImport {
  readonly lines: readonly PrinterImportLine[];
  readonly problems: readonly ImportProblem[];
}

/** Words for the few errors a line can have; the fault table is the adapters', not the domain's. */
export const describeImportError = (error: DomainError): string => {
  switch (error.code) {
    case 'InvalidName':
      return `the ${error.kind} name '${error.name}' is not valid: ${error.reason}`;
    case 'InvalidValue':
      return `'${error.value}' is not valid for ${error.field}: expected ${error.expected}`;
    case 'AmountOutOfRange':
      return `'${error.value}' is out of range for ${error.field}`;
    default:
      return error.code;
  }
};

const amount = (field: string, text: string | undefined): Money | undefined | DomainError => {
  if (text === undefined || text.trim() === '') return undefined;
  const parsed = parseAmountValue(field, text.trim(), { nonNegative: true });
  return isLeft(parsed) ? parsed.left : parsed.right;
};

const isError = (value: unknown): value is DomainError =>
  typeof value === 'object' && value !== null && 'code' in value;

const parseLine = (line: number, columns: readonly string[]): PrinterImportLine | string => {
  if (columns.length > PRINTER_IMPORT_COLUMNS.length)
    return `it has ${columns.length} columns; at most ${PRINTER_IMPORT_COLUMNS.length} are read (${PRINTER_IMPORT_COLUMNS.join(', ')})`;
  const [server = '', printer = '', cost, groupsText, disabledText, grayscale, duplex] = columns;
  const name = validatePrinterName(server.trim(), printer.trim());
  if (isLeft(name)) return describeImportError(name.left);
  const changes: { -readonly [K in keyof PrinterImportChanges]: PrinterImportChanges[K] } = {};
  for (const [key, field, text] of [
    ['costPerPage', 'cost per page', cost],
    ['grayscaleDiscount', 'grayscale discount', grayscale],
    ['duplexDiscount', 'duplex discount', duplex],
  ] as const) {
    const parsed = amount(field, text);
    if (isError(parsed)) return describeImportError(parsed);
    if (parsed !== undefined) changes[key] = parsed;
  }
  if (groupsText !== undefined && groupsText.trim() !== '') {
    const groups = parsePrinterGroups(groupsText);
    if (isLeft(groups)) return describeImportError(groups.left);
    changes.groups = [...groups.right];
  }
  const disabled = (disabledText ?? '').trim().toUpperCase();
  if (disabled === 'Y') changes.disabled = true;
  else if (disabled === 'N') changes.disabled = false;
  else if (disabled !== '') return `disabled must be Y, N or empty, not '${disabledText ?? ''}'`;
  return { line, ...name.right, changes };
};

/** Reads the whole file, keeping every valid line and naming every bad one by its number (from 1). */
export const parsePrinterImport = (text: string): ParsedPrinterImport => {
  const lines: PrinterImportLine[] = [];
  const problems: ImportProblem[] = [];
  const firstLine = new Map<string, number>();
  for (const [index, raw] of text.split('\n').entries()) {
    const line = index + 1;
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (content.trim() === '' || content.trimStart().startsWith('#')) continue;
    const parsed = parseLine(line, content.split('\t'));
    if (typeof parsed === 'string') {
      problems.push({ line, problem: parsed });
      continue;
    }
    const key = printerKey(parsed);
    const earlier = firstLine.get(key);
    if (earlier !== undefined) {
      problems.push({
        line,
        problem: `the printer ${printerDisplayName(parsed)} is already on line ${earlier}`,
      });
      continue;
    }
    firstLine.set(key, line);
    lines.push(parsed);
  }
  return { lines, problems };
};

/** The commands one line becomes; a printer not registered yet is registered first (source `import`). */
export const importLineCommands = (
  changes: PrinterImportChanges,
  registration: { readonly printerId: string; readonly server: string; readonly printer: string } | null,
  /** The line's marker (`PrinterImported`), written with its changes when the line is applied. */
  marker?: { readonly operationId: string; readonly file: string; readonly line: number },
): readonly PrinterCommand[] => {
  const commands: PrinterCommand[] = [];
  if (registration !== null) commands.push({ kind: 'RegisterPrinter', ...registration, source: 'import' });
  if (marker !== undefined) commands.push({ kind: 'RecordImport', ...marker });
  if (changes.costPerPage !== undefined)
    commands.push({
      kind: 'SetSimpleCost',
      costPerPage: changes.costPerPage,
      ...(changes.grayscaleDiscount === undefined ? {} : { grayscaleDiscount: changes.grayscaleDiscount }),
      ...(changes.duplexDiscount === undefined ? {} : { duplexDiscount: changes.duplexDiscount }),
    });
  if (changes.groups !== undefined) commands.push({ kind: 'SetPrinterGroups', groups: changes.groups });
  if (changes.disabled !== undefined)
    commands.push(changes.disabled ? { kind: 'DisablePrinter', until: '' } : { kind: 'EnablePrinter' });
  return commands;
};

export const PrinterImportStarted = defineEvent(
  'PrinterImportStarted',
  1,
  "batchImportPrinters began applying the valid lines of `file` as one operation: each entry names its line, the printer's id (derived from the operation for a printer the import registers) and the settings to apply. Every entry is applied exactly once, also after a restart; BulkOperationCompleted ends it.",
  t.type({
    operationId: t.string,
    file: t.string,
    printers: t.array(
      t.type({
        line: t.number,
        printerId: t.string,
        server: t.string,
        printer: t.string,
        register: t.boolean,
        changes: PrinterImportChanges,
      }),
    ),
  }),
);
