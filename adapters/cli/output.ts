import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { domainFault } from '../xmlrpc/faults';
import { DomainError } from '../../domain/errors';

/** A report to a file (--output, its folder made if missing, as reports go into a reports folder) or to stdout. */
export const emit = (content: string, output: string | undefined): void => {
  if (output === undefined) process.stdout.write(content);
  else {
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, content, { mode: 0o640 });
  }
};

/** The CLI says what a fault would say: one message per domain error, from the one table. */
export class DomainErrorMessage extends Error {
  constructor(readonly error: DomainError) {
    super(domainFault(error).faultString);
    this.name = 'DomainErrorMessage';
  }
}

/** Plain aligned text: a header row, then the rows, each column padded to its widest cell, two spaces apart. */
export const formatTable = (headers: readonly string[], rows: readonly (readonly string[])[]): string => {
  const all = [headers, ...rows];
  const widths = headers.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  return all
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
};
