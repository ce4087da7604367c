import { Money } from '../money';
import { CostModelName, PrinterCustomField, PrinterSource } from './events';

export type PrinterCommand =
  | {
      readonly kind: 'RegisterPrinter';
      readonly printerId: string;
      readonly server: string;
      readonly printer: string;
      readonly source: PrinterSource;
    }
  | { readonly kind: 'SetCustomFields'; readonly changes: Partial<Record<PrinterCustomField, string>> }
  /** Switches the model in force; the SIMPLE parameters are kept. */
  | { readonly kind: 'SetCostModel'; readonly model: CostModelName }
  /** Puts the printer on SIMPLE with this price; a discount left undefined keeps its value. */
  | {
      readonly kind: 'SetSimpleCost';
      readonly costPerPage: Money;
      readonly grayscaleDiscount?: Money;
      readonly duplexDiscount?: Money;
    }
  /** Replaces every printer group; the list is validated and de-duplicated by the decider. */
  | { readonly kind: 'SetPrinterGroups'; readonly groups: readonly string[] }
  | { readonly kind: 'AddPrinterGroup'; readonly group: string }
  | {
      readonly kind: 'SetAccessGroup';
      readonly groupId: string;
      readonly groupName: string;
      readonly granted: boolean;
    }
  /** `until` is an ISO time computed by the caller from the injected clock, or '' for "until re-enabled". */
  | { readonly kind: 'DisablePrinter'; readonly until: string }
  | { readonly kind: 'EnablePrinter' }
  | { readonly kind: 'SetVirtual'; readonly virtual: boolean }
  /** Configuration values by name (without the `advanced-config.` prefix); '' clears one. */
  | { readonly kind: 'SetAdvancedConfig'; readonly changes: Readonly<Record<string, string>> }
  | { readonly kind: 'RenamePrinter'; readonly server: string; readonly printer: string }
  | { readonly kind: 'DeletePrinter' }
  /** The counts come from the print-stats read model, filled in by the caller, and are kept in the event. */
  | {
      readonly kind: 'ResetPrinterCounts';
      readonly resetBy: string;
      readonly jobCountBefore: number;
      readonly pageCountBefore: number;
    }
  /** Marks the append as one line of batchImportPrinters (`PrinterImported`). */
  | {
      readonly kind: 'RecordImport';
      readonly operationId: string;
      readonly file: string;
      readonly line: number;
    };
