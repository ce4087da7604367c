import { createReadModels, ReadModels } from '../../projections';
import { EventStore } from '../store/port';
import { createAggregateRepository } from './aggregates';
import { RequestContext } from './envelope';
import { IdGenerator, randomIds } from './ids';
import { Kernel } from './kernel';
import { createProjectionRunner } from './projection-runner';
import { hashSecret, verifySecret } from './secrets';
import { createBalanceServices } from './services/balances';
import { createConfigServices } from './services/config';
import { createCorrectionServices } from './services/corrections';
import { createGroupOperationServices } from './services/group-operations';
import { createGroupServices } from './services/groups';
import { createReportServices } from './services/reports';
import { createSharedAccountServices } from './services/shared-accounts';
import { createUserServices } from './services/users';
import { createTaskRunner } from './tasks';
import { createPrinterRegistrationServices } from './services/printer-registration';
import { createPrinterServices } from './services/printers';
import { createPrintJobServices } from './services/print-jobs';
import { createPrinterImportServices } from './services/printer-import';
import { createCardServices } from './services/cards';
import { createAdminAccessServices } from './services/admin-access';
import { createAccountSelectionServices } from './services/account-selection';
import { createPrinterSettingsServices } from './services/printer-settings';
import { createInitialSettingsServices } from './services/initial-settings';
import { createDirectoryServices } from './services/directory';
import { configuredDirectory, DirectoryChooser } from '../directory/configured';
import { createImportServices } from './services/imports';
import { createBackupServices } from './services/backups';
import { createClientFileServices } from './services/client-files';
import { createServerCommandServices } from './services/server-commands';

export interface FolioOptions {
  readonly store: EventStore;
  readonly clock?: () => Date;
  readonly ids?: IdGenerator;
  /** Where the read models' checkpoint snapshot lives; null keeps them in memory only. */
  readonly snapshotPath?: string | null;
  /**
   * Load the snapshot but never write it: for a command run on a data folder that a server owns (the
   * server alone keeps that folder's checkpoint).
   */
  readonly snapshotReadOnly?: boolean;
  readonly hashSecret?: (secret: string) => string;
  readonly verifySecret?: (secret: string, hash: string) => boolean;
  /** Where users come from; by default the tab-separated file named by the config value user-directory.file. */
  readonly directory?: DirectoryChooser;
  /**
   * Where the API's report methods may write (the first is where relative paths go); none means they
   * refuse. Set by the server's own settings only, never by the API-writable config.
   */
  readonly reportDirectories?: readonly string[];
  /** The server's data folder (backups, the user client's account file); null: the methods that need it refuse. */
  readonly dataDir?: string | null;
  /**
   * Where batch imports may read files (the first is where relative paths go); none means they refuse.
   * Set by the server's own settings only, never by the API-writable config.
   */
  readonly importDirectories?: readonly string[];
}

export const SYSTEM_CONTEXT: RequestContext = {
  actor: 'folio',
  method: 'startup-recovery',
  correlationId: 'startup',
};

/**
 * The application: read models, aggregates and one service per API area, shared by the XML-RPC
 * server and the CLI so that both take the same code path.
 */
export const createFolio = (options: FolioOptions) => {
  const models = createReadModels();
  const clock = options.clock ?? (() => new Date());
  const ids = options.ids ?? randomIds;
  const runner = createProjectionRunner(options.store, models, options.snapshotPath ?? null, {
    writeSnapshots: options.snapshotReadOnly !== true,
  });
  const kernel: Kernel = {
    store: options.store,
    models,
    runner,
    aggregates: createAggregateRepository(options.store, clock, ids),
    clock,
    ids,
    hashSecret: options.hashSecret ?? hashSecret,
    verifySecret: options.verifySecret ?? verifySecret,
    tasks: createTaskRunner(clock),
  };
  const services = {
    users: createUserServices(kernel),
    balances: createBalanceServices(kernel),
    groups: createGroupServices(kernel),
    groupOperations: createGroupOperationServices(kernel),
    sharedAccounts: createSharedAccountServices(kernel),
    config: createConfigServices(kernel),
    printerRegistration: createPrinterRegistrationServices(kernel),
    printers: createPrinterServices(kernel),
    printJobs: createPrintJobServices(kernel),
    cards: createCardServices(kernel),
    adminAccess: createAdminAccessServices(kernel),
    accountSelection: createAccountSelectionServices(kernel),
    printerSettings: createPrinterSettingsServices(kernel),
    initialSettings: createInitialSettingsServices(kernel),
    directory: createDirectoryServices(kernel, options.directory ?? configuredDirectory),
    corrections: createCorrectionServices(kernel),
    reports: createReportServices(kernel, options.reportDirectories ?? []),
    printerImport: createPrinterImportServices(kernel, options.importDirectories ?? []),
    imports: createImportServices(kernel, options.importDirectories ?? []),
    backups: createBackupServices(kernel, options.dataDir ?? null),
    clientFiles: createClientFileServices(kernel, options.dataDir ?? null),
    serverCommands: createServerCommandServices(kernel),
  };
  return {
    kernel,
    models,
    services,
    /** Catches the read models up and finishes any operation a stopped process left half-way. */
    start: async (): Promise<void> => {
      await runner.start();
      await services.groupOperations.recoverUnfinished(SYSTEM_CONTEXT);
      await services.printerImport.recoverUnfinished(SYSTEM_CONTEXT);
      await services.cards.recoverUnfinished(SYSTEM_CONTEXT);
      await services.imports.recoverUnfinished(SYSTEM_CONTEXT);
    },
    stop: async (): Promise<void> => {
      await kernel.tasks.idle();
      await runner.stop();
    },
  };
};

export type Folio = ReturnType<typeof createFolio>;
export type FolioServices = Folio['services'];
export type { ReadModels };
