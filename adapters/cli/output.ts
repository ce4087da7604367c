import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { domainFault } from '../xmlrpc/faults';
import { DomainError } from '../../domain/errors';
import { formatMoney } from '../../domain/money';
import { EXIT, ExitError } from './exit-codes';

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

/**
 * Plain aligned text: a header row, then the rows, each column padded to its widest cell, two spaces apart.
 * Every listing prints through it, so an empty list prints its header row alone (never a "no …" line):
 * the first line of a listing is always its header, whatever it holds.
 */
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

/**
 * `--json`: one JSON document, every amount (the models' bigints) as the exact decimal text the ledger
 * holds ("5.00", "0.123456"), never a JavaScript number, which would pass it through a double.
 */
export const jsonDocument = (value: unknown): string =>
  `${JSON.stringify(value, (_key, field: unknown) => (typeof field === 'bigint' ? formatMoney(field) : field), 2)}\n`;

export interface FormatFlags {
  readonly format?: string;
  readonly json?: boolean;
}

/** The format asked for: `--json` is `--format json`, so the two may be given together only if they agree. */
export const requestedFormat = (flags: FormatFlags): string | undefined => {
  if (flags.json !== true) return flags.format;
  if (flags.format !== undefined && flags.format.trim().toLowerCase() !== 'json')
    throw new ExitError(`--json and --format ${flags.format} ask for two formats: give one`, EXIT.usage);
  return 'json';
};
