import { Either, isLeft, left, right } from 'fp-ts/Either';
import { assertNever, Decider } from '../decider';
import { DomainError } from '../errors';
import { canonicalMoney, Money, ZERO } from '../money';
import { PrinterCommand } from './commands';
import { PrinterEvent } from './events';
import { hasGroup, MAX_PRINTER_GROUPS, parsePrinterGroups, sameGroups, validatePrinterGroup } from './groups';
import { printerDisplayName, validatePrinterName } from './names';
import { evolvePrinter, initialPrinterState, Printer, PrinterState, SimpleCost } from './state';

type Decision = Either<DomainError, readonly PrinterEvent[]>;

/** Bounds a printer's stored configuration: PaperCut's per-printer settings number in the hundreds. */
export const MAX_ADVANCED_CONFIG_VALUES = 1000;
const none: Decision = right([]);

const nonNegative = (field: string, amount: Money): Either<DomainError, Money> =>
  amount < ZERO
    ? left({
        code: 'InvalidValue',
        field,
        value: canonicalMoney(amount),
        expected: 'an amount of zero or more',
      })
    : right(amount);

const costChanged = (printer: Printer, model: Printer['costModel'], simple: SimpleCost): Decision =>
  printer.costModel === model &&
  printer.simple.costPerPage === simple.costPerPage &&
  printer.simple.grayscaleDiscount === simple.grayscaleDiscount &&
  printer.simple.duplexDiscount === simple.duplexDiscount
    ? none
    : right([{ type: 'PrinterCostModelChanged', data: { printerId: printer.printerId, model, ...simple } }]);

const setSimpleCost = (
  command: Extract<PrinterCommand, { kind: 'SetSimpleCost' }>,
  printer: Printer,
): Decision => {
  const simple: SimpleCost = {
    costPerPage: command.costPerPage,
    grayscaleDiscount: command.grayscaleDiscount ?? printer.simple.grayscaleDiscount,
    duplexDiscount: command.duplexDiscount ?? printer.simple.duplexDiscount,
  };
  for (const [field, amount] of [
    ['cost per page', simple.costPerPage],
    ['grayscale discount', simple.grayscaleDiscount],
    ['duplex discount', simple.duplexDiscount],
  ] as const) {
    const valid = nonNegative(field, amount);
    if (isLeft(valid)) return valid;
  }
  return costChanged(printer, 'SIMPLE', simple);
};

const groupsChanged = (printer: Printer, groups: readonly string[]): Decision =>
  sameGroups(printer.groups, groups)
    ? none
    : right([{ type: 'PrinterGroupsChanged', data: { printerId: printer.printerId, groups: [...groups] } }]);

const decideForPrinter = (
  command: Exclude<PrinterCommand, { kind: 'RegisterPrinter' }>,
  printer: Printer,
): Decision => {
  const printerId = printer.printerId;
  switch (command.kind) {
    case 'SetCustomFields': {
      const changes = Object.fromEntries(
        Object.entries(command.changes).filter(
          ([field, value]) => (printer.customFields[field as keyof Printer['customFields']] ?? '') !== value,
        ),
      );
      return Object.keys(changes).length === 0
        ? none
        : right([{ type: 'PrinterCustomFieldsChanged', data: { printerId, changes } }]);
    }
    case 'SetCostModel':
      return costChanged(printer, command.model, printer.simple);
    case 'SetSimpleCost':
      return setSimpleCost(command, printer);
    case 'SetPrinterGroups': {
      const groups = parsePrinterGroups(command.groups.join(','));
      return isLeft(groups) ? groups : groupsChanged(printer, groups.right);
    }
    case 'AddPrinterGroup': {
      const group = validatePrinterGroup(command.group);
      if (isLeft(group)) return group;
      if (hasGroup(printer.groups, group.right)) return none;
      if (printer.groups.length >= MAX_PRINTER_GROUPS)
        return left({
          code: 'InvalidValue',
          field: 'printer group',
          value: group.right,
          expected: `at most ${MAX_PRINTER_GROUPS} printer groups per printer`,
        });
      return groupsChanged(printer, [...printer.groups, group.right]);
    }
    case 'SetAccessGroup':
      return printer.accessGroupIds.includes(command.groupId) === command.granted
        ? none
        : right([
            {
              type: 'PrinterAccessGroupChanged',
              data: {
                printerId,
                groupId: command.groupId,
                groupName: command.groupName,
                granted: command.granted,
              },
            },
          ]);
    case 'DisablePrinter':
      return right([{ type: 'PrinterDisabled', data: { printerId, until: command.until } }]);
    case 'EnablePrinter':
      return printer.disabledUntil === '' ? none : right([{ type: 'PrinterEnabled', data: { printerId } }]);
    case 'SetVirtual':
      return printer.virtual === command.virtual
        ? none
        : right([{ type: 'PrinterVirtualChanged', data: { printerId, virtual: command.virtual } }]);
    case 'SetAdvancedConfig': {
      const changes = Object.fromEntries(
        Object.entries(command.changes).filter(
          ([name, value]) =>
            (Object.hasOwn(printer.advancedConfig, name) ? printer.advancedConfig[name] : '') !== value,
        ),
      );
      if (Object.keys(changes).length === 0) return none;
      const kept = Object.keys(printer.advancedConfig).filter((name) => !Object.hasOwn(changes, name)).length;
      const added = Object.values(changes).filter((value) => value !== '').length;
      if (kept + added > MAX_ADVANCED_CONFIG_VALUES)
        return left({
          code: 'InvalidValue',
          field: 'advanced-config',
          value: Object.keys(changes).join(', '),
          expected: `at most ${MAX_ADVANCED_CONFIG_VALUES} configuration values per printer`,
        });
      return right([{ type: 'PrinterAdvancedConfigChanged', data: { printerId, changes } }]);
    }
    case 'RenamePrinter': {
      const valid = validatePrinterName(command.server, command.printer);
      if (isLeft(valid)) return valid;
      const from = printerDisplayName(printer);
      const to = printerDisplayName(valid.right);
      return from === to
        ? none
        : right([{ type: 'PrinterRenamed', data: { printerId, from, to, ...valid.right } }]);
    }
    case 'DeletePrinter':
      return right([{ type: 'PrinterDeleted', data: { printerId, name: printerDisplayName(printer) } }]);
    case 'RecordImport':
      return right([
        {
          type: 'PrinterImported',
          data: { printerId, operationId: command.operationId, file: command.file, line: command.line },
        },
      ]);
    case 'ResetPrinterCounts':
      return right([
        {
          type: 'PrinterCountsReset',
          data: {
            printerId,
            resetBy: command.resetBy,
            jobCountBefore: command.jobCountBefore,
            pageCountBefore: command.pageCountBefore,
          },
        },
      ]);
    default:
      return assertNever(command);
  }
};

export const decidePrinter = (command: PrinterCommand, state: PrinterState): Decision => {
  if (command.kind === 'RegisterPrinter') {
    const valid = validatePrinterName(command.server, command.printer);
    if (isLeft(valid)) return valid;
    if (state.status === 'present')
      return left({ code: 'PrinterAlreadyExists', printer: printerDisplayName(valid.right) });
    return right([
      {
        type: 'PrinterRegistered',
        data: { printerId: command.printerId, ...valid.right, source: command.source },
      },
    ]);
  }
  if (state.status === 'absent' || state.deleted)
    return left({
      code: 'PrinterNotFound',
      printer: state.status === 'absent' ? '' : printerDisplayName(state),
    });
  return decideForPrinter(command, state);
};

export const printerDecider: Decider<PrinterCommand, PrinterState, PrinterEvent> = {
  decide: decidePrinter,
  evolve: evolvePrinter,
  initialState: initialPrinterState,
};
