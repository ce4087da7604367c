import { createHash, Hash } from 'node:crypto';
import { LedgerEntry, ledgerEntriesOf } from '../../projections/transactions';
import { statementAccountOf } from '../../projections/ledger/ledger-fold';
import { EventStore, RecordedEvent } from '../../adapters/store/port';
import { forEachRecorded } from '../audit/log';
import { decodeOrThrow, decodeRecorded } from '../envelope';

/**
 * The postings read model: for every statement account (a user with all its personal and named
 * sub-accounts, a shared account, a system account) the ledger entries that moved it, in log order.
 * A statement of one account folds only these entries and comes out identical to the fold of the
 * whole log, because the period fold's figures for an account depend on its own entries alone.
 *
 * It is a projection: rebuilt from the log, it may lag the log (it catches up from its own position
 * before every read) and never leads it.
 */
export interface PostingsIndex {
  /** The last log position folded (0 when empty). */
  readonly position: () => number;
  /**
   * Folds the entries of events after position(), in log order, event by event; an event that moves
   * no money (it may name or rename an account) is kept whole, for the account directory.
   */
  readonly add: (recorded: RecordedEvent, entries: readonly LedgerEntry[]) => void;
  /** The kept events that move no money, in log order: what names the accounts. */
  readonly nameEvents: () => Iterable<RecordedEvent>;
  /** Makes everything added so far durable (a no-op in memory). */
  readonly flush: () => void;
  /** The entries that moved a statement account, in log order. */
  readonly entriesOf: (statementAccount: string) => Iterable<LedgerEntry>;
  /** Every (statement account, entry) held, by account then log order. */
  readonly all: () => Iterable<{ readonly account: string; readonly entry: LedgerEntry }>;
  /**
   * The same rows as postingRowText lays them out, from what is stored (nothing decoded): what
   * verify digests, account by account.
   */
  readonly rows: () => Iterable<{ readonly account: string; readonly text: string }>;
  readonly close: () => void;
}

/** The statement accounts an entry is listed under: both sides, once each. */
export const postingAccountsOf = (entry: LedgerEntry): readonly string[] => {
  const own = statementAccountOf(entry.account);
  const counter = statementAccountOf(entry.counterAccount);
  return own === counter ? [own] : [own, counter];
};

/** Brings the index up to the log's head, a batch at a time. */
export const catchUpPostings = async (store: EventStore, index: PostingsIndex): Promise<void> => {
  let sinceFlush = 0;
  await forEachRecorded(
    store,
    (recorded) => {
      index.add(recorded, ledgerEntriesOf(decodeOrThrow(recorded)));
      sinceFlush += 1;
      if (sinceFlush >= 10_000) {
        index.flush();
        sinceFlush = 0;
      }
    },
    { afterPosition: index.position() },
  );
  index.flush();
};

export const createMemoryPostingsIndex = (): PostingsIndex => {
  const byAccount = new Map<string, LedgerEntry[]>();
  const named: RecordedEvent[] = [];
  let position = 0;
  return {
    position: () => position,
    nameEvents: () => named,
    add: (recorded, entries) => {
      if (entries.length === 0) named.push(recorded);
      for (const entry of entries)
        for (const account of postingAccountsOf(entry)) {
          const list = byAccount.get(account);
          if (list === undefined) byAccount.set(account, [entry]);
          else list.push(entry);
        }
      position = recorded.position;
    },
    flush: () => undefined,
    entriesOf: (account) => byAccount.get(account) ?? [],
    all: function* () {
      for (const account of [...byAccount.keys()].sort())
        for (const entry of byAccount.get(account) ?? []) yield { account, entry };
    },
    rows: function* () {
      for (const account of [...byAccount.keys()].sort())
        for (const entry of byAccount.get(account) ?? []) yield { account, text: postingRowText(entry) };
    },
    close: () => undefined,
  };
};

/**
 * One stored posting as text: the columns the period queries select on (time, transfer, amounts)
 * and then the entry itself, so that a row whose index columns were edited apart from its entry
 * differs too.
 */
export const postingRowText = (entry: LedgerEntry): string =>
  `${entry.recordedAt}\t${entry.transferId}\t${entry.amount}\t${entry.balanceAfter}\t${encodeEntry(entry)}`;

/** The postings the log gives, fed event by event, against those an index holds. */
export interface PostingsComparison {
  /** Every readable event in log order, with its entries (null when it does not decode). */
  readonly observe: (recorded: RecordedEvent, entries: readonly LedgerEntry[] | null) => void;
  /** Null when the index equals the log's postings (caught up afterwards), else what differs first. */
  readonly finish: (store: EventStore) => Promise<string | null>;
}

interface AccountDigest {
  readonly hash: Hash;
  rows: number;
}

const digestOf = (): AccountDigest => ({ hash: createHash('sha256'), rows: 0 });

/**
 * Compares the index with the log in bounded memory: the postings of every event up to the index's
 * own position are digested account by account as the log goes by (state per account, none per
 * event), the index's rows are digested the same way in one ordered scan, and only when an account
 * differs are its own entries read again, to name the first row that differs. Lagging is allowed
 * (the index is caught up afterwards, from the log), leading is not.
 */
export const createPostingsComparison = (index: PostingsIndex): PostingsComparison => {
  const upTo = index.position();
  const fresh = new Map<string, AccountDigest>();
  const names = digestOf();
  let lastPosition = 0;
  let undecodable: number | null = null;

  const observe = (recorded: RecordedEvent, entries: readonly LedgerEntry[] | null): void => {
    lastPosition = recorded.position;
    if (recorded.position > upTo) return;
    if (entries === null) {
      undecodable ??= recorded.position;
      return;
    }
    if (entries.length === 0) {
      names.hash.update(`${JSON.stringify(recorded)}\n`);
      names.rows += 1;
    }
    for (const entry of entries) {
      const text = `${postingRowText(entry)}\n`;
      for (const account of postingAccountsOf(entry)) {
        let digest = fresh.get(account);
        if (digest === undefined) fresh.set(account, (digest = digestOf()));
        digest.hash.update(text);
        digest.rows += 1;
      }
    }
  };

  const heldDigests = (): Map<string, { readonly hex: string; readonly rows: number }> => {
    const held = new Map<string, { hex: string; rows: number }>();
    let account: string | null = null;
    let digest = digestOf();
    const close = (): void => {
      if (account !== null) held.set(account, { hex: digest.hash.digest('hex'), rows: digest.rows });
    };
    for (const row of index.rows()) {
      if (row.account !== account) {
        close();
        account = row.account;
        digest = digestOf();
      }
      digest.hash.update(`${row.text}\n`);
      digest.rows += 1;
    }
    close();
    return held;
  };

  /** The first row of one account that differs: its entries read again from the log, up to upTo. */
  const firstDifferenceOf = async (store: EventStore, account: string): Promise<string> => {
    const expected: LedgerEntry[] = [];
    await forEachRecorded(store, (recorded) => {
      if (recorded.position > upTo) return false;
      for (const entry of ledgerEntriesOf(decodeOrThrow(recorded)))
        if (postingAccountsOf(entry).includes(account)) expected.push(entry);
      return true;
    });
    let at = 0;
    for (const held of index.entriesOf(account)) {
      const want = expected[at];
      if (want === undefined) return `postings index holds an extra row for ${account} at ${held.position}`;
      if (postingRowText(want) !== postingRowText(held))
        return `postings row for ${account} at position ${want.position} differs from the log`;
      at += 1;
    }
    const missing = expected[at];
    return missing === undefined
      ? `postings row for ${account} differs from the log in a column the entry does not hold`
      : `postings index lacks the row for ${account} at ${missing.position}`;
  };

  const finish = async (store: EventStore): Promise<string | null> => {
    if (upTo > lastPosition)
      return `postings index at position ${upTo} is ahead of the log (${lastPosition})`;
    if (undecodable !== null)
      return `the event at position ${undecodable} does not decode, so the log's postings cannot be computed`;
    const held = heldDigests();
    const differing = [...new Set([...fresh.keys(), ...held.keys()])]
      .filter((account) => {
        const mine = fresh.get(account);
        const theirs = held.get(account);
        return (
          mine === undefined ||
          theirs === undefined ||
          mine.rows !== theirs.rows ||
          mine.hash.digest('hex') !== theirs.hex
        );
      })
      .sort();
    const first = differing[0];
    if (first !== undefined) return firstDifferenceOf(store, first);
    const heldNames = digestOf();
    for (const recorded of index.nameEvents()) {
      heldNames.hash.update(`${JSON.stringify(recorded)}\n`);
      heldNames.rows += 1;
    }
    if (heldNames.rows !== names.rows || heldNames.hash.digest('hex') !== names.hash.digest('hex'))
      return `the postings index's account-naming events differ from the log's`;
    await catchUpPostings(store, index);
    if (index.position() < lastPosition)
      return `postings index at position ${index.position()}, log at ${lastPosition}`;
    return null;
  };

  return { observe, finish };
};

/**
 * The comparison in a pass of its own: the index, caught up afterwards (lagging is allowed, leading
 * is not), against the log; null when they agree, else what differs first.
 */
export const comparePostings = async (store: EventStore, index: PostingsIndex): Promise<string | null> => {
  const comparison = createPostingsComparison(index);
  await forEachRecorded(store, (recorded) => {
    const decoded = decodeRecorded(recorded);
    comparison.observe(recorded, decoded._tag === 'Left' ? null : ledgerEntriesOf(decoded.right));
  });
  return comparison.finish(store);
};

/** The entry's only bigints; a comment that merely looks like a number stays text. */
const MONEY_FIELDS: ReadonlySet<string> = new Set(['amount', 'balanceAfter']);

/**
 * JSON with the amounts (the entry's only bigints) as decimal strings: bigint has no JSON form. A
 * spread keeps every key in its place, so this is the text a replacer turning bigints into strings
 * gives, without a call per key (verify encodes every posting of the log).
 */
export const encodeEntry = (entry: LedgerEntry): string =>
  JSON.stringify({ ...entry, amount: `${entry.amount}`, balanceAfter: `${entry.balanceAfter}` });

export const decodeEntry = (text: string): LedgerEntry =>
  JSON.parse(text, (key, value: unknown) =>
    MONEY_FIELDS.has(key) && typeof value === 'string' ? BigInt(value) : value,
  ) as LedgerEntry;
