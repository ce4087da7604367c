import { Either, left, map, right } from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { DomainError } from '../errors';
import {
  booleanText,
  isDisabledAt,
  parseBooleanValue,
  parseEnumValue,
  readOnlyProperty,
  unknownProperty,
} from '../properties';
import { PrintCounts } from '../jobs/counts';
import { PrinterCommand } from './commands';
import { COST_MODELS, PrinterCustomField } from './events';
import { Printer } from './state';

const CUSTOM_FIELD_PROPERTIES: Readonly<Record<string, PrinterCustomField>> = {
  'custom-field-1': 'customField1',
  'custom-field-2': 'customField2',
  'custom-field-3': 'customField3',
  'custom-field-4': 'customField4',
  'custom-field-5': 'customField5',
  'custom-field-6': 'customField6',
};

const READ_ONLY = new Set(['print-stats.job-count', 'print-stats.page-count', 'printer-id']);

export interface PrinterReadContext {
  readonly now: Date;
  readonly counts: PrintCounts;
}

const canonicalName = (property: string): string => property.trim().toLowerCase();

/** A printer property as the API shows it: always a string. */
export const readPrinterProperty = (
  printer: Printer,
  property: string,
  context: PrinterReadContext,
): Either<DomainError, string> => {
  const name = canonicalName(property);
  const field = Object.hasOwn(CUSTOM_FIELD_PROPERTIES, name) ? CUSTOM_FIELD_PROPERTIES[name] : undefined;
  if (field !== undefined) return right(printer.customFields[field] ?? '');
  switch (name) {
    case 'cost-model':
      return right(printer.costModel);
    case 'disabled':
      return right(booleanText(isDisabledAt(printer.disabledUntil, context.now)));
    case 'print-stats.job-count':
      return right(String(context.counts.jobCount));
    case 'print-stats.page-count':
      return right(String(context.counts.pageCount));
    case 'printer-id':
      return right(printer.printerId);
    default:
      return left(unknownProperty('printer', property));
  }
};

/** The command that sets one printer property. */
export const printerPropertyCommand = (
  property: string,
  value: string,
): Either<DomainError, PrinterCommand> => {
  const name = canonicalName(property);
  const field = Object.hasOwn(CUSTOM_FIELD_PROPERTIES, name) ? CUSTOM_FIELD_PROPERTIES[name] : undefined;
  if (field !== undefined) return right({ kind: 'SetCustomFields', changes: { [field]: value } });
  if (READ_ONLY.has(name)) return left(readOnlyProperty('printer', name));
  switch (name) {
    case 'cost-model':
      return pipe(
        parseEnumValue(name, value, COST_MODELS),
        map((model): PrinterCommand => ({ kind: 'SetCostModel', model })),
      );
    case 'disabled':
      return pipe(
        parseBooleanValue(name, value),
        map((disabled): PrinterCommand =>
          disabled ? { kind: 'DisablePrinter', until: '' } : { kind: 'EnablePrinter' },
        ),
      );
    default:
      return left(unknownProperty('printer', property));
  }
};
