import { SystemAccount, TransferCause } from '../domain/ledger/accounts';
import type { LedgerEntry } from './transactions';

/**
 * One ledger entry in a snapshot: [position, recordedAt, eventId, transferId, account, counterAccount,
 * amount, balanceAfter, cause, comment, actor, method, operationId, correctsTransferId]; the repeating
 * texts are indexes into `strings`, money is its count of micro-units as decimal text, an absent link is null.
 */
type Row = [
  number,
  string,
  string,
  string,
  number,
  number,
  string,
  string,
  number,
  number,
  number,
  number,
  string | null,
  string | null,
];

export interface TransactionsSnapshot {
  readonly strings: readonly string[];
  readonly rows: readonly Row[];
}

/** The first `count` entries as rows; strings are numbered in order of first use, so equal logs give equal rows. */
export const encodeEntries = (entries: readonly LedgerEntry[], count: number): TransactionsSnapshot => {
  const strings: string[] = [];
  const numbers = new Map<string, number>();
  const number = (text: string): number => {
    let found = numbers.get(text);
    if (found === undefined) {
      found = strings.length;
      strings.push(text);
      numbers.set(text, found);
    }
    return found;
  };
  const rows = new Array<Row>(count);
  for (let index = 0; index < count; index += 1) {
    const entry = entries[index] as LedgerEntry;
    rows[index] = [
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
    ];
  }
  return { strings, rows };
};

const text = (strings: readonly unknown[], index: unknown): string => {
  const found = typeof index === 'number' ? strings[index] : undefined;
  if (typeof found !== 'string') throw new Error('a snapshot row names a string it does not have');
  return found;
};

/**
 * Books every row of a snapshot, in order. A snapshot is only read once the store has confirmed the
 * event it was taken at, so rows are checked for shape, not re-validated like events: anything
 * malformed throws, and the caller rebuilds from the log instead.
 */
export const decodeEntries = (snapshot: unknown, book: (entry: LedgerEntry) => void): void => {
  const { strings, rows } = snapshot as Partial<TransactionsSnapshot>;
  if (!Array.isArray(strings) || !Array.isArray(rows)) throw new Error('not a transactions snapshot');
  for (const row of rows) {
    if (!Array.isArray(row) || row.length !== 14) throw new Error('a malformed transactions row');
    const [
      position,
      recordedAt,
      eventId,
      transferId,
      ,
      ,
      amount,
      balanceAfter,
      ,
      ,
      ,
      ,
      operationId,
      corrects,
    ] = row;
    // The shape ledgerEntriesOf builds, key for key.
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
    if (operationId !== null) entry.operationId = operationId;
    if (corrects !== null) entry.correctsTransferId = corrects;
    book(entry);
  }
};
