import { ReadModels } from '../../../projections';
import { createSharedAccountsReadModel } from '../../../projections/shared-accounts';
import { LedgerEntry, ledgerEntriesOf } from '../../../projections/transactions';
import { createUsersReadModel } from '../../../projections/users';
import { EventStore } from '../../store/port';
import { forEachEnvelope, ProgressListener } from '../audit/log';
import { AccountDirectory, createAccountDirectory } from './directory';

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
}

export type PassListener = (pass: 'names' | 'ledger', position: number, headPosition: number) => void;

export const logSource = (store: EventStore, onProgress?: PassListener): LedgerSource => {
  let directory: AccountDirectory | null = null;

  const pass = async (label: 'names' | 'ledger', visit?: (entry: LedgerEntry) => boolean | void) => {
    let visiting = visit !== undefined;
    const users = createUsersReadModel();
    const sharedAccounts = createSharedAccountsReadModel();
    const progress: ProgressListener | undefined =
      onProgress === undefined ? undefined : (position, head) => onProgress(label, position, head);
    await forEachEnvelope(
      store,
      (envelope) => {
        const entries = ledgerEntriesOf(envelope);
        // A balance movement changes no name: the directory folds only the other events.
        if (entries.length === 0) {
          users.apply(envelope);
          sharedAccounts.apply(envelope);
        }
        // Names are folded to the end of the log even when the visitor is done: reports name accounts as they are now.
        if (visiting && visit !== undefined)
          for (const entry of entries) if (visit(entry) === false) visiting = false;
      },
      progress === undefined ? {} : { onProgress: progress },
    );
    directory = createAccountDirectory(users, sharedAccounts);
    return directory;
  };

  return {
    directory: async () => directory ?? pass('names'),
    forEachEntry: async (visit) => {
      await pass('ledger', visit);
    },
  };
};

export const readModelSource = (models: ReadModels): LedgerSource => ({
  directory: async () => createAccountDirectory(models.users, models.sharedAccounts),
  forEachEntry: async (visit) => {
    for (const entry of models.transactions.entries()) if (visit(entry) === false) return;
  },
});
