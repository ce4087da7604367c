import { Logger, silentLogger } from '../adapters/log';

/**
 * Background tasks (directory syncs, batch imports, backups): started by an API call that returns at
 * once, reported through api.getTaskStatus. Tasks run one after another; the status shown is the
 * latest task's, and its message grows by one line per step. The status lines are not events; a task's
 * request and end are (application/durable-tasks.ts), and what it changes is recorded by the events it writes.
 */
export interface TaskStatus {
  readonly completed: boolean;
  readonly message: string;
}

export type TaskReporter = (line: string) => void;

/**
 * A failure whose message is written for the caller (a directory that is missing or malformed): the
 * task's last line shows it. Any other error a task throws is the server's own; its message may name
 * server paths or internals, so it goes to the log and the caller sees a fixed text.
 */
export class TaskFailure extends Error {}

/** What api.getTaskStatus shows for a failure that is not a TaskFailure: the detail is in the log. */
export const TASK_FAILED_TEXT =
  'an internal error stopped the task (the server log has the details, event task-failed)';

/** Lines a task keeps; older lines are dropped with a note, so a huge import cannot grow memory without bound. */
const MAX_LINES = 10_000;

/** `api.getTaskStatus` needs no token, so what a task reports is written for anyone who can reach the server. */
export const createTaskRunner = (clock: () => Date, log: Logger = silentLogger()) => {
  let latest: { lines: string[]; dropped: number; completed: boolean } | null = null;
  let queue: Promise<void> = Promise.resolve();

  const stamp = (): string => clock().toISOString().replace('T', ' ').slice(0, 19);

  return {
    status: (): TaskStatus => {
      if (latest === null) return { completed: true, message: '' };
      const prefix = latest.dropped > 0 ? [`(${latest.dropped} earlier lines not shown)`] : [];
      return { completed: latest.completed, message: [...prefix, ...latest.lines].join('\n') };
    },
    /** Queues `work`; resolves when it has been queued (not when it finishes), as the API's task methods do. */
    start: (name: string, work: (report: TaskReporter) => Promise<void>): Promise<void> => {
      const task = { lines: [] as string[], dropped: 0, completed: false };
      const report: TaskReporter = (line) => {
        task.lines.push(`${stamp()} ${line}`);
        if (task.lines.length > MAX_LINES) {
          task.lines.shift();
          task.dropped += 1;
        }
      };
      latest = task;
      report(`${name}: queued`);
      const run = async (): Promise<void> => {
        report(`${name}: started`);
        try {
          await work(report);
          report(`${name}: completed`);
        } catch (error) {
          if (error instanceof TaskFailure) report(`${name}: failed: ${error.message}`);
          else {
            log.error({ event: 'task-failed', task: name, err: error }, 'task failed');
            report(`${name}: failed: ${TASK_FAILED_TEXT}`);
          }
        } finally {
          task.completed = true;
        }
      };
      queue = queue.then(run, run);
      return Promise.resolve();
    },
    /** Resolves when every queued task has finished (tests, shutdown). */
    idle: (): Promise<void> => queue,
  };
};

export type TaskRunner = ReturnType<typeof createTaskRunner>;
