import { ReadModels } from '../../projections';
import { LedgerEntry } from '../../projections/transactions';
import { createRowEncoder, ROWS_CLOSE } from '../../projections/transactions-snapshot';
import { describeDifference } from './verify-comparisons';
import { createLineReader, LineReader, SnapshotCut } from './snapshot-file';
import { ModelComparison } from './verify-report';

/**
 * The read models rebuilt from empty against the snapshot on disk, byte for byte, without holding
 * either whole: the transaction log's rows (the part that grows with the log) are encoded one by
 * one as verify folds the entries and compared with the snapshot's rows as they are read, a line at
 * a time (the layout of transactions-snapshot.ts puts one row a line); the rest of the snapshot
 * (its first line, balances and strings, and its last, every other model) grows with accounts and
 * names only and is compared whole at the snapshot's position.
 */
export const createSnapshotComparison = (snapshot: SnapshotCut) => {
  const encoder = createRowEncoder();
  let lines: LineReader | null = null;
  let firstLine: string | null = null;
  let headerBytes = 0;
  let rows = 0;
  /** The previous row matched a line without the comma that separates rows: it must be the last. */
  let lastRowClosed = false;
  let rowDifference: string | null = null;

  const open = (): LineReader => {
    if (lines === null) {
      lines = createLineReader(snapshot.path);
      headerBytes = Buffer.byteLength(lines.next() ?? '') + 1; // the header, read already
      firstLine = lines.next() ?? '';
    }
    return lines;
  };

  /** One more entry of the transaction log, in log order, up to the snapshot's position. */
  const entry = (booked: LedgerEntry): void => {
    if (rowDifference !== null) return;
    const reader = open();
    const row = encoder.encodeRow(booked);
    const stored = reader.next();
    if (lastRowClosed || (stored !== `${row},` && stored !== row)) {
      rowDifference = `read model 'transactions' differs at row ${rows} (position ${booked.position}): rebuilt ${row.slice(0, 200)}, snapshot ${stored === null || stored.startsWith(']}') ? '(no more rows)' : stored.slice(0, 200)}`;
      return;
    }
    lastRowClosed = stored === row;
    rows += 1;
  };

  /** At the snapshot's position, once its event is folded: the verdict. */
  const finish = (models: ReadModels, hashAtPosition: string): ModelComparison => {
    const reader = open();
    try {
      if (hashAtPosition !== snapshot.hashAtPosition)
        return {
          against: 'snapshot',
          ok: false,
          position: snapshot.position,
          detail: `the snapshot was taken at an event with hash ${snapshot.hashAtPosition}, the log has ${hashAtPosition} there`,
        };
      // What is left after the rows: the last line, and before it, when there were no rows, an empty one.
      const rest: string[] = [];
      let extraRows = 0;
      for (let line = reader.next(); line !== null; line = reader.next()) {
        if (rest.length === 2) {
          extraRows += 1;
          rest.shift();
        }
        rest.push(line);
      }
      const storedLast = rest.at(-1) ?? '';
      const rebuiltWithoutRows = models.serializeWith(
        `${encoder.headText(models.transactions.balances())}${ROWS_CLOSE}`,
      );
      const rebuiltFirst = rebuiltWithoutRows.slice(0, rebuiltWithoutRows.indexOf('\n'));
      const rebuiltLast = rebuiltWithoutRows.slice(rebuiltWithoutRows.lastIndexOf('\n') + 1);
      const expectedRest = rows === 0 ? ['', rebuiltLast] : [rebuiltLast];
      const rowsEnd =
        rowDifference ??
        (rows > 0 && !lastRowClosed
          ? `read model 'transactions' differs: the snapshot holds more rows than the ${rows} rebuilt`
          : extraRows > 0 || rest.length !== expectedRest.length || (rows === 0 && rest[0] !== '')
            ? `read model 'transactions' differs: the snapshot holds more rows than the ${rows} rebuilt`
            : null);
      const outerSame = firstLine === rebuiltFirst && storedLast === rebuiltLast;
      if (rowsEnd === null && outerSame)
        return {
          against: 'snapshot',
          ok: true,
          position: snapshot.position,
          detail: `read models rebuilt from empty are byte-identical to the snapshot at position ${snapshot.position} (${reader.bytesRead() - headerBytes} bytes)`,
        };
      return {
        against: 'snapshot',
        ok: false,
        position: snapshot.position,
        detail:
          rowDifference ??
          (outerSame
            ? (rowsEnd as string)
            : describeDifference(rebuiltWithoutRows, `${firstLine ?? ''}\n\n${storedLast}`)),
      };
    } finally {
      close();
    }
  };

  /** Lets go of the file when the log never reached the snapshot's position. */
  const close = (): void => {
    lines?.close();
    lines = null;
  };

  return { entry, finish, close };
};

export type SnapshotComparison = ReturnType<typeof createSnapshotComparison>;
