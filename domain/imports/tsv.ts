/** One data line of an import file: its 1-based number in the file and its tab-separated fields. */
export interface TsvLine {
  readonly number: number;
  readonly fields: readonly string[];
}

/**
 * Excel's "Text (Tab delimited)" export wraps a field holding a quote or a tab in double quotes and
 * doubles the quotes inside; such a field is unwrapped. Spaces around a field are never meaningful.
 */
const unquote = (field: string): string => {
  const trimmed = field.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1).replace(/""/g, '"')
    : trimmed;
};

/**
 * Splits an import file into numbered data lines. Blank lines and lines starting with `#` (the
 * product's example files carry such comments) are not data; line numbers still count them, so a
 * problem is reported at the number an editor shows.
 */
export const tsvLines = (text: string): readonly TsvLine[] =>
  text
    .split(/\r\n|\n|\r/)
    .map((line, index) => ({ number: index + 1, line }))
    .filter(({ line }) => line.trim() !== '' && !line.trimStart().startsWith('#'))
    .map(({ number, line }) => ({ number, fields: line.split('\t').map(unquote) }));

/** Field `index` (0-based) of a line, '' when the line is shorter: trailing columns are optional. */
export const field = (line: TsvLine, index: number): string => line.fields[index] ?? '';
