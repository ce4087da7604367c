import Database from 'better-sqlite3';
import { Money, ZERO } from '../../domain/money';
import { BalanceMismatch } from '../../projections/ledger/ledger-fold';
import { LedgerEntry } from '../../projections/transactions';
import { RecordedEvent } from './port';
import {
  createClock,
  createPostingBook,
  CutScope,
  decodeEntry,
  encodeEntry,
  factLines,
  NO_CUT,
  PostingsIndex,
} from '../../application/postings/postings';

/** The side database beside the event store; deleting it is safe: it is rebuilt from the log. */
export const POSTINGS_FILE = 'postings.sqlite';

const LAYOUT_VERSION = 4;

const TABLES = [
  'postings',
  'postings_head',
  'name_events',
  'events',
  'clock',
  'mismatches',
  'ledger_balances',
  'statement_balances',
];

/**
 * The postings index in its own SQLite file, written by whoever reads it (the audit commands) and
 * never by the store's writer: the log's commit path pays nothing for it, and the index only lags.
 * Rows are keyed by (account, position, seq): one account's entries are one range of the key, and
 * its balance at a cut is the row just before it. The customer side's row (side 0) of every entry is
 * also indexed in log order: a period's entries, each once. `events` and `clock`
 * place a cut by time; `ledger_balances` and `statement_balances` are the fold's balances at the
 * head, from which the next catch-up resumes (and the list of statement accounts).
 */
export const openSqlitePostingsIndex = (path: string): PostingsIndex => {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // A file of another layout is dropped and rebuilt from the log: it is only ever derived from it.
  if (db.pragma('user_version', { simple: true }) !== LAYOUT_VERSION) {
    db.exec(TABLES.map((table) => `DROP TABLE IF EXISTS ${table};`).join(' '));
    db.pragma(`user_version = ${LAYOUT_VERSION}`);
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS postings (
      account TEXT NOT NULL, position INTEGER NOT NULL, seq INTEGER NOT NULL,
      recorded_at TEXT NOT NULL, transfer_id TEXT NOT NULL, amount INTEGER NOT NULL,
      balance_after INTEGER NOT NULL, side INTEGER NOT NULL, entry TEXT NOT NULL,
      PRIMARY KEY (account, position, seq)) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS postings_in_log_order ON postings (position, seq) WHERE side = 0;
    CREATE TABLE IF NOT EXISTS name_events (position INTEGER PRIMARY KEY, recorded TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS events (position INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS clock (
      scope TEXT NOT NULL, epoch_ms INTEGER NOT NULL, position INTEGER NOT NULL,
      PRIMARY KEY (scope, epoch_ms)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS mismatches (
      position INTEGER NOT NULL, seq INTEGER NOT NULL, balance_before INTEGER NOT NULL,
      expected_after INTEGER NOT NULL, entry TEXT NOT NULL, PRIMARY KEY (position, seq)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS ledger_balances (account TEXT PRIMARY KEY, balance INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS statement_balances (account TEXT PRIMARY KEY, balance INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS postings_head (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL);
    INSERT OR IGNORE INTO postings_head (id, position) VALUES (1, 0);
  `);
  db.defaultSafeIntegers(true);
  const insert = db.prepare(
    'INSERT INTO postings (account, position, seq, recorded_at, transfer_id, amount, balance_after, side, entry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertNamed = db.prepare('INSERT INTO name_events (position, recorded) VALUES (?, ?)');
  const insertEvent = db.prepare('INSERT INTO events (position, recorded_at) VALUES (?, ?)');
  const insertTick = db.prepare('INSERT INTO clock (scope, epoch_ms, position) VALUES (?, ?, ?)');
  const insertMismatch = db.prepare(
    'INSERT INTO mismatches (position, seq, balance_before, expected_after, entry) VALUES (?, ?, ?, ?, ?)',
  );
  const putLedger = db.prepare('INSERT OR REPLACE INTO ledger_balances (account, balance) VALUES (?, ?)');
  const putStatement = db.prepare(
    'INSERT OR REPLACE INTO statement_balances (account, balance) VALUES (?, ?)',
  );
  const named = db.prepare('SELECT recorded FROM name_events ORDER BY position');
  const setHead = db.prepare('UPDATE postings_head SET position = ? WHERE id = 1');
  const byAccount = db.prepare('SELECT entry FROM postings WHERE account = ? ORDER BY position, seq');
  const everything = db.prepare(
    'SELECT account, balance_after, entry FROM postings ORDER BY account, position, seq',
  );
  const firstTick = db.prepare(
    'SELECT position FROM clock WHERE scope = ? AND epoch_ms >= ? ORDER BY epoch_ms LIMIT 1',
  );
  const ticks = db.prepare('SELECT epoch_ms, position FROM clock WHERE scope = ? ORDER BY epoch_ms');
  const latestTick = db.prepare('SELECT MAX(epoch_ms) FROM clock WHERE scope = ?');
  const lastRowBefore = `SELECT balance_after FROM postings p WHERE p.account = s.account AND p.position < ?
    ORDER BY p.position DESC, p.seq DESC LIMIT 1`;
  const balancesAt = db.prepare(
    `SELECT account, (${lastRowBefore}) AS at_cut FROM statement_balances s WHERE at_cut IS NOT NULL`,
  );
  const balanceAt = db.prepare(`SELECT (${lastRowBefore}) FROM (SELECT ? AS account) s`);
  const between = db.prepare(
    'SELECT entry FROM postings WHERE side = 0 AND position >= ? AND position < ? ORDER BY position, seq',
  );
  const countMismatches = db.prepare('SELECT COUNT(*) FROM mismatches WHERE position < ?');
  const firstMismatches = db.prepare(
    'SELECT balance_before, expected_after, entry FROM mismatches WHERE position < ? ORDER BY position, seq LIMIT ?',
  );
  const eventBefore = db.prepare(
    'SELECT position, recorded_at FROM events WHERE position < ? ORDER BY position DESC LIMIT 1',
  );
  const allEvents = db.prepare('SELECT position, recorded_at FROM events ORDER BY position');
  const allLedger = db.prepare('SELECT account, balance FROM ledger_balances ORDER BY account');
  const allStatement = db.prepare('SELECT account, balance FROM statement_balances ORDER BY account');

  const balanceMap = (rows: Iterable<{ account: string; balance: bigint }>): Map<string, Money> =>
    new Map([...rows].map((row) => [row.account, row.balance]));
  const book = createPostingBook({
    ledger: balanceMap(allLedger.all() as { account: string; balance: bigint }[]),
    statement: balanceMap(allStatement.all() as { account: string; balance: bigint }[]),
  });
  const clockFrom = (scope: CutScope) => {
    const latest = latestTick.pluck().get(scope) as bigint | null;
    return createClock(latest === null ? -Infinity : Number(latest));
  };
  const clocks = { events: clockFrom('events'), entries: clockFrom('entries') };
  let position = Number(db.prepare('SELECT position FROM postings_head').pluck().get());
  let pending: { recorded: RecordedEvent; entries: readonly LedgerEntry[] }[] = [];

  const write = db.transaction((batch: typeof pending) => {
    for (const { recorded, entries } of batch) {
      const at = recorded.position;
      if (entries.length === 0) insertNamed.run(at, JSON.stringify(recorded));
      insertEvent.run(at, recorded.recordedAt);
      const raised = clocks.events(recorded.recordedAt);
      if (raised !== undefined) insertTick.run('events', raised, at);
      let seq = 0;
      for (const entry of entries) {
        const reached = clocks.entries(entry.recordedAt);
        if (reached !== undefined) insertTick.run('entries', reached, at);
        const encoded = encodeEntry(entry);
        const { rows, mismatch } = book.book(entry);
        rows.forEach((row, side) =>
          insert.run(
            row.account,
            at,
            seq,
            entry.recordedAt,
            entry.transferId,
            entry.amount,
            row.balanceAfter,
            side,
            encoded,
          ),
        );
        if (mismatch !== undefined)
          insertMismatch.run(at, seq, mismatch.balanceBefore, mismatch.expectedAfter, encoded);
        seq += 1;
      }
    }
    const moved = book.takeMoved();
    for (const [account, balance] of moved.ledger) putLedger.run(account, balance);
    for (const [account, balance] of moved.statement) putStatement.run(account, balance);
    const last = batch[batch.length - 1];
    if (last !== undefined) setHead.run(last.recorded.position);
  });

  const bound = (at: number): number => Math.min(at, NO_CUT);
  return {
    position: () => position,
    add: (recorded, entries) => {
      if (recorded.position <= position)
        throw new Error(`postings: position ${recorded.position} already folded (at ${position})`);
      pending.push({ recorded, entries });
      position = recorded.position;
    },
    nameEvents: function* () {
      for (const row of named.pluck().iterate() as Iterable<string>) yield JSON.parse(row) as RecordedEvent;
    },
    flush: () => {
      write(pending);
      pending = [];
    },
    entriesOf: function* (account) {
      for (const row of byAccount.pluck().iterate(account) as Iterable<string>) yield decodeEntry(row);
    },
    all: function* () {
      for (const row of everything.iterate() as Iterable<{
        account: string;
        balance_after: bigint;
        entry: string;
      }>)
        yield { account: row.account, balanceAfter: row.balance_after, entry: decodeEntry(row.entry) };
    },
    facts: function* () {
      for (const row of allEvents.iterate() as Iterable<{ position: bigint; recorded_at: string }>)
        yield factLines.event({ position: Number(row.position), recordedAt: row.recorded_at });
      for (const over of ['events', 'entries'] as const)
        for (const row of ticks.iterate(over) as Iterable<{ epoch_ms: bigint; position: bigint }>)
          yield factLines.clock(over, Number(row.epoch_ms), Number(row.position));
      for (const mismatch of mismatchRows(firstMismatches.iterate(NO_CUT, NO_CUT)))
        yield factLines.mismatch(mismatch);
      for (const row of allLedger.iterate() as Iterable<{ account: string; balance: bigint }>)
        yield factLines.balance('ledger', row.account, row.balance);
      for (const row of allStatement.iterate() as Iterable<{ account: string; balance: bigint }>)
        yield factLines.balance('statement', row.account, row.balance);
    },
    firstRecordedAtOrAfter: (over, epochMs) => {
      const found = firstTick.pluck().get(over, Math.min(epochMs, NO_CUT)) as bigint | undefined;
      return found === undefined ? NO_CUT : Number(found);
    },
    balancesBefore: (at) =>
      new Map(
        (balancesAt.all(bound(at)) as { account: string; at_cut: bigint }[]).map((row) => [
          row.account,
          row.at_cut,
        ]),
      ),
    balanceBefore: (account, at) => (balanceAt.pluck().get(bound(at), account) as bigint | null) ?? ZERO,
    entriesBetween: function* (from, to) {
      for (const row of between.pluck().iterate(bound(from), bound(to)) as Iterable<string>)
        yield decodeEntry(row);
    },
    mismatchesBefore: (at, keep) => ({
      count: Number(countMismatches.pluck().get(bound(at))),
      first: [...mismatchRows(firstMismatches.iterate(bound(at), keep))],
    }),
    lastEventBefore: (at) => {
      const row = eventBefore.get(bound(at)) as { position: bigint; recorded_at: string } | undefined;
      return row === undefined ? null : { position: Number(row.position), recordedAt: row.recorded_at };
    },
    close: () => db.close(),
  };
};

function* mismatchRows(rows: Iterable<unknown>): Iterable<BalanceMismatch> {
  for (const row of rows as Iterable<{ balance_before: bigint; expected_after: bigint; entry: string }>)
    yield {
      entry: decodeEntry(row.entry),
      balanceBefore: row.balance_before,
      expectedAfter: row.expected_after,
    };
}
