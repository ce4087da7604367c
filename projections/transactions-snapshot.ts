import { SystemAccount, TransferCause } from '../domain/ledger/accounts';
import { Money } from '../domain/money';
import type { LedgerEntry } from './transactions';

/**
 * The transaction log's part of a snapshot, laid out so that a start can trust the balances at once
 * and fold the entries later, a page at a time:
 *
 *   {"balances":[[account,"micros"],…],"strings":[…],"rows":[⏎
 *   [row],⏎
 *   …
 *   [row]⏎
 *   ]}
 *
 * JSON.stringify never writes a raw newline (not even inside a string), so the newlines written here
 * are the only ones in the whole snapshot: the first ends the head, the last starts the tail, and
 * every one in between ends a row. Still one JSON value, so verify and any JSON tool can read it.
 *
 * A row is [position, recordedAt, eventId, transferId, account, counterAccount, amount, balanceAfter,
 * cause, comment, actor, method, operationId, correctsTransferId]: the texts that repeat are indexes
 * into `strings` (numbered in order of first use, so equal logs give equal bytes), money is its count
 * of micro-units as decimal text, an absent link is null.
 */
export const ROWS_OPEN = '"rows":[\n';
export const ROWS_CLOSE = '\n]}';

export interface SnapshotHead {
  readonly balances: readonly (readonly [string, string])[];
  readonly strings: readonly string[];
}

/**
 * Encodes entries as rows, incrementally. Entries are never changed and strings are numbered in
 * order of first use, so the rows of the first n entries are the same text whatever follows: each
 * call encodes only the entries added since the last, and a snapshot costs the new entries, not
 * the whole log (encoding a million rows took about two seconds of the event loop).
 */
export const createRowEncoder = () => {
  let strings: string[] = [];
  let numbers = new Map<string, number>();
  /** Encoded rows, a chunk per call, covering the first `encoded` entries. */
  let chunks: string[] = [];
  let encoded = 0;
  const number = (text: string): number => {
    let found = numbers.get(text);
    if (found === undefined) {
      found = strings.length;
      strings.push(text);
      numbers.set(text, found);
    }
    return found;
  };
  const row = (entry: LedgerEntry): string =>
    JSON.stringify([
      entry.position,
      entry.recordedAt,
      entry.eventId,
      entry.transferId,
      number(entry.account),
      number(entry.counterAccount),
      entry.amount.toString(),
      entry.balanceAfter.toString(),
      number(entry.cause),
      number(entry.comment),
      number(entry.actor),
      number(entry.method),
      entry.operationId ?? null,
      entry.correctsTransferId ?? null,
    ]);
  /** The text before the rows: the balances and the strings numbered so far. */
  const headText = (balances: ReadonlyMap<string, Money>): string => {
    // Balances in booking order: a restored map iterates as the one rebuilt event by event.
    const head: SnapshotHead = {
      balances: [...balances].map(([account, balance]) => [account, balance.toString()]),
      strings,
    };
    return `${JSON.stringify(head).slice(0, -1)},${ROWS_OPEN}`;
  };
  return {
    /** The model's text for all `entries`, of which the first ones encoded before must be unchanged. */
    encode: (entries: readonly LedgerEntry[], balances: ReadonlyMap<string, Money>): string => {
      if (encoded < entries.length) {
        const rows = new Array<string>(entries.length - encoded);
        for (let index = encoded; index < entries.length; index += 1)
          rows[index - encoded] = row(entries[index] as LedgerEntry);
        chunks.push(rows.join(',\n'));
        encoded = entries.length;
      }
      return `${headText(balances)}${chunks.join(',\n')}${ROWS_CLOSE}`;
    },
    /**
     * One entry's row, numbering its new strings, for a reader that keeps no rows (verify compares
     * them one by one with a snapshot's): after the rows of entries 1…n, headText is theirs.
     */
    encodeRow: row,
    headText,
    /**
     * Takes over the rows of a restored snapshot as they are: they are the encoding of its
     * `count` entries, under its string table.
     */
    adopt: (table: readonly string[], rows: string, count: number): void => {
      strings = [...table];
      numbers = new Map(strings.map((text, index) => [text, index]));
      chunks = rows === '' ? [] : [rows];
      encoded = count;
    },
    clear: (): void => {
      strings = [];
      numbers = new Map();
      chunks = [];
      encoded = 0;
    },
  };
};

const isPairOfTexts = (pair: unknown): pair is readonly [string, string] =>
  Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string';

/** The balances of a snapshot's head; throws on anything malformed, so the caller rebuilds instead. */
export const decodeBalances = (head: Partial<SnapshotHead>): Map<string, Money> => {
  if (!Array.isArray(head.balances) || !Array.isArray(head.strings))
    throw new Error('not a transactions snapshot');
  if (!head.strings.every((text) => typeof text === 'string'))
    throw new Error('a malformed transactions string table');
  const balances = new Map<string, Money>();
  for (const pair of head.balances) {
    if (!isPairOfTexts(pair)) throw new Error('a malformed balance');
    balances.set(pair[0], BigInt(pair[1]));
  }
  return balances;
};

const text = (strings: readonly string[], index: unknown): string => {
  const found = typeof index === 'number' ? strings[index] : undefined;
  if (found === undefined) throw new Error('a snapshot row names a string it does not have');
  return found;
};

const NEWLINE = 10;
const COMMA = 44;

const isRowText = (value: unknown): value is string => typeof value === 'string';

/** One row back to the entry ledgerEntriesOf built, key for key; throws if it is not a row. */
export const decodeRow = (strings: readonly string[], row: unknown): LedgerEntry => {
  if (!Array.isArray(row) || row.length !== 14) throw new Error('a malformed transactions row');
  const [position, recordedAt, eventId, transferId, , , amount, balanceAfter, , , , , operationId, corrects] =
    row as unknown[];
  if (
    typeof position !== 'number' ||
    !isRowText(recordedAt) ||
    !isRowText(eventId) ||
    !isRowText(transferId) ||
    !isRowText(amount) ||
    !isRowText(balanceAfter)
  )
    throw new Error('a malformed transactions row');
  const entry: { -readonly [K in keyof LedgerEntry]: LedgerEntry[K] } = {
    transferId,
    account: text(strings, row[4]),
    counterAccount: text(strings, row[5]) as SystemAccount,
    amount: BigInt(amount),
    balanceAfter: BigInt(balanceAfter),
    cause: text(strings, row[8]) as TransferCause,
    comment: text(strings, row[9]),
    position,
    recordedAt,
    eventId,
    actor: text(strings, row[10]),
    method: text(strings, row[11]),
  };
  if (typeof operationId === 'string') entry.operationId = operationId;
  if (typeof corrects === 'string') entry.correctsTransferId = corrects;
  return entry;
};

/**
 * The rows of a snapshot not folded yet: `rows` is the text between the head and the tail, one row a
 * line. `take` parses up to `count` more rows, in order; an empty array means all are taken.
 */
export const createRowReader = (rows: string) => {
  let cursor = 0;
  return {
    take: (count: number): readonly unknown[] => {
      if (cursor >= rows.length) return [];
      let end = cursor;
      for (let taken = 0; taken < count && end < rows.length; taken += 1) {
        const newline = rows.indexOf('\n', end);
        end = newline < 0 ? rows.length : newline + 1;
      }
      // Every line but the last ends with the comma between rows.
      let last = end;
      if (rows.charCodeAt(last - 1) === NEWLINE) last -= 1;
      if (rows.charCodeAt(last - 1) === COMMA) last -= 1;
      const page = rows.slice(cursor, last);
      cursor = end;
      return JSON.parse(`[${page}]`) as unknown[];
    },
  };
};
