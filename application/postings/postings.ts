import { LedgerEntry, ledgerEntriesOf } from '../../projections/transactions';
import { statementAccountOf } from '../../projections/ledger/ledger-fold';
import { EventStore, RecordedEvent } from '../../adapters/store/port';
import { forEachRecorded } from '../audit/log';
import { decodeOrThrow } from '../envelope';

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
  /** Every (statement account, entry) held, by account then log order: what verify compares. */
  readonly all: () => Iterable<{ readonly account: string; readonly entry: LedgerEntry }>;
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
    close: () => undefined,
  };
};

/**
 * A comparison verify calls: the index, caught up first (lagging is allowed, leading is not), against
 * a fresh fold of the log; null when they agree, else what differs first.
 */
export const comparePostings = async (store: EventStore, index: PostingsIndex): Promise<string | null> => {
  const fresh = createMemoryPostingsIndex();
  await catchUpPostings(store, fresh);
  if (index.position() > fresh.position())
    return `postings index at position ${index.position()} is ahead of the log (${fresh.position()})`;
  await catchUpPostings(store, index);
  if (index.position() !== fresh.position())
    return `postings index at position ${index.position()}, log at ${fresh.position()}`;
  const expected = fresh.all()[Symbol.iterator]();
  for (const held of index.all()) {
    const want = expected.next();
    if (want.done === true)
      return `postings index holds an extra row for ${held.account} at ${held.entry.position}`;
    if (want.value.account !== held.account || encodeEntry(want.value.entry) !== encodeEntry(held.entry))
      return `postings row for ${want.value.account} at position ${want.value.entry.position} differs from the log`;
  }
  const expectedNames = [...fresh.nameEvents()].map((recorded) => JSON.stringify(recorded));
  const heldNames = [...index.nameEvents()].map((recorded) => JSON.stringify(recorded));
  const firstOther = expectedNames.findIndex((text, at) => heldNames[at] !== text);
  if (firstOther >= 0 || heldNames.length !== expectedNames.length)
    return `the postings index's account-naming events differ from the log's`;
  const missing = expected.next();
  if (missing.done !== true)
    return `postings index lacks the row for ${missing.value.account} at ${missing.value.entry.position}`;
  return null;
};

/** The entry's only bigints; a comment that merely looks like a number stays text. */
const MONEY_FIELDS: ReadonlySet<string> = new Set(['amount', 'balanceAfter']);

/** JSON with the amounts as decimal strings (bigint has no JSON form). */
export const encodeEntry = (entry: LedgerEntry): string =>
  JSON.stringify(entry, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}` : value));

export const decodeEntry = (text: string): LedgerEntry =>
  JSON.parse(text, (key, value: unknown) =>
    MONEY_FIELDS.has(key) && typeof value === 'string' ? BigInt(value) : value,
  ) as LedgerEntry;
