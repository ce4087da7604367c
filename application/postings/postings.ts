import { createHash, Hash } from 'node:crypto';
import { LedgerEntry, ledgerEntriesOf } from '../../projections/transactions';
import { BalanceMismatch, createLedgerFold, statementAccountOf } from '../../projections/ledger/ledger-fold';
import { LogBound } from '../../projections/ledger/bounds';
import { Money, ZERO } from '../../domain/money';
import { EventStore, RecordedEvent } from '../../adapters/store/port';
import { forEachRecorded } from '../audit/log';
import { decodeOrThrow, decodeRecorded } from '../envelope';

/**
 * The postings read model: for every statement account (a user with all its personal and named
 * sub-accounts, a shared account, a system account) the ledger entries that moved it, in log order,
 * each with the statement account's balance after it. A statement of one account folds only these
 * entries and comes out identical to the fold of the whole log, because the period fold's figures
 * for an account depend on its own entries alone; a balance as of a cut is the balance after the
 * account's last entry before it, and a period's reconciliation reads the balances at its two cuts
 * and the entries between them.
 *
 * It also keeps what a cut through the log needs without reading the log: every event's position
 * and time, where the running maximum of the recorded times grows (a cut by time is a prefix of the
 * log: it lies before the first event recorded at or after the instant, even if a later one was
 * recorded earlier), and the transfers whose recorded balance does not follow from the amounts.
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
  /** Every posting held, by account then log order: what verify compares. */
  readonly all: () => Iterable<PostingRow>;
  /** The index's other facts as text lines in a fixed order: what verify compares besides the rows. */
  readonly facts: () => Iterable<string>;
  /**
   * The position of the first event (`events`) or the first ledger entry (`entries`) recorded at or
   * after the instant, past every later-recorded one before it; NO_CUT when there is none.
   */
  readonly firstRecordedAtOrAfter: (over: CutScope, epochMs: number) => number;
  /** Every statement account with an entry before the position, with its balance after the last one. */
  readonly balancesBefore: (position: number) => ReadonlyMap<string, Money>;
  /** One statement account's balance after its last entry before the position (zero if none). */
  readonly balanceBefore: (statementAccount: string, position: number) => Money;
  /** The entries at positions from `from` (included) to `to` (excluded), in log order, each once. */
  readonly entriesBetween: (from: number, to: number) => Iterable<LedgerEntry>;
  /** How many transfers before the position record a balance the amounts do not give, and the first `keep`. */
  readonly mismatchesBefore: (
    position: number,
    keep: number,
  ) => { readonly count: number; readonly first: readonly BalanceMismatch[] };
  /** The last event before the position: where a replay up to that cut stops. */
  readonly lastEventBefore: (position: number) => LogPoint | null;
  readonly close: () => void;
}

export interface PostingRow {
  readonly account: string;
  readonly entry: LedgerEntry;
  /** The statement account's balance once this entry applied. */
  readonly balanceAfter: Money;
}

export interface LogPoint {
  readonly position: number;
  readonly recordedAt: string;
}

/** Which events a cut by time is taken over: replay cuts all of them, reports only the ledger entries. */
export type CutScope = 'events' | 'entries';

/** A cut past every position. */
export const NO_CUT = Number.MAX_SAFE_INTEGER;

/**
 * The first position at or after a bound, as createBoundTracker draws it over the events or
 * entries of the scope: everything before it lies before the bound.
 */
export const cutOf = (index: PostingsIndex, bound: LogBound, over: CutScope): number => {
  switch (bound.kind) {
    case 'start':
      return 0;
    case 'end':
      return NO_CUT;
    case 'position':
      return bound.position + 1;
    case 'time':
      return index.firstRecordedAtOrAfter(over, bound.epochMs);
  }
};

/**
 * An event's time as the bound tracker compares it, in milliseconds; a time that does not parse lies
 * at or after every bound, as the tracker has it (NaN is never before).
 */
export const instantOf = (recordedAt: string): number => {
  const epochMs = Date.parse(recordedAt);
  return Number.isFinite(epochMs) ? epochMs : NO_CUT;
};

/** The running maximum of the recorded times: a new value when this event raises it, else undefined. */
export const createClock = (latest: number) => {
  let max = latest;
  return (recordedAt: string): number | undefined => {
    const instant = instantOf(recordedAt);
    if (instant <= max) return undefined;
    max = instant;
    return instant;
  };
};

/**
 * What the index stores for each entry, folded as the period fold does (double entry with the
 * customer side's recorded balance): the rows with their statement balances, and the mismatch if
 * the recorded balance does not follow from the amounts. `resumeFrom` is the balances a fold of an
 * earlier prefix left.
 */
export const createPostingBook = (resumeFrom?: {
  readonly ledger: ReadonlyMap<string, Money>;
  readonly statement: ReadonlyMap<string, Money>;
}) => {
  const ledger = createLedgerFold(resumeFrom?.ledger);
  const statement = new Map(resumeFrom?.statement ?? []);
  const moved = new Set<string>();
  const track = (ledgerKey: string, change: Money): void => {
    const account = statementAccountOf(ledgerKey);
    statement.set(account, (statement.get(account) ?? ZERO) + change);
  };
  return {
    book: (entry: LedgerEntry) => {
      const booked = ledger.book(entry);
      moved.add(entry.account);
      moved.add(entry.counterAccount);
      track(entry.account, entry.balanceAfter - booked.customerBefore);
      track(entry.counterAccount, -entry.amount);
      const rows = postingAccountsOf(entry).map((account) => ({
        account,
        entry,
        balanceAfter: statement.get(account) ?? ZERO,
      }));
      const mismatch: BalanceMismatch | undefined =
        booked.expectedAfter === undefined
          ? undefined
          : { entry, balanceBefore: booked.customerBefore, expectedAfter: booked.expectedAfter };
      return { rows, mismatch };
    },
    balances: () => ({ ledger: ledger.balances(), statement: statement as ReadonlyMap<string, Money> }),
    /** The ledger and statement balances moved since the last call, to store beside the rows. */
    takeMoved: () => {
      const ledgerMoved = [...moved].map((account) => [account, ledger.balanceOf(account)] as const);
      const statementMoved = [...new Set([...moved].map(statementAccountOf))].map(
        (account) => [account, statement.get(account) ?? ZERO] as const,
      );
      moved.clear();
      return { ledger: ledgerMoved, statement: statementMoved };
    },
  };
};

/** Text lines of the facts verify compares, written alike by every index. */
export const factLines = {
  event: (point: LogPoint) => `event ${point.position} ${point.recordedAt}`,
  clock: (over: CutScope, epochMs: number, position: number) => `clock ${over} ${epochMs} ${position}`,
  mismatch: (mismatch: BalanceMismatch) =>
    `mismatch ${mismatch.entry.position} ${mismatch.entry.transferId} ${mismatch.balanceBefore} ${mismatch.expectedAfter}`,
  balance: (kind: 'ledger' | 'statement', account: string, balance: Money) => `${kind} ${account} ${balance}`,
};

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

/** The first index whose item is at or past the point, for items in order (a monotone predicate). */
const firstIndexAtOrAfter = <T>(items: readonly T[], isAtOrAfter: (item: T) => boolean): number => {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isAtOrAfter(items[middle] as T)) high = middle;
    else low = middle + 1;
  }
  return low;
};

export const createMemoryPostingsIndex = (): PostingsIndex => {
  const byAccount = new Map<string, PostingRow[]>();
  const entries: LedgerEntry[] = [];
  const named: RecordedEvent[] = [];
  const events: LogPoint[] = [];
  const clocks: Record<CutScope, { epochMs: number; position: number }[]> = { events: [], entries: [] };
  const ticks = { events: createClock(-Infinity), entries: createClock(-Infinity) };
  const mismatches: BalanceMismatch[] = [];
  const book = createPostingBook();
  let position = 0;
  const before = <T>(items: readonly T[], at: number, positionOf: (item: T) => number): number =>
    firstIndexAtOrAfter(items, (item) => positionOf(item) >= at);
  const rowsBefore = (rows: readonly PostingRow[], at: number) =>
    before(rows, at, (row) => row.entry.position);
  return {
    position: () => position,
    nameEvents: () => named,
    add: (recorded, added) => {
      const at = recorded.position;
      if (added.length === 0) named.push(recorded);
      events.push({ position: at, recordedAt: recorded.recordedAt });
      const raised = ticks.events(recorded.recordedAt);
      if (raised !== undefined) clocks.events.push({ epochMs: raised, position: at });
      for (const entry of added) {
        const reached = ticks.entries(entry.recordedAt);
        if (reached !== undefined) clocks.entries.push({ epochMs: reached, position: at });
        entries.push(entry);
        const { rows, mismatch } = book.book(entry);
        if (mismatch !== undefined) mismatches.push(mismatch);
        for (const row of rows) {
          const list = byAccount.get(row.account);
          if (list === undefined) byAccount.set(row.account, [row]);
          else list.push(row);
        }
      }
      book.takeMoved();
      position = at;
    },
    flush: () => undefined,
    entriesOf: function* (account) {
      for (const row of byAccount.get(account) ?? []) yield row.entry;
    },
    all: function* () {
      for (const account of [...byAccount.keys()].sort()) yield* byAccount.get(account) ?? [];
    },
    facts: function* () {
      for (const point of events) yield factLines.event(point);
      for (const over of ['events', 'entries'] as const)
        for (const tick of clocks[over]) yield factLines.clock(over, tick.epochMs, tick.position);
      for (const mismatch of mismatches) yield factLines.mismatch(mismatch);
      const { ledger, statement } = book.balances();
      for (const account of [...ledger.keys()].sort())
        yield factLines.balance('ledger', account, ledger.get(account) ?? ZERO);
      for (const account of [...statement.keys()].sort())
        yield factLines.balance('statement', account, statement.get(account) ?? ZERO);
    },
    firstRecordedAtOrAfter: (over, epochMs) =>
      clocks[over][firstIndexAtOrAfter(clocks[over], (tick) => tick.epochMs >= epochMs)]?.position ?? NO_CUT,
    balancesBefore: (at) => {
      const balances = new Map<string, Money>();
      for (const [account, rows] of byAccount) {
        const last = rows[rowsBefore(rows, at) - 1];
        if (last !== undefined) balances.set(account, last.balanceAfter);
      }
      return balances;
    },
    balanceBefore: (account, at) => {
      const rows = byAccount.get(account) ?? [];
      return rows[rowsBefore(rows, at) - 1]?.balanceAfter ?? ZERO;
    },
    entriesBetween: (from, to) =>
      entries.slice(
        before(entries, from, (entry) => entry.position),
        before(entries, to, (entry) => entry.position),
      ),
    mismatchesBefore: (at, keep) => {
      const count = before(mismatches, at, (mismatch) => mismatch.entry.position);
      return { count, first: mismatches.slice(0, Math.min(count, keep)) };
    },
    lastEventBefore: (at) => events[before(events, at, (point) => point.position) - 1] ?? null,
    close: () => undefined,
  };
};

/** The postings the log gives, fed event by event, against those an index holds. */
export interface PostingsComparison {
  /** Every readable event in log order, with its entries (null when it does not decode). */
  readonly observe: (recorded: RecordedEvent, entries: readonly LedgerEntry[] | null) => void;
  /** Null when the index equals the log's postings (caught up afterwards), else what differs first. */
  readonly finish: (store: EventStore) => Promise<string | null>;
}

const digestOf = (): Hash => createHash('sha256');

/** One posting row as verify digests it: the statement account, its balance after, the entry. */
const postingRowText = (row: PostingRow): string =>
  `${row.account}\t${row.balanceAfter}\t${encodeEntry(row.entry)}\n`;

/** The kinds of facts, each digested apart: a fresh fold emits them interleaved, an index kind by kind. */
const FACT_KINDS = ['event', 'clock events', 'clock entries', 'mismatch', 'ledger', 'statement'] as const;
type FactKind = (typeof FACT_KINDS)[number];
const kindOfFact = (line: string): FactKind =>
  FACT_KINDS.find((kind) => line.startsWith(`${kind} `)) ?? 'event';

interface Digests {
  readonly accounts: ReadonlyMap<string, string>;
  readonly facts: ReadonlyMap<FactKind, string>;
  readonly names: string;
}

const differs = (fresh: Digests, held: Digests): boolean =>
  fresh.names !== held.names ||
  FACT_KINDS.some((kind) => fresh.facts.get(kind) !== held.facts.get(kind)) ||
  fresh.accounts.size !== held.accounts.size ||
  [...fresh.accounts].some(([account, hex]) => held.accounts.get(account) !== hex);

/** What an index holds, digested in one ordered read of each of its parts. */
const digestsOfIndex = (index: PostingsIndex): Digests => {
  const accounts = new Map<string, string>();
  let account: string | null = null;
  let digest = digestOf();
  for (const row of index.all()) {
    if (row.account !== account) {
      if (account !== null) accounts.set(account, digest.digest('hex'));
      account = row.account;
      digest = digestOf();
    }
    digest.update(postingRowText(row));
  }
  if (account !== null) accounts.set(account, digest.digest('hex'));
  const facts = new Map(FACT_KINDS.map((kind) => [kind, digestOf()] as const));
  // Balances (one line per account) are digested in JavaScript's order: SQLite sorts by bytes.
  const balanceLines: string[] = [];
  for (const line of index.facts()) {
    const kind = kindOfFact(line);
    if (kind === 'ledger' || kind === 'statement') balanceLines.push(line);
    else facts.get(kind)?.update(`${line}\n`);
  }
  for (const line of balanceLines.sort()) facts.get(kindOfFact(line))?.update(`${line}\n`);
  const names = digestOf();
  for (const recorded of index.nameEvents()) names.update(`${JSON.stringify(recorded)}\n`);
  return {
    accounts,
    facts: new Map([...facts].map(([kind, hash]) => [kind, hash.digest('hex')])),
    names: names.digest('hex'),
  };
};

/**
 * The same fold as createMemoryPostingsIndex, keeping a digest per statement account and per kind of
 * fact instead of the rows: state per account, none per event, so verify's memory does not grow
 * with the log.
 */
const createDigestingFold = () => {
  const book = createPostingBook();
  const ticks = { events: createClock(-Infinity), entries: createClock(-Infinity) };
  const accounts = new Map<string, Hash>();
  const facts = new Map(FACT_KINDS.map((kind) => [kind, digestOf()] as const));
  const names = digestOf();
  const fact = (kind: FactKind, line: string): void => void facts.get(kind)?.update(`${line}\n`);
  return {
    add: (recorded: RecordedEvent, added: readonly LedgerEntry[]): void => {
      const at = recorded.position;
      if (added.length === 0) names.update(`${JSON.stringify(recorded)}\n`);
      fact('event', factLines.event({ position: at, recordedAt: recorded.recordedAt }));
      const raised = ticks.events(recorded.recordedAt);
      if (raised !== undefined) fact('clock events', factLines.clock('events', raised, at));
      for (const entry of added) {
        const reached = ticks.entries(entry.recordedAt);
        if (reached !== undefined) fact('clock entries', factLines.clock('entries', reached, at));
        const { rows, mismatch } = book.book(entry);
        if (mismatch !== undefined) fact('mismatch', factLines.mismatch(mismatch));
        for (const row of rows) {
          let digest = accounts.get(row.account);
          if (digest === undefined) accounts.set(row.account, (digest = digestOf()));
          digest.update(postingRowText(row));
        }
      }
      book.takeMoved();
    },
    digests: (): Digests => {
      const { ledger, statement } = book.balances();
      const balanceLines = [
        ...[...ledger].map(([account, balance]) => factLines.balance('ledger', account, balance)),
        ...[...statement].map(([account, balance]) => factLines.balance('statement', account, balance)),
      ];
      for (const line of balanceLines.sort()) fact(kindOfFact(line), line);
      return {
        accounts: new Map([...accounts].map(([account, hash]) => [account, hash.digest('hex')])),
        facts: new Map([...facts].map(([kind, hash]) => [kind, hash.digest('hex')])),
        names: names.digest('hex'),
      };
    },
  };
};

/**
 * Compares the index with the log in bounded memory: the log's postings up to the index's own
 * position are folded as verify's pass goes by into digests (per statement account and per kind of
 * fact), the index's parts are digested in one ordered read each, and only when they differ is the
 * log folded again in full, to name the first difference. Lagging is allowed (the index is then
 * caught up from the log), leading is not.
 */
export const createPostingsComparison = (index: PostingsIndex): PostingsComparison => {
  const upTo = index.position();
  const fold = createDigestingFold();
  let lastPosition = 0;
  let undecodable: number | null = null;
  return {
    observe: (recorded, entries) => {
      lastPosition = recorded.position;
      if (recorded.position > upTo) return;
      if (entries === null) undecodable ??= recorded.position;
      else fold.add(recorded, entries);
    },
    finish: async (store) => {
      if (upTo > lastPosition)
        return `postings index at position ${upTo} is ahead of the log (${lastPosition})`;
      if (undecodable !== null)
        return `the event at position ${undecodable} does not decode, so the log's postings cannot be computed`;
      if (differs(fold.digests(), digestsOfIndex(index)))
        return (
          (await firstDifference(store, index)) ??
          'the postings index differs from the log (their digests differ, yet no row or fact does)'
        );
      await catchUpPostings(store, index);
      if (index.position() < lastPosition)
        return `postings index at position ${index.position()}, log at ${lastPosition}`;
      return null;
    },
  };
};

/** The comparison in a pass of its own (tests, and callers without verify's pass). */
export const comparePostings = async (store: EventStore, index: PostingsIndex): Promise<string | null> => {
  const comparison = createPostingsComparison(index);
  await forEachRecorded(store, (recorded) => {
    const decoded = decodeRecorded(recorded);
    comparison.observe(recorded, decoded._tag === 'Left' ? null : ledgerEntriesOf(decoded.right));
  });
  return comparison.finish(store);
};

/**
 * The first row or fact that differs, from a fresh index of the whole log held in memory: run only
 * once the digests found a difference, so a sound index never costs that memory.
 */
const firstDifference = async (store: EventStore, index: PostingsIndex): Promise<string | null> => {
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
    if (postingRowText(want.value) !== postingRowText(held))
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
  const expectedFacts = fresh.facts()[Symbol.iterator]();
  for (const held of index.facts()) {
    const want = expectedFacts.next();
    if (want.done === true || want.value !== held)
      return `the postings index's ${held.slice(0, held.indexOf(' '))} facts differ from the log's (first: ${held})`;
  }
  const lacking = expectedFacts.next();
  if (lacking.done !== true) return `the postings index lacks a fact the log gives: ${lacking.value}`;
  return null;
};

/** The entry's only bigints; a comment that merely looks like a number stays text. */
const MONEY_FIELDS: ReadonlySet<string> = new Set(['amount', 'balanceAfter']);

/**
 * JSON with the amounts as decimal strings (bigint has no JSON form). The spread keeps every key in
 * its place, so this is the text a replacer turning bigints into strings gives, without a call per
 * key (verify encodes every posting of the log).
 */
export const encodeEntry = (entry: LedgerEntry): string =>
  JSON.stringify({ ...entry, amount: `${entry.amount}`, balanceAfter: `${entry.balanceAfter}` });

export const decodeEntry = (text: string): LedgerEntry =>
  JSON.parse(text, (key, value: unknown) =>
    MONEY_FIELDS.has(key) && typeof value === 'string' ? BigInt(value) : value,
  ) as LedgerEntry;
