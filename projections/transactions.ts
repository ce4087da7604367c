import { EventEnvelope } from '../domain/envelope';
import { Posting, postingsOf } from '../domain/ledger/postings';
import { Money, ZERO } from '../domain/money';
import {
  createRowReader,
  decodeBalances,
  decodeRow,
  createRowEncoder,
  SnapshotHead,
} from './transactions-snapshot';
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

/** Rows of a snapshot folded per call of `loadSome` while the server already answers. */
export const ROWS_PER_LOAD_STEP = 20_000;

/**
 * The transaction log: every transfer with its cause, and the balance of every ledger account —
 * customer accounts and system accounts alike. Their sum is the trial balance, zero at every position.
 *
 * Restored from a snapshot, the balances are there at once and the entries are folded afterwards, a
 * page at a time (`loadSome`), so that a start need not wait for a million of them. Until then every
 * query that reads entries first folds all that are left: nothing is ever answered from part of the
 * log. Entries of events folded meanwhile wait behind the snapshot's, so the order stays the log's.
 */
export const createTransactionsReadModel = ({
  retainEntries = true,
}: { readonly retainEntries?: boolean } = {}) => {
  let entries: LedgerEntry[] = [];
  let balances = new Map<string, Money>();
  const entriesByAccount = new Map<string, number[]>();
  const entryByTransferId = new Map<string, number>();
  const correctionByTransferId = new Map<string, number>();
  /** The snapshot's rows not folded yet, and the entries booked since, which come after them. */
  let backlog: {
    strings: readonly string[];
    text: string;
    rows: ReturnType<typeof createRowReader>;
  } | null = null;
  const encoder = createRowEncoder();
  let waiting: LedgerEntry[] = [];

  const addToIndex = (account: string, index: number): void => {
    const list = entriesByAccount.get(account);
    if (list === undefined) entriesByAccount.set(account, [index]);
    else list.push(index);
  };

  /**
   * The lookups by account and by transfer id are built on their first use and kept up to date
   * from then on: a rebuild or a start does not pay four map insertions per entry for lookups that
   * only corrections, statements and tests make.
   */
  let indexed = false;
  const indexEntry = (entry: LedgerEntry, at: number): void => {
    addToIndex(entry.account, at);
    addToIndex(entry.counterAccount, at);
    entryByTransferId.set(entry.transferId, at);
    if (entry.correctsTransferId !== undefined) correctionByTransferId.set(entry.correctsTransferId, at);
  };
  const index = (entry: LedgerEntry): void => {
    if (indexed) indexEntry(entry, entries.length);
    entries.push(entry);
  };
  const lookups = (): void => {
    loaded();
    if (indexed) return;
    entries.forEach(indexEntry);
    indexed = true;
  };

  const book = (entry: LedgerEntry): void => {
    balances.set(entry.account, entry.balanceAfter);
    balances.set(entry.counterAccount, (balances.get(entry.counterAccount) ?? ZERO) - entry.amount);
    if (!retainEntries) return;
    if (backlog === null) index(entry);
    else waiting.push(entry);
  };

  /** Folds up to `count` more rows of the snapshot; true once none is left. */
  const loadSome = (count: number): boolean => {
    if (backlog === null) return true;
    const rows = backlog.rows.take(count);
    for (const row of rows) index(decodeRow(backlog.strings, row));
    if (rows.length > 0) return false;
    encoder.adopt(backlog.strings, backlog.text, entries.length);
    backlog = null;
    for (const entry of waiting) index(entry);
    waiting = [];
    return true;
  };
  const loaded = (): void => {
    while (!loadSome(ROWS_PER_LOAD_STEP));
  };

  const at = (position: number | undefined): LedgerEntry | undefined =>
    position === undefined ? undefined : entries[position];

  const clear = (): void => {
    entries = [];
    balances = new Map();
    entriesByAccount.clear();
    entryByTransferId.clear();
    correctionByTransferId.clear();
    indexed = false;
    encoder.clear();
    backlog = null;
    waiting = [];
  };

  return {
    name: 'transactions',
    apply: (envelope: EventEnvelope): void => {
      for (const entry of ledgerEntriesOf(envelope)) book(entry);
    },
    entries: (): readonly LedgerEntry[] => {
      loaded();
      return entries;
    },
    entriesOf: (account: string): readonly LedgerEntry[] => {
      lookups();
      return (entriesByAccount.get(account) ?? []).map((position) => entries[position] as LedgerEntry);
    },
    byTransferId: (transferId: string): LedgerEntry | undefined => {
      lookups();
      return at(entryByTransferId.get(transferId));
    },
    /** The entry that corrects `transferId`, if it was corrected. */
    correctionOf: (transferId: string): LedgerEntry | undefined => {
      lookups();
      return at(correctionByTransferId.get(transferId));
    },
    balanceOf: (account: string): Money => balances.get(account) ?? ZERO,
    balances: (): ReadonlyMap<string, Money> => balances,
    /** Sum of every ledger account's balance; anything but zero is a defect. */
    trialBalance: (): Money => {
      let total = ZERO;
      for (const balance of balances.values()) total += balance;
      return total;
    },
    loadSome,
    /** Whether every entry is folded (false only for a while after a restore). */
    isLoaded: (): boolean => backlog === null,
    /** This model's part of the snapshot text, as transactions-snapshot.ts lays it out. */
    encode: (): string => {
      if (!retainEntries) throw new Error('a transaction log that keeps no entries has no snapshot');
      loaded();
      return encoder.encode(entries, balances);
    },
    /** Restores from the part `encode` wrote: the head now, the rows (the text between) later. */
    decode: (head: unknown, rows: string): void => {
      clear();
      balances = decodeBalances(head as Partial<SnapshotHead>);
      const strings = (head as SnapshotHead).strings;
      backlog = { strings, text: rows, rows: createRowReader(rows) };
    },
    snapshot: (): unknown => {
      throw new Error('the transaction log is encoded as text: see encode');
    },
    restore: (): void => {
      throw new Error('the transaction log is decoded from text: see decode');
    },
  } satisfies ReadModel & Record<string, unknown>;
};

export type TransactionsReadModel = ReturnType<typeof createTransactionsReadModel>;
