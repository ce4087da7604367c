import { MethodDefinition } from '../method';
import { BALANCE_METHODS } from './balances';
import { CONFIG_METHODS } from './config';
import { DEVICE_METHODS } from './devices';
import { GROUP_METHODS } from './groups';
import { REPORT_METHODS } from './reports';
import { SHARED_ACCOUNT_METHODS } from './shared-accounts';
import { SYSTEM_METHODS } from './system';
import { USER_METHODS } from './users';
import { PRINTER_METHODS } from './printers';
import { JOB_METHODS } from './jobs';
import { PRINTER_IMPORT_METHODS } from './printer-import';
import { CARD_METHODS } from './cards';
import { ADMIN_METHODS } from './admin';
import { ACCOUNT_SELECTION_METHODS } from './account-selection';
import { DIRECTORY_METHODS } from './directory';
import { USER_SETTINGS_METHODS } from './user-settings';
import { IMPORT_METHODS } from './imports';
import { SERVER_FILE_METHODS } from './server-files';

/** The method registry: every API method Folio answers, by name. docs/api.md is generated from it. */
export const ALL_METHODS: readonly MethodDefinition[] = [
  ...USER_METHODS,
  ...BALANCE_METHODS,
  ...GROUP_METHODS,
  ...SHARED_ACCOUNT_METHODS,
  ...CONFIG_METHODS,
  ...SYSTEM_METHODS,
  ...DEVICE_METHODS,
  ...PRINTER_METHODS,
  ...JOB_METHODS,
  ...PRINTER_IMPORT_METHODS,
  ...CARD_METHODS,
  ...ADMIN_METHODS,
  ...ACCOUNT_SELECTION_METHODS,
  ...DIRECTORY_METHODS,
  ...USER_SETTINGS_METHODS,
  ...REPORT_METHODS,
  ...IMPORT_METHODS,
  ...SERVER_FILE_METHODS,
];

export const methodRegistry = (
  methods: readonly MethodDefinition[] = ALL_METHODS,
): ReadonlyMap<string, MethodDefinition> => {
  const registry = new Map<string, MethodDefinition>();
  for (const method of methods) {
    if (registry.has(method.name)) throw new Error(`method ${method.name} is defined twice`);
    registry.set(method.name, method);
  }
  return registry;
};
