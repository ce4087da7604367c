import { ReadModels } from '../../projections';
import { createSharedAccountsReadModel } from '../../projections/shared-accounts';
import { LedgerEntry, ledgerEntriesOf } from '../../projections/transactions';
import { createUsersReadModel } from '../../projections/users';
import { createPrintersReadModel } from '../../projections/printers';
import { EventStore } from '../../adapters/store/port';
import { decodeOrThrow } from '../envelope';
import { forEachRecorded, ProgressListener } from '../audit/log';
import { AccountDirectory, createAccountDirectory } from './directory';
import { catchUpPostings, PostingsIndex } from '../postings/postings';
import { reconciliationFromPostings } from '../postings/reconciliation';
import { Period } from '../../projections/ledger/period-fold';
import { ReconciliationFigures } from '../../projections/ledger/reconciliation';

/**
 * Where a report's ledger entries come from. Reports are the same code over either source: the log
 * itself (the CLI and auditors: nothing trusted but the stored events) or a running server's
 * transaction read model (the XML-RPC report methods: no second read of the log).
 */
export interface LedgerSource {
  /** Account names as of the end of the log. */
  readonly directory: () => Promise<AccountDirectory>;
  /** Every ledger entry, in log order, until `visit` returns false. */
  readonly forEachEntry: (visit: (entry: LedgerEntry) => boolean | void) => Promise<void>;
  /**
   * Only the entries that moved one statement account, in log order, when the source keeps them
   * indexed (the postings read model); a statement folds these to the same figures as the whole log.
   */
  readonly forEachEntryOf?: (
    statementAccount: string,
    visit: (entry: LedgerEntry) => boolean | void,
  ) => Promise<void>;
  /**
   * A period's reconciliation figures, when the source keeps balances at every cut (the postings
   * index): the same figures as the fold of every entry from the first, without that fold.
   */
  readonly reconciliationFigures?: (period: Period) => Promise<ReconciliationFigures>;
}

/** A source whose one-account reads come from the postings index, brought up to the log first. */
export const withPostings = (base: LedgerSource, store: EventStore, index: PostingsIndex): LedgerSource => ({
  ...base,
  // The same fold as the names pass, over the index's copy of the events that move no money.
  directory: async () => {
    await catchUpPostings(store, index);
    const users = createUsersReadModel();
    const sharedAccounts = createSharedAccountsReadModel();
    const printers = createPrintersReadModel();
    for (const recorded of index.nameEvents()) {
      const envelope = decodeOrThrow(recorded);
      users.apply(envelope);
      sharedAccounts.apply(envelope);
      printers.apply(envelope);
    }
    return createAccountDirectory(users, sharedAccounts, printers);
  },
  forEachEntryOf: async (statementAccount, visit) => {
    await catchUpPostings(store, index);
    for (const entry of index.entriesOf(statementAccount)) if (visit(entry) === false) return;
  },
  reconciliationFigures: async (period) => {
    await catchUpPostings(store, index);
    return reconciliationFromPostings(index, period);
  },
});

/** Events that only move money: they change no name, so the names pass skips them undecoded. */
const BALANCE_MOVEMENTS: ReadonlySet<string> = new Set([
  'UserBalanceAdjusted',
  'SharedAccountBalanceAdjusted',
  'PrintJobCharged',
  'SharedAccountPrintJobCharged',
]);

export type PassListener = (pass: 'names' | 'ledger', position: number, headPosition: number) => void;

export const logSource = (store: EventStore, onProgress?: PassListener): LedgerSource => {
  let directory: AccountDirectory | null = null;

  const pass = async (visit: (entry: LedgerEntry) => boolean | void) => {
    let visiting = true;
    const users = createUsersReadModel();
    const sharedAccounts = createSharedAccountsReadModel();
    const printers = createPrintersReadModel();
    const progress: ProgressListener | undefined =
      onProgress === undefined ? undefined : (position, head) => onProgress('ledger', position, head);
    await forEachRecorded(
      store,
      (recorded) => {
        // Once the visitor is done, balance movements need not even be decoded.
        if (!visiting && BALANCE_MOVEMENTS.has(recorded.type)) return;
        const envelope = decodeOrThrow(recorded);
        const entries = ledgerEntriesOf(envelope);
        // A balance movement changes no name: the directory folds only the other events.
        if (entries.length === 0) {
          users.apply(envelope);
          sharedAccounts.apply(envelope);
          printers.apply(envelope);
        }
        // Names are folded to the end of the log even when the visitor is done: reports name accounts as they are now.
        if (visiting) for (const entry of entries) if (visit(entry) === false) visiting = false;
      },
      progress === undefined ? {} : { onProgress: progress },
    );
    directory = createAccountDirectory(users, sharedAccounts, printers);
    return directory;
  };

  /** Names only: balance movements (nearly every event) are not even decoded. */
  const namesPass = async (): Promise<AccountDirectory> => {
    const users = createUsersReadModel();
    const sharedAccounts = createSharedAccountsReadModel();
    const printers = createPrintersReadModel();
    await forEachRecorded(
      store,
      (recorded) => {
        if (BALANCE_MOVEMENTS.has(recorded.type)) return;
        const envelope = decodeOrThrow(recorded);
        users.apply(envelope);
        sharedAccounts.apply(envelope);
        printers.apply(envelope);
      },
      onProgress === undefined ? {} : { onProgress: (position, head) => onProgress('names', position, head) },
    );
    directory = createAccountDirectory(users, sharedAccounts, printers);
    return directory;
  };

  return {
    directory: async () => directory ?? namesPass(),
    forEachEntry: async (visit) => {
      await pass(visit);
    },
  };
};

/** The read models a ledger report reads: the account names and the transactions. */
export type LedgerReadModels = Pick<ReadModels, 'users' | 'sharedAccounts' | 'printers' | 'transactions'>;

export const readModelSource = (models: LedgerReadModels): LedgerSource => ({
  directory: async () => createAccountDirectory(models.users, models.sharedAccounts, models.printers),
  forEachEntry: async (visit) => {
    for (const entry of models.transactions.entries()) if (visit(entry) === false) return;
  },
});
