import { EventEnvelope } from '../domain/envelope';
import { Posting, postingsOf } from '../domain/ledger/postings';
import { Money, ZERO } from '../domain/money';
import { decodeEntries, encodeEntries, TransactionsSnapshot } from './transactions-snapshot';
import { ReadModel } from './read-model';

/** A posting with the facts of its recording: one line of the transaction log. */
export interface LedgerEntry extends Posting {
  readonly position: number;
  readonly recordedAt: string;
  readonly eventId: string;
  readonly actor: string;
  readonly method: string;
}

/**
 * The transfers an event books, with the facts of its recording. Each entry is one object literal
 * of one shape (a profile showed adding the facts to postingsOf's objects, property by property,
 * costing more than building a second object).
 */
export const ledgerEntriesOf = (envelope: EventEnvelope): readonly LedgerEntry[] => {
  const postings = postingsOf(envelope.event);
  if (postings.length === 0) return NO_ENTRIES;
  return postings.map((posting) => {
    const entry: { -readonly [K in keyof LedgerEntry]: LedgerEntry[K] } = {
      transferId: posting.transferId,
      account: posting.account,
      counterAccount: posting.counterAccount,
      amount: posting.amount,
      balanceAfter: posting.balanceAfter,
      cause: posting.cause,
      comment: posting.comment,
      position: envelope.position,
      recordedAt: envelope.recordedAt,
      eventId: envelope.eventId,
      actor: envelope.metadata.actor,
      method: envelope.metadata.method,
    };
    if (posting.operationId !== undefined) entry.operationId = posting.operationId;
    if (posting.correctsTransferId !== undefined) entry.correctsTransferId = posting.correctsTransferId;
    return entry;
  });
};
const NO_ENTRIES: readonly LedgerEntry[] = [];

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
    /**
     * Every entry as one row of plain JSON values, the text fields that repeat (accounts, causes,
     * actors, methods, comments) as indexes into a table of strings: a third of the size of the
     * entries as objects, and parsed without a reviver. Canonical: rows in log order, strings in order
     * of first use. Balances and indexes are derived from the entries at restore.
     */
    snapshot: (): TransactionsSnapshot => encodeEntries(entries, entries.length),
    restore: (snapshot: unknown): void => {
      entries = [];
      balances.clear();
      entriesByAccount.clear();
      entryByTransferId.clear();
      correctionByTransferId.clear();
      decodeEntries(snapshot, book);
    },
  } satisfies ReadModel & Record<string, unknown>;
};

export type TransactionsReadModel = ReturnType<typeof createTransactionsReadModel>;
