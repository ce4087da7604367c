import { apS, bind, Do, Either, isLeft, left, map, right } from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { DomainError } from '../errors';
import { canonicalMoney, Money, parseMoney, ZERO } from '../money';
import { splitCsvPairs } from './csv-pairs';

/** Bounds on one job: beyond them the details are refused rather than trusted. */
export const MAX_TOTAL_PAGES = 1_000_000;
export const MAX_COPIES = 10_000;
export const MAX_TEXT_LENGTH = 4_096;

/** A print job as a print server describes it, validated. Absent text fields are ''. */
export interface JobDetails {
  readonly user: string;
  readonly server: string;
  readonly printer: string;
  /** `yyyy-MM-ddTHH:mm:ss` as the print server's clock gave it (no zone), or '' when not sent. */
  readonly printedAt: string;
  /** The job's own price; null = price it from the printer's cost model. */
  readonly cost: Money | null;
  readonly totalPages: number;
  readonly colorPages: number;
  readonly copies: number;
  readonly duplex: boolean;
  readonly documentName: string;
  readonly paperSizeName: string;
  /** Canonical decimal text, '' when not sent. */
  readonly paperWidthMm: string;
  readonly paperHeightMm: string;
  readonly documentSizeKb: number;
  readonly invoice: string;
  readonly comment: string;
  readonly clientMachine: string;
  readonly clientIp: string;
  /** Full name (`parent\sub`) of the shared account to charge; '' = the user's personal account. */
  readonly sharedAccount: string;
  /** Names of fields Folio does not know, sorted; accepted and ignored. */
  readonly ignoredFields: readonly string[];
}

const TEXT_FIELDS = {
  user: 'user',
  server: 'server',
  printer: 'printer',
  'document-name': 'documentName',
  'paper-size-name': 'paperSizeName',
  invoice: 'invoice',
  comment: 'comment',
  'client-machine': 'clientMachine',
  'client-ip': 'clientIp',
  'shared-account': 'sharedAccount',
} as const;

const OTHER_FIELDS = [
  'time',
  'cost',
  'total-pages',
  'total-color-pages',
  'copies',
  'duplex',
  'grayscale',
  'paper-width-mm',
  'paper-height-mm',
  'document-size-kb',
] as const;

const KNOWN = new Set<string>([...Object.keys(TEXT_FIELDS), ...OTHER_FIELDS]);

type Problem = Either<DomainError, never>;
const problem = (text: string): Problem => left({ code: 'InvalidJobDetails', problem: text });

const wholeNumber = (field: string, text: string, min: number, max: number): Either<DomainError, number> => {
  const trimmed = text.trim();
  const value = /^\d{1,10}$/.test(trimmed) ? Number(trimmed) : NaN;
  return Number.isInteger(value) && value >= min && value <= max
    ? right(value)
    : problem(`${field} must be a whole number from ${min} to ${max}, not '${text}'`);
};

const booleanField = (field: string, text: string): Either<DomainError, boolean> => {
  const lower = text.trim().toLowerCase();
  if (lower === 'true') return right(true);
  if (lower === 'false') return right(false);
  return problem(`${field} must be TRUE or FALSE, not '${text}'`);
};

const amountField = (field: string, text: string, max: Money | null): Either<DomainError, Money> => {
  const parsed = parseMoney(text);
  if (isLeft(parsed) || parsed.right < ZERO || (max !== null && parsed.right > max))
    return problem(
      `${field} must be a decimal number of zero or more${max === null ? '' : ` up to ${canonicalMoney(max)}`}, not '${text}'`,
    );
  return right(parsed.right);
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** `yyyyMMddTHHmmss`, a real calendar time, to `yyyy-MM-ddTHH:mm:ss`. */
const timeField = (text: string): Either<DomainError, string> => {
  const match = /^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(\d{2})$/.exec(text.trim());
  const bad = problem(
    `time must be a date and time written yyyyMMddTHHmmss, such as 20240131T134500, not '${text}'`,
  );
  if (match === null) return bad;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const days = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > days || hour > 23 || minute > 59 || second > 59) return bad;
  const [y, mo, d, h, mi, s] = match.slice(1) as [string, string, string, string, string, string];
  return right(`${y}-${mo}-${d}T${h}:${mi}:${s}`);
};

const MAX_PAPER_MM = 100_000n * 1_000_000n;

/**
 * Parses processJob's job details: comma-separated `name=value` pairs with CSV quoting. Field names
 * are case-insensitive; a field given twice, a pair without '=', a missing `user`/`server`/`printer`
 * and a value that does not fit its field are problems that name the field. Fields Folio does not know
 * are accepted and ignored (their names are kept for the record), so a newer print server still works.
 */
export const parseJobDetails = (text: string): Either<DomainError, JobDetails> => {
  const split = splitCsvPairs(text);
  if (isLeft(split)) return problem(`the job details are malformed: ${split.left}`);
  const values = new Map<string, string>();
  const ignored = new Set<string>();
  for (const pair of split.right) {
    if (pair.trim() === '') continue;
    const equals = pair.indexOf('=');
    if (equals < 0) return problem(`the pair '${pair}' has no '=' (pairs are name=value)`);
    const name = pair.slice(0, equals).trim().toLowerCase();
    const value = pair.slice(equals + 1);
    if (name === '') return problem(`the pair '${pair}' has no field name`);
    if (!KNOWN.has(name)) {
      ignored.add(name);
      continue;
    }
    if (values.has(name)) return problem(`the field '${name}' is given more than once`);
    if (value.length > MAX_TEXT_LENGTH)
      return problem(`the value of '${name}' is longer than ${MAX_TEXT_LENGTH} characters`);
    values.set(name, value);
  }
  const textOf = (field: keyof typeof TEXT_FIELDS): string => values.get(field) ?? '';
  for (const required of ['user', 'server', 'printer'] as const)
    if (textOf(required).trim() === '')
      return problem(`the required field '${required}' is missing or blank`);

  const optional = <T>(
    field: (typeof OTHER_FIELDS)[number],
    parse: (value: string) => Either<DomainError, T>,
    fallback: T,
  ): Either<DomainError, T> => {
    const value = values.get(field);
    return value === undefined ? right(fallback) : parse(value);
  };

  const mm = (value: Money | null): string => (value === null ? '' : canonicalMoney(value));
  return pipe(
    Do,
    apS('printedAt', optional('time', timeField, '')),
    apS(
      'cost',
      optional<Money | null>('cost', (v) => amountField('cost', v, null), null),
    ),
    apS(
      'totalPages',
      optional('total-pages', (v) => wholeNumber('total-pages', v, 0, MAX_TOTAL_PAGES), 1),
    ),
    apS(
      'copies',
      optional('copies', (v) => wholeNumber('copies', v, 1, MAX_COPIES), 1),
    ),
    apS(
      'duplex',
      optional('duplex', (v) => booleanField('duplex', v), false),
    ),
    apS(
      'grayscale',
      optional<boolean | null>('grayscale', (v) => booleanField('grayscale', v), null),
    ),
    apS(
      'colorPagesSent',
      optional<number | null>(
        'total-color-pages',
        (v) => wholeNumber('total-color-pages', v, 0, MAX_TOTAL_PAGES),
        null,
      ),
    ),
    apS(
      'width',
      optional('paper-width-mm', (v) => amountField('paper-width-mm', v, MAX_PAPER_MM), null),
    ),
    apS(
      'height',
      optional('paper-height-mm', (v) => amountField('paper-height-mm', v, MAX_PAPER_MM), null),
    ),
    apS(
      'documentSizeKb',
      optional('document-size-kb', (v) => wholeNumber('document-size-kb', v, 0, 2 ** 31 - 1), 0),
    ),
    bind('colorPages', (job) => resolveColorPages(job.totalPages, job.colorPagesSent, job.grayscale)),
    map((job): JobDetails => ({
      user: textOf('user').trim(),
      server: textOf('server').trim(),
      printer: textOf('printer').trim(),
      printedAt: job.printedAt,
      cost: job.cost,
      totalPages: job.totalPages,
      colorPages: job.colorPages,
      copies: job.copies,
      duplex: job.duplex,
      documentName: textOf('document-name'),
      paperSizeName: textOf('paper-size-name').trim(),
      paperWidthMm: mm(job.width),
      paperHeightMm: mm(job.height),
      documentSizeKb: job.documentSizeKb,
      invoice: textOf('invoice'),
      comment: textOf('comment'),
      clientMachine: textOf('client-machine').trim(),
      clientIp: textOf('client-ip').trim(),
      sharedAccount: textOf('shared-account').trim(),
      ignoredFields: [...ignored].sort(),
    })),
  );
};

/**
 * How many pages printed in colour: `total-color-pages` when sent; otherwise every page when
 * `grayscale=FALSE`, none when `grayscale=TRUE` or when neither is sent.
 */
const resolveColorPages = (
  totalPages: number,
  colorPages: number | null,
  grayscale: boolean | null,
): Either<DomainError, number> => {
  if (colorPages !== null && colorPages > totalPages)
    return problem(`total-color-pages (${colorPages}) is more than total-pages (${totalPages})`);
  if (grayscale === true && colorPages !== null && colorPages > 0)
    return problem(`grayscale=TRUE contradicts total-color-pages=${colorPages}`);
  if (colorPages !== null) return right(colorPages);
  return right(grayscale === false ? totalPages : 0);
};
