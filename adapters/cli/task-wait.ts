import { EXIT, ExitError } from './exit-codes';

/** What api.getTaskStatus answers: the newest task's state and its lines (application/tasks.ts). */
export interface TaskStatusReply {
  readonly completed: boolean;
  readonly message: string;
}

export interface TaskWaitPorts {
  /** One api.getTaskStatus call. */
  readonly readStatus: () => Promise<TaskStatusReply>;
  /** Writes one status line (without its newline) where the user reads the task's progress. */
  readonly print: (line: string) => void;
  /** Waits before the next poll. */
  readonly pause: () => Promise<void>;
}

/** How often `--wait` asks for the task's status: often enough to stream, rarely enough to cost nothing. */
export const POLL_INTERVAL_MS = 250;

export const pauseBetweenPolls = (): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));

/** The note the task runner puts first once it has dropped its oldest lines. */
const DROPPED_NOTE = /^\((\d+) earlier lines not shown\)$/;

/** Every task line starts with the runner's stamp, `YYYY-MM-DD HH:MM:SS `. */
const STAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} /;

/** The first line of every task, `STAMP NAME: queued`: with its stamp, it tells this task from a later one. */
const QUEUED = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (.+): queued$/;

export interface StatusLines {
  /** How many of the task's first lines the server no longer shows. */
  readonly dropped: number;
  /** The lines it shows, the oldest first; line i is the task's line `dropped + i`. */
  readonly lines: readonly string[];
}

/** The message as numbered lines: the runner's "(N earlier lines not shown)" note is a count, not a line. */
export const statusLines = (message: string): StatusLines => {
  const lines = message === '' ? [] : message.split('\n');
  const note = DROPPED_NOTE.exec(lines[0] ?? '');
  return note === null ? { dropped: 0, lines } : { dropped: Number(note[1]), lines: lines.slice(1) };
};

export type TaskEnd =
  { readonly outcome: 'completed' } | { readonly outcome: 'failed'; readonly line: string };

/**
 * A task's last line is `STAMP NAME: completed` or `STAMP NAME: failed: REASON`. Without the name (its
 * first lines were dropped before the first poll), any last line but a completion is a failure.
 */
const endOf = (name: string | null, last: string): TaskEnd => {
  const text = last.replace(STAMP, '');
  const failed = name === null ? !text.endsWith(': completed') : text.startsWith(`${name}: failed: `);
  return failed ? { outcome: 'failed', line: last } : { outcome: 'completed' };
};

const superseded = (ours: string | null, shown: string | undefined): ExitError =>
  new ExitError(
    `another task started while waiting (${shown ?? 'no line'}): api.getTaskStatus reports only the newest task, so ${ours === null ? 'the one this command started' : `'${ours}'`} can no longer be followed; it goes on running on the server`,
    EXIT.failure,
  );

/**
 * Follows the task the command just started, which is the newest one when its start call answers:
 * polls api.getTaskStatus and prints each line once, as it appears, until the task completes. The
 * task is known by its first line (`NAME: queued` with its stamp) and by the last line printed;
 * should another task replace it as the newest, the wait stops with an error rather than print the
 * other task's lines as this one's.
 */
export const followTask = async (ports: TaskWaitPorts): Promise<TaskEnd> => {
  /** The task's first line; null when it was dropped before the first poll (the wait then goes by the last line). */
  let queuedLine: string | null = null;
  let name: string | null = null;
  /** How many of the task's lines were printed or passed over as no longer shown. */
  let printed = 0;
  let last: { readonly index: number; readonly line: string } | null = null;
  for (let polls = 0; ; polls += 1) {
    const status = await ports.readStatus();
    const { dropped, lines } = statusLines(status.message);
    if (polls === 0 && dropped === 0) {
      const queued = QUEUED.exec(lines[0] ?? '');
      if (queued === null)
        throw new ExitError(
          `the server reports no task to wait for (api.getTaskStatus: ${lines[0] ?? 'no lines'})`,
          EXIT.failure,
        );
      queuedLine = lines[0] ?? null;
      name = queued[1] ?? null;
    }
    const sameStart = dropped > 0 || lines[0] === queuedLine;
    const lastStillShown = last === null || last.index < dropped || lines[last.index - dropped] === last.line;
    if (!sameStart || !lastStillShown || dropped + lines.length < printed)
      throw superseded(queuedLine, lines[0]);
    if (dropped > printed) {
      ports.print(`(${dropped - printed} earlier lines not shown)`);
      printed = dropped;
    }
    for (const line of lines.slice(printed - dropped)) {
      ports.print(line);
      last = { index: printed, line };
      printed += 1;
    }
    if (status.completed) return endOf(name, lines[lines.length - 1] ?? '');
    await ports.pause();
  }
};
