import { EventEnvelope } from '../domain/envelope';
import { Posting, postingsOf } from '../domain/ledger/postings';
import { Money, ZERO } from '../domain/money';
import { ReadModel } from './read-model';

/** A posting with the facts of its recording: one line of the transaction log. */
export interface LedgerEntry extends Posting {
  readonly position: number;
  readonly recordedAt: string;
  readonly eventId: string;
  readonly actor: string;
  readonly method: string;
}

/** The transfers an event books, with the facts of its recording. */
export const ledgerEntriesOf = (envelope: EventEnvelope): readonly LedgerEntry[] =>
  postingsOf(envelope.event).map((posting) => ({
    ...posting,
    position: envelope.position,
    recordedAt: envelope.recordedAt,
    eventId: envelope.eventId,
    actor: envelope.metadata.actor,
    method: envelope.metadata.method,
  }));

/**
 * The transaction log: every transfer with its cause, and the balance of every ledger account —
 * customer accounts and system accounts alike. Their sum is the trial balance, zero at every position.
 */
export const createTransactionsReadModel = () => {
  let entries: LedgerEntry[] = [];
  const balances = new Map<string, Money>();
  const entriesByAccount = new Map<string, number[]>();
  const entryByTransferId = new Map<string, number>();
  const correctionByTransferId = new Map<string, number>();

  const addToIndex = (account: string, index: number): void => {
    const list = entriesByAccount.get(account) ?? [];
    list.push(index);
    entriesByAccount.set(account, list);
  };

  const book = (entry: LedgerEntry): void => {
    const index = entries.length;
    entries.push(entry);
    balances.set(entry.account, entry.balanceAfter);
    balances.set(entry.counterAccount, (balances.get(entry.counterAccount) ?? ZERO) - entry.amount);
    addToIndex(entry.account, index);
    addToIndex(entry.counterAccount, index);
    entryByTransferId.set(entry.transferId, index);
    if (entry.correctsTransferId !== undefined) correctionByTransferId.set(entry.correctsTransferId, index);
  };
  const at = (index: number | undefined): LedgerEntry | undefined =>
    index === undefined ? undefined : entries[index];

  return {
    name: 'transactions',
    apply: (envelope: EventEnvelope): void => {
      for (const entry of ledgerEntriesOf(envelope)) book(entry);
    },
    entries: (): readonly LedgerEntry[] => entries,
    entriesOf: (account: string): readonly LedgerEntry[] =>
      (entriesByAccount.get(account) ?? []).map((index) => entries[index] as LedgerEntry),
    byTransferId: (transferId: string): LedgerEntry | undefined => at(entryByTransferId.get(transferId)),
    /** The entry that corrects `transferId`, if it was corrected. */
    correctionOf: (transferId: string): LedgerEntry | undefined => at(correctionByTransferId.get(transferId)),
    balanceOf: (account: string): Money => balances.get(account) ?? ZERO,
    balances: (): ReadonlyMap<string, Money> => balances,
    /** Sum of every ledger account's balance; anything but zero is a defect. */
    trialBalance: (): Money => {
      let total = ZERO;
      for (const balance of balances.values()) total += balance;
      return total;
    },
    snapshot: () => entries,
    restore: (snapshot: unknown): void => {
      const restored = snapshot as LedgerEntry[];
      entries = [];
      balances.clear();
      entriesByAccount.clear();
      entryByTransferId.clear();
      correctionByTransferId.clear();
      for (const entry of restored) book(entry);
    },
  } satisfies ReadModel & Record<string, unknown>;
};

export type TransactionsReadModel = ReturnType<typeof createTransactionsReadModel>;
