import { Either, left, right } from 'fp-ts/Either';

/**
 * Where a report period starts or ends, or how far a replay goes, as a cut through the log:
 * - `position`: after the event at that global position (that event included);
 * - `time`: before the first event recorded at or after that instant (so "as of 1 March" is the
 *   state at midnight, and a period [from, to) holds what was recorded in it).
 * Cuts are prefixes of the log, never filters: the state as of a cut is the fold of every event
 * before it. Consecutive periods therefore share their boundary and chain exactly, even if a clock
 * ever stepped back (an event recorded "earlier" after a later one stays after the cut).
 */
export type LogBound =
  | { readonly kind: 'start' }
  | { readonly kind: 'end' }
  | { readonly kind: 'position'; readonly position: number }
  | { readonly kind: 'time'; readonly epochMs: number };

export const START: LogBound = { kind: 'start' };
export const END: LogBound = { kind: 'end' };

/** What a cut needs to know of an event. */
export interface LogPoint {
  readonly position: number;
  readonly recordedAt: string;
}

/**
 * A predicate "this event lies before the bound", fed events in log order. It is monotone: once an
 * event lies at or after the bound, so do all later ones.
 */
export const createBoundTracker = (bound: LogBound): ((point: LogPoint) => boolean) => {
  let passed = false;
  // Times the application records are toISOString() text, which orders as its instants do: compare
  // text and parse only what is written some other way.
  const boundText = bound.kind === 'time' ? new Date(bound.epochMs).toISOString() : '';
  const recordedBefore = (recordedAt: string, epochMs: number): boolean =>
    recordedAt.length === 24 && recordedAt.endsWith('Z') && boundText.length === 24
      ? recordedAt < boundText
      : Date.parse(recordedAt) < epochMs;
  return (point) => {
    if (passed) return false;
    const before =
      bound.kind === 'start'
        ? false
        : bound.kind === 'end'
          ? true
          : bound.kind === 'position'
            ? point.position <= bound.position
            : recordedBefore(point.recordedAt, bound.epochMs);
    passed = !before;
    return before;
  };
};

const DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Reads a bound as typed on a command line or in report parameters: a whole number is a log position;
 * `2024-03`, `2024-03-01` and ISO date-times are instants, in UTC unless they carry an offset.
 */
export const parseBound = (text: string): Either<string, LogBound> => {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const position = Number(trimmed);
    return Number.isSafeInteger(position)
      ? right(position === 0 ? START : { kind: 'position', position })
      : left(`'${text}' is too large for a log position`);
  }
  const date = DATE.exec(trimmed);
  if (date !== null) {
    const [, year = '', month = '', day = '01'] = date;
    const epochMs = Date.UTC(Number(year), Number(month) - 1, Number(day));
    const back = new Date(epochMs);
    return back.getUTCMonth() === Number(month) - 1 && back.getUTCDate() === Number(day)
      ? right({ kind: 'time', epochMs })
      : left(`'${text}' is not a calendar date`);
  }
  if (DATE_TIME.test(trimmed)) {
    const iso = trimmed.replace(' ', 'T');
    const epochMs = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? iso : `${iso}Z`);
    if (Number.isFinite(epochMs)) return right({ kind: 'time', epochMs });
  }
  return left(
    `'${text}' is neither a log position (a whole number) nor a date or time (2024-03, 2024-03-01, 2024-03-01T12:00:00Z)`,
  );
};

export const describeBound = (bound: LogBound): string => {
  switch (bound.kind) {
    case 'start':
      return 'the start of the log';
    case 'end':
      return 'the end of the log';
    case 'position':
      return `position ${bound.position}`;
    case 'time':
      return new Date(bound.epochMs).toISOString();
  }
};

/** Refuses periods that end before they start, where the two bounds can be compared. */
export const checkPeriod = (from: LogBound, to: LogBound): Either<string, true> => {
  const comparable =
    (from.kind === 'time' && to.kind === 'time') || (from.kind === 'position' && to.kind === 'position');
  if (!comparable) return right(true);
  const start = from.kind === 'time' ? from.epochMs : from.kind === 'position' ? from.position : 0;
  const end = to.kind === 'time' ? to.epochMs : to.kind === 'position' ? to.position : 0;
  return start <= end
    ? right(true)
    : left(`the period ends (${describeBound(to)}) before it starts (${describeBound(from)})`);
};
