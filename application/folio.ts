import { createReadModels, ReadModels } from '../projections';
import { EventStore } from '../adapters/store/port';
import { createCommandHandlers } from './command-handlers';
import { RequestContext } from './envelope';
import { IdGenerator, timeOrderedIds } from './ids';
import { readYourWritesThrough } from './kernel';
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
import { configuredDirectory, DirectoryChooser } from '../adapters/directory/configured';
import { createImportServices } from './services/imports';
import { createBackupServices } from './services/backups';
import { createClientFileServices } from './services/client-files';
import { createServerCommandServices } from './services/server-commands';
import { DEFAULT_STEP_RETRY, OperationRuntime, StepRetry } from './operation-steps';
import { createProcessRunner } from './process-runner';
import { createDurableTasks } from './durable-tasks';
import { createLogger, Logger } from '../adapters/log';
import { SnapshotSeal } from './audit/snapshot-file';
import { signReportCheckpoint } from './audit/report-checkpoint';

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
  /** Signs the snapshots written and refuses one whose seal does not hold (see SnapshotSeal). */
  readonly snapshotSeal?: SnapshotSeal;
  readonly hashSecret?: (secret: string) => string;
  readonly verifySecret?: (secret: string, hash: string) => boolean;
  /**
   * Where users come from; by default the tab-separated file named by the config value
   * user-directory.file, read only from `userDirectoryDirectories` and `importDirectories`.
   */
  readonly directory?: DirectoryChooser;
  /**
   * Besides the import directories, where the user directory file may be read (the first is where
   * relative paths go). Set by the server's own settings only, never by the API-writable config.
   */
  readonly userDirectoryDirectories?: readonly string[];
  /**
   * Where what callers must not see goes: the detail of a task that failed (dropped without a log), a
   * sweep that failed (a JSON log on stderr without one, since unfinished operations need an operator).
   */
  readonly log?: Logger;
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
  /** How a failing step of a multi-account operation is tried again (see operation-steps.ts). */
  readonly stepRetry?: StepRetry;
  /**
   * How often the running Folio finishes operations left unfinished (a step that kept failing, a
   * server that died while another runs on): every this many ms after `start()`; null: only at start.
   */
  readonly sweepIntervalMs?: number | null;
  /** The sweep leaves operations younger than this to whoever started them. */
  readonly sweepMinAgeMs?: number;
}

/** Once a minute the running server finishes what was left half-way ... */
export const SWEEP_INTERVAL_MS = 60_000;
/** ... when it started at least this long ago (a younger one is most likely still being finished). */
export const SWEEP_MIN_AGE_MS = 30_000;

export const SYSTEM_CONTEXT: RequestContext = {
  actor: 'folio',
  method: 'startup-recovery',
  correlationId: 'startup',
};

export const SWEEP_CONTEXT: RequestContext = {
  actor: 'folio',
  method: 'unfinished-operations-sweep',
  correlationId: 'sweep',
};

/**
 * The application: read models, aggregates and one service per API area, shared by the XML-RPC
 * server and the CLI so that both take the same code path.
 */
export const createFolio = (options: FolioOptions) => {
  const models = createReadModels();
  const clock = options.clock ?? (() => new Date());
  const ids = options.ids ?? timeOrderedIds;
  const runner = createProjectionRunner(options.store, models, options.snapshotPath ?? null, {
    writeSnapshots: options.snapshotReadOnly !== true,
    onSnapshotWriteFailed: (error) =>
      (options.log ?? createLogger()).warn(
        { event: 'snapshot-write-failed', err: error },
        'the read-model snapshot could not be written; the next start replays more of the log',
      ),
    onSnapshotRefused: (reason) =>
      (options.log ?? createLogger()).warn(
        { event: 'snapshot-refused', reason },
        `the read-model snapshot was not used (${reason}); the read models are folded from the log`,
      ),
    ...(options.snapshotSeal === undefined ? {} : { seal: options.snapshotSeal }),
  });
  /** Every service's replies wait for the read models to fold what the command wrote. */
  const readYourWrites = readYourWritesThrough(runner);
  /** Reconciliation reports sign a checkpoint there (see audit/report-checkpoint.ts). */
  const reportsDataDir = options.dataDir ?? null;
  /**
   * The parts the services' ports are cut from. Returned as `kernel` only for the tests that build
   * services from its parts; the `Folio` the adapters see leaves it out, and no service or helper
   * receives it whole.
   */
  const kernel = {
    store: options.store,
    models,
    runner,
    handlers: createCommandHandlers(options.store, clock, ids),
    clock,
    ids,
    hashSecret: options.hashSecret ?? hashSecret,
    verifySecret: options.verifySecret ?? verifySecret,
    tasks: createTaskRunner(clock, options.log),
    readYourWrites,
  };
  /** Users: their commands, with the card and name claims they take (claim ages from the store). */
  const userPorts = {
    handlers: { users: kernel.handlers.users, claims: kernel.handlers.claims },
    store: options.store,
    clock,
    ids,
    models,
    hashSecret: kernel.hashSecret,
    readYourWrites,
  };
  /**
   * Printers, and the print jobs that charge users and shared accounts for them; the process runner
   * adds the operations' handler (its steps register printers and change users and shared accounts).
   */
  const printerPorts = {
    handlers: {
      printers: kernel.handlers.printers,
      claims: kernel.handlers.claims,
      users: kernel.handlers.users,
      sharedAccounts: kernel.handlers.sharedAccounts,
    },
    store: options.store,
    clock,
    ids,
    models,
    readYourWrites,
  };
  let stopping = false;
  const runtime: OperationRuntime = {
    retry: options.stepRetry ?? DEFAULT_STEP_RETRY,
    stopping: () => stopping,
  };
  /** The one runner of multi-stream operations: every service that starts one, and recovery, share it. */
  const processes = createProcessRunner(
    {
      ...printerPorts,
      handlers: { ...printerPorts.handlers, operations: kernel.handlers.operations },
      runner,
    },
    runtime,
  );
  /** Background tasks recorded before their call answers, resumed at start-up (application/durable-tasks.ts). */
  const durable = createDurableTasks({
    handlers: { operations: kernel.handlers.operations },
    tasks: kernel.tasks,
    models,
    store: options.store,
    ids,
  });
  const services = {
    users: createUserServices(userPorts),
    balances: createBalanceServices({
      users: kernel.handlers.users,
      models,
      ids,
      readYourWrites,
    }),
    groups: createGroupServices({
      handlers: { groups: kernel.handlers.groups, claims: kernel.handlers.claims },
      store: options.store,
      clock,
      ids,
      models,
      readYourWrites,
    }),
    groupOperations: createGroupOperationServices({ models, ids, readYourWrites }, processes),
    sharedAccounts: createSharedAccountServices({
      handlers: { sharedAccounts: kernel.handlers.sharedAccounts, claims: kernel.handlers.claims },
      store: options.store,
      clock,
      ids,
      models,
      readYourWrites,
    }),
    config: createConfigServices({
      config: kernel.handlers.config,
      models,
      hashSecret: kernel.hashSecret,
      readYourWrites,
    }),
    printerRegistration: createPrinterRegistrationServices(printerPorts),
    printers: createPrinterServices(printerPorts),
    printJobs: createPrintJobServices(printerPorts),
    cards: createCardServices(
      {
        handlers: { cards: kernel.handlers.cards, cardBatches: kernel.handlers.cardBatches },
        models,
        runner,
        ids,
        clock,
        readYourWrites,
      },
      undefined,
      processes,
    ),
    adminAccess: createAdminAccessServices({
      adminAccess: kernel.handlers.adminAccess,
      models,
      readYourWrites,
    }),
    accountSelection: createAccountSelectionServices(userPorts),
    printerSettings: createPrinterSettingsServices(userPorts),
    initialSettings: createInitialSettingsServices({
      ...userPorts,
      handlers: { ...userPorts.handlers, groups: kernel.handlers.groups },
      catchUp: () => runner.catchUp(),
    }),
    directory: createDirectoryServices(
      {
        ...userPorts,
        handlers: { ...userPorts.handlers, groups: kernel.handlers.groups },
        durable,
        runner,
      },
      options.directory ??
        configuredDirectory([
          ...(options.userDirectoryDirectories ?? []),
          ...(options.importDirectories ?? []),
        ]),
    ),
    corrections: createCorrectionServices({
      users: kernel.handlers.users,
      sharedAccounts: kernel.handlers.sharedAccounts,
      models,
      store: options.store,
      ids,
      readYourWrites,
    }),
    reports: createReportServices(
      {
        models,
        clock,
        ...(reportsDataDir === null
          ? {}
          : {
              signCheckpoint: (readUpTo: number) =>
                signReportCheckpoint(options.store, reportsDataDir, readUpTo),
            }),
      },
      options.reportDirectories ?? [],
    ),
    printerImport: createPrinterImportServices(
      { models, ids, durable, waitFor: runner.waitFor },
      options.importDirectories ?? [],
      processes,
    ),
    imports: createImportServices(
      { models, hashSecret: kernel.hashSecret, ids, durable, waitFor: runner.waitFor },
      options.importDirectories ?? [],
      processes,
    ),
    backups: createBackupServices({ store: options.store, clock, durable }, options.dataDir ?? null),
    clientFiles: createClientFileServices({ models, clock }, options.dataDir ?? null),
    serverCommands: createServerCommandServices({ models, tasks: kernel.tasks }),
  };
  /**
   * Finishes every operation left half-way — group operations, printer imports, card credits, imports
   * — that started before `cutoff` (all of them without one), each kind given its turn even when
   * another fails (`ProcessRunner.finishUnfinished`). Each step is written once, so finishing one that
   * another server is also finishing is safe.
   */
  const finishUnfinished = async (context: RequestContext, cutoff?: Date): Promise<void> => {
    await processes.finishUnfinished(context, cutoff);
  };

  const sweepInterval = options.sweepIntervalMs === undefined ? SWEEP_INTERVAL_MS : options.sweepIntervalMs;
  const sweepMinAge = options.sweepMinAgeMs ?? SWEEP_MIN_AGE_MS;
  let log = options.log;
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> = Promise.resolve();

  /** One sweep: catch up (another process may have left work), then finish what is old enough. */
  const sweep = async (): Promise<void> => {
    try {
      await runner.catchUp();
      await finishUnfinished(SWEEP_CONTEXT, new Date(clock().getTime() - sweepMinAge));
    } catch (error) {
      // The operation stays unfinished; the next sweep tries again.
      log ??= createLogger();
      log.warn({ event: 'sweep-failed', err: error }, 'finishing unfinished operations failed');
    }
  };

  const schedule = (): void => {
    if (sweepInterval === null || stopping) return;
    timer = setTimeout(() => {
      sweeping = sweeping.then(sweep).then(schedule);
    }, sweepInterval);
    // The sweep never keeps a process alive on its own.
    timer.unref();
  };

  return {
    kernel,
    models,
    services,
    /** Background tasks: the status line api.getTaskStatus answers, and a wait for the queue to drain. */
    tasks: { status: kernel.tasks.status, idle: kernel.tasks.idle },
    /** The store as the health check and a failed call's fault see it: can it make writes durable, where its log ends. */
    storeStatus: {
      durability: () => options.store.durability?.(),
      headPosition: () => options.store.headPosition(),
    },
    /**
     * Folding the log into the read models. `start`/`stop` run it on its own, for a command that reads a
     * data folder without finishing what another process left (`start()` below does that too).
     */
    projections: {
      start: runner.start,
      stop: runner.stop,
      waitFor: runner.waitFor,
      catchUp: runner.catchUp,
    },
    /** Checks a secret against its stored hash (the admin password, when not scrypt-hashed). */
    verifySecret: kernel.verifySecret,
    /** The runner of multi-stream operations, whose `finishUnfinished` start-up and the sweep call. */
    processes,
    /**
     * Catches the read models up and finishes any operation a stopped process left half-way, then
     * sweeps periodically for operations left unfinished while running.
     */
    start: async (): Promise<void> => {
      await runner.start();
      // An operation that cannot be finished now is left to the sweep: refusing to start would stop
      // every other call too.
      await finishUnfinished(SYSTEM_CONTEXT).catch((error: unknown) => {
        log ??= createLogger();
        log.warn(
          { event: 'recovery-incomplete', err: error },
          'some unfinished operations are left to the sweep',
        );
      });
      // After the operations: a resumed task finds the operation it had recorded finished. Like the
      // operations, resumed tasks are finished before serving.
      if ((await durable.resumeUnfinished(SYSTEM_CONTEXT)) > 0) await kernel.tasks.idle();
      schedule();
    },
    /** One sweep now (what the timer runs): finishes unfinished operations older than the minimum age. */
    sweep: (): Promise<void> => {
      sweeping = sweeping.then(sweep);
      return sweeping;
    },
    stop: async (): Promise<void> => {
      stopping = true;
      if (timer !== undefined) clearTimeout(timer);
      // A sweep or task waiting on an unreachable store would otherwise keep the stop waiting with it.
      runner.stopRetrying();
      await sweeping;
      await kernel.tasks.idle();
      await runner.stop();
    },
  };
};

/** The application with its kernel, as `createFolio` builds it: for the composition root and tests. */
export type ComposedFolio = ReturnType<typeof createFolio>;
/** The application as adapters see it: services, read models and named ports, never the kernel. */
export type Folio = Omit<ComposedFolio, 'kernel'>;
export type FolioServices = Folio['services'];
export type { ReadModels };
