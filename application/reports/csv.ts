/**
 * RFC 4180 CSV, written by hand: it is a dozen lines, and the one rule a library would not know —
 * which columns are free text a spreadsheet could take for a formula — depends on the report.
 */
const needsQuotes = /[",\r\n]/;

/** Text a spreadsheet would evaluate (=, +, -, @, tab, CR at the start) is prefixed with a quote. */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvCell = string | number;

export const csvField = (value: CsvCell, freeText = false): string => {
  const text = String(value);
  const safe = freeText && FORMULA_START.test(text) ? `'${text}` : text;
  return needsQuotes.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Rows of cells; columns listed in `freeText` are guarded against formula injection. */
export const toCsv = (
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  freeText: ReadonlySet<string> = new Set(),
): string => {
  const guarded = header.map((name) => freeText.has(name));
  const line = (cells: readonly CsvCell[]): string =>
    cells.map((cell, index) => csvField(cell, guarded[index] ?? false)).join(',');
  return `${[line(header), ...rows.map(line)].join('\r\n')}\r\n`;
};
