import { Either, isLeft, left, map, right } from 'fp-ts/Either';
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
  /** PaperCut's numeric `printer-id`, from the printers read model (the printer's own id is opaque). */
  readonly printerNumber: number;
}

const canonicalName = (property: string): string => property.trim().toLowerCase();

/**
 * `advanced-config.NAME` reaches the printer's configuration values, as PaperCut's fleet scripts set
 * cost tables, watermarks and release settings. NAME keeps its case (configuration names are
 * case-sensitive in PaperCut) and is bounded like every stored name.
 */
const ADVANCED_CONFIG_PREFIX = 'advanced-config.';
export const MAX_CONFIG_NAME_LENGTH = 255;
export const MAX_CONFIG_VALUE_LENGTH = 4096;

const advancedConfigName = (property: string): string | undefined => {
  const trimmed = property.trim();
  return trimmed.toLowerCase().startsWith(ADVANCED_CONFIG_PREFIX)
    ? trimmed.slice(ADVANCED_CONFIG_PREFIX.length)
    : undefined;
};

const validConfigName = (property: string, name: string): Either<DomainError, string> =>
  name === '' || name.length > MAX_CONFIG_NAME_LENGTH || /\p{Cc}/u.test(name)
    ? left({
        code: 'InvalidValue',
        field: 'printer property',
        value: property,
        expected: `advanced-config. followed by a configuration name of 1 to ${MAX_CONFIG_NAME_LENGTH} printable characters`,
      })
    : right(name);

/** A printer property as the API shows it: always a string. */
export const readPrinterProperty = (
  printer: Printer,
  property: string,
  context: PrinterReadContext,
): Either<DomainError, string> => {
  const name = canonicalName(property);
  const field = Object.hasOwn(CUSTOM_FIELD_PROPERTIES, name) ? CUSTOM_FIELD_PROPERTIES[name] : undefined;
  if (field !== undefined) return right(printer.customFields[field] ?? '');
  const configName = advancedConfigName(property);
  if (configName !== undefined)
    return pipe(
      validConfigName(property, configName),
      map((valid) =>
        Object.hasOwn(printer.advancedConfig, valid) ? (printer.advancedConfig[valid] ?? '') : '',
      ),
    );
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
      return right(String(context.printerNumber));
    case 'virtual':
      return right(booleanText(printer.virtual));
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
  const configName = advancedConfigName(property);
  if (configName !== undefined) {
    const valid = validConfigName(property, configName);
    if (isLeft(valid)) return valid;
    if (value.length > MAX_CONFIG_VALUE_LENGTH)
      return left({
        code: 'InvalidValue',
        field: property.trim(),
        value: `${value.slice(0, 40)}…`,
        expected: `a value of at most ${MAX_CONFIG_VALUE_LENGTH} characters`,
      });
    return right({ kind: 'SetAdvancedConfig', changes: { [valid.right]: value } });
  }
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
    case 'virtual':
      return pipe(
        parseBooleanValue(name, value),
        map((virtual): PrinterCommand => ({ kind: 'SetVirtual', virtual })),
      );
    default:
      return left(unknownProperty('printer', property));
  }
};
