import { LedgerEntry, ledgerEntriesOf } from '../../projections/transactions';
import { statementAccountOf } from '../../projections/ledger/ledger-fold';
import { EventStore } from '../../adapters/store/port';
import { forEachEnvelope } from '../audit/log';

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
  /** Folds the entries of events after position(); entries must come in log order, event by event. */
  readonly add: (position: number, entries: readonly LedgerEntry[]) => void;
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
  await forEachEnvelope(
    store,
    (envelope) => {
      index.add(envelope.position, ledgerEntriesOf(envelope));
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
  let position = 0;
  return {
    position: () => position,
    add: (at, entries) => {
      for (const entry of entries)
        for (const account of postingAccountsOf(entry)) {
          const list = byAccount.get(account);
          if (list === undefined) byAccount.set(account, [entry]);
          else list.push(entry);
        }
      position = at;
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
