import Database from 'better-sqlite3';
import { LedgerEntry } from '../../projections/transactions';
import { RecordedEvent } from './port';
import {
  decodeEntry,
  encodeEntry,
  PostingsIndex,
  postingAccountsOf,
} from '../../application/postings/postings';

/** The side database beside the event store; deleting it is safe: it is rebuilt from the log. */
export const POSTINGS_FILE = 'postings.sqlite';

const LAYOUT_VERSION = 2;

/**
 * The postings index in its own SQLite file, written by whoever reads it (the audit commands) and
 * never by the store's writer: the log's commit path pays nothing for it, and the index only lags.
 * Rows are keyed by (account, position, seq) and indexed by (account, recorded_at) for periods.
 */
export const openSqlitePostingsIndex = (path: string): PostingsIndex => {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // A file of another layout is dropped and rebuilt from the log: it is only ever derived from it.
  if (db.pragma('user_version', { simple: true }) !== LAYOUT_VERSION) {
    db.exec(
      'DROP TABLE IF EXISTS postings; DROP TABLE IF EXISTS postings_head; DROP TABLE IF EXISTS name_events;',
    );
    db.pragma(`user_version = ${LAYOUT_VERSION}`);
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS postings (
      account TEXT NOT NULL, position INTEGER NOT NULL, seq INTEGER NOT NULL,
      recorded_at TEXT NOT NULL, transfer_id TEXT NOT NULL, amount INTEGER NOT NULL,
      balance_after INTEGER NOT NULL, entry TEXT NOT NULL,
      PRIMARY KEY (account, position, seq)) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS postings_by_time ON postings (account, recorded_at);
    CREATE TABLE IF NOT EXISTS name_events (position INTEGER PRIMARY KEY, recorded TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS postings_head (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL);
    INSERT OR IGNORE INTO postings_head (id, position) VALUES (1, 0);
  `);
  db.defaultSafeIntegers(true);
  const insert = db.prepare(
    'INSERT INTO postings (account, position, seq, recorded_at, transfer_id, amount, balance_after, entry) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertNamed = db.prepare('INSERT INTO name_events (position, recorded) VALUES (?, ?)');
  const named = db.prepare('SELECT recorded FROM name_events ORDER BY position');
  const setHead = db.prepare('UPDATE postings_head SET position = ? WHERE id = 1');
  const byAccount = db.prepare('SELECT entry FROM postings WHERE account = ? ORDER BY position, seq');
  const everything = db.prepare('SELECT account, entry FROM postings ORDER BY account, position, seq');
  const everyRow = db
    .prepare<[], [string, string, string, bigint, bigint, string]>(
      'SELECT account, recorded_at, transfer_id, amount, balance_after, entry FROM postings ORDER BY account, position, seq',
    )
    .raw(true);
  let position = Number(db.prepare('SELECT position FROM postings_head').pluck().get());
  let pending: { recorded: RecordedEvent; entries: readonly LedgerEntry[] }[] = [];
  const write = db.transaction((batch: typeof pending) => {
    for (const { recorded, entries } of batch) {
      const at = recorded.position;
      if (entries.length === 0) insertNamed.run(at, JSON.stringify(recorded));
      let seq = 0;
      for (const entry of entries) {
        for (const account of postingAccountsOf(entry))
          insert.run(
            account,
            at,
            seq,
            entry.recordedAt,
            entry.transferId,
            entry.amount,
            entry.balanceAfter,
            encodeEntry(entry),
          );
        seq += 1;
      }
    }
    const last = batch[batch.length - 1];
    if (last !== undefined) setHead.run(last.recorded.position);
  });
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
      for (const row of everything.iterate() as Iterable<{ account: string; entry: string }>)
        yield { account: row.account, entry: decodeEntry(row.entry) };
    },
    rows: function* () {
      for (const [account, recordedAt, transferId, amount, balanceAfter, entry] of everyRow.iterate())
        yield { account, text: `${recordedAt}\t${transferId}\t${amount}\t${balanceAfter}\t${entry}` };
    },
    close: () => db.close(),
  };
};
