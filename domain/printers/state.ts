import { assertNever } from '../decider';
import { Money, ZERO } from '../money';
import { CostModelName, PrinterCustomField, PrinterEvent, PrinterSource } from './events';

/** The SIMPLE cost model's parameters, all per printed page. */
export interface SimpleCost {
  readonly costPerPage: Money;
  readonly grayscaleDiscount: Money;
  readonly duplexDiscount: Money;
}

export const FREE: SimpleCost = { costPerPage: ZERO, grayscaleDiscount: ZERO, duplexDiscount: ZERO };

export interface Printer {
  readonly printerId: string;
  readonly server: string;
  readonly printer: string;
  readonly source: PrinterSource;
  readonly deleted: boolean;
  readonly customFields: Readonly<Partial<Record<PrinterCustomField, string>>>;
  readonly costModel: CostModelName;
  /** Kept while another model is in force, so switching back to SIMPLE restores the prices. */
  readonly simple: SimpleCost;
  /** Printer groups: labels, in the order given. */
  readonly groups: readonly string[];
  /** User groups allowed to print here; empty = everyone. */
  readonly accessGroupIds: readonly string[];
  /** '' = enabled; 'forever' = until re-enabled; otherwise an ISO time. */
  readonly disabledUntil: string;
  /** A virtual queue (PaperCut's `virtual`): jobs are held and released on another printer. */
  readonly virtual: boolean;
  /** The printer's configuration values (`advanced-config.NAME`), by NAME; unset names are absent. */
  readonly advancedConfig: Readonly<Record<string, string>>;
}

export type PrinterState = { readonly status: 'absent' } | ({ readonly status: 'present' } & Printer);

export const initialPrinterState = (): PrinterState => ({ status: 'absent' });

const toggle = (ids: readonly string[], id: string, granted: boolean): readonly string[] =>
  granted ? (ids.includes(id) ? ids : [...ids, id]) : ids.filter((existing) => existing !== id);

export const evolvePrinter = (state: PrinterState, event: PrinterEvent): PrinterState => {
  if (event.type === 'PrinterRegistered') {
    const { printerId, server, printer, source } = event.data;
    return {
      status: 'present',
      printerId,
      server,
      printer,
      source,
      deleted: false,
      customFields: {},
      costModel: 'SIMPLE',
      simple: FREE,
      groups: [],
      accessGroupIds: [],
      disabledUntil: '',
      virtual: false,
      advancedConfig: {},
    };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'PrinterCustomFieldsChanged':
      return { ...state, customFields: { ...state.customFields, ...event.data.changes } };
    case 'PrinterCostModelChanged': {
      const { model, costPerPage, grayscaleDiscount, duplexDiscount } = event.data;
      return { ...state, costModel: model, simple: { costPerPage, grayscaleDiscount, duplexDiscount } };
    }
    case 'PrinterGroupsChanged':
      return { ...state, groups: event.data.groups };
    case 'PrinterAccessGroupChanged':
      return {
        ...state,
        accessGroupIds: toggle(state.accessGroupIds, event.data.groupId, event.data.granted),
      };
    case 'PrinterDisabled':
      return { ...state, disabledUntil: event.data.until === '' ? 'forever' : event.data.until };
    case 'PrinterEnabled':
      return { ...state, disabledUntil: '' };
    case 'PrinterRenamed':
      return { ...state, server: event.data.server, printer: event.data.printer };
    case 'PrinterDeleted':
      return { ...state, deleted: true };
    case 'PrinterVirtualChanged':
      return { ...state, virtual: event.data.virtual };
    case 'PrinterAdvancedConfigChanged': {
      const advancedConfig = { ...state.advancedConfig };
      for (const [name, value] of Object.entries(event.data.changes))
        if (value === '') delete advancedConfig[name];
        else advancedConfig[name] = value;
      return { ...state, advancedConfig };
    }
    case 'PrinterCountsReset':
      // Counts live in the print-stats read model; the reset is folded there.
      return state;
    case 'PrinterImported':
      // Where the changes in the same append came from; they change the state themselves.
      return state;
    default:
      return assertNever(event);
  }
};
