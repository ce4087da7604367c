import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXIT, ExitError } from '../../../adapters/cli/exit-codes';
import { followTask, statusLines, TaskEnd, TaskStatusReply } from '../../../adapters/cli/task-wait';

const STAMP = '2026-12-02 10:00:00';
const line = (text: string): string => `${STAMP} ${text}`;
const NAME = 'batch import of users from users.tsv';

/** Follows a scripted series of api.getTaskStatus answers; the last one repeats. */
const follow = async (
  replies: readonly TaskStatusReply[],
): Promise<{ printed: string[]; end: TaskEnd | ExitError }> => {
  const printed: string[] = [];
  let next = 0;
  try {
    const end = await followTask({
      readStatus: async () => {
        // A wait that never ends fails the test instead of hanging it.
        if (next > replies.length + 10) throw new Error('the wait did not end');
        return replies[Math.min(next++, replies.length - 1)] as TaskStatusReply;
      },
      print: (text) => printed.push(text),
      pause: async () => undefined,
    });
    return { printed, end };
  } catch (error) {
    if (error instanceof ExitError) return { printed, end: error };
    throw error;
  }
};

const running = (...lines: string[]): TaskStatusReply => ({ completed: false, message: lines.join('\n') });
const done = (...lines: string[]): TaskStatusReply => ({ completed: true, message: lines.join('\n') });

describe('--wait follows the task it started (adapters/cli/task-wait.ts)', () => {
  it('reads the "(N earlier lines not shown)" note as a count, not a line', () => {
    assert.deepEqual(statusLines(''), { dropped: 0, lines: [] });
    assert.deepEqual(statusLines('(3 earlier lines not shown)\na\nb'), { dropped: 3, lines: ['a', 'b'] });
    assert.deepEqual(statusLines('a\nb'), { dropped: 0, lines: ['a', 'b'] });
  });

  it('prints each line once, as it appears, and ends on a completion', async () => {
    const queued = line(`${NAME}: queued`);
    const started = line(`${NAME}: started`);
    const { printed, end } = await follow([
      running(queued),
      running(queued, started),
      running(queued, started),
      done(queued, started, line('Import finished: 2 of 2 records applied.'), line(`${NAME}: completed`)),
    ]);
    assert.deepEqual(end, { outcome: 'completed' });
    assert.deepEqual(printed, [
      queued,
      started,
      line('Import finished: 2 of 2 records applied.'),
      line(`${NAME}: completed`),
    ]);
  });

  it('a last line `NAME: failed: …` is a failure; a line merely mentioning failure is not', async () => {
    const queued = line(`${NAME}: queued`);
    const failure = line(`${NAME}: failed: the directory is missing`);
    const failed = await follow([running(queued), done(queued, failure)]);
    assert.deepEqual(failed.end, { outcome: 'failed', line: failure });
    const passed = await follow([
      done(queued, line('Line 2: not applied: user x: failed: odd name'), line(`${NAME}: completed`)),
    ]);
    assert.deepEqual(passed.end, { outcome: 'completed' });
  });

  it('lines the server dropped between two polls are counted once, the rest printed once', async () => {
    const queued = line(`${NAME}: queued`);
    const numbered = (from: number, to: number): string[] =>
      Array.from({ length: to - from }, (_, index) => line(`record ${from + index}`));
    // The task's lines: queued, record 1…9. The server keeps the last 4 (of 10 in all) at the second poll.
    const { printed, end } = await follow([
      running(queued, ...numbered(1, 3)),
      running('(6 earlier lines not shown)', ...numbered(6, 10)),
      done('(7 earlier lines not shown)', ...numbered(7, 10), line(`${NAME}: completed`)),
    ]);
    assert.deepEqual(end, { outcome: 'completed' });
    assert.deepEqual(printed, [
      queued,
      ...numbered(1, 3),
      '(3 earlier lines not shown)',
      ...numbered(6, 10),
      line(`${NAME}: completed`),
    ]);
  });

  it('a task started later by someone else stops the wait with EXIT.failure, its lines unprinted', async () => {
    const queued = line(`${NAME}: queued`);
    const other = line('performUserAndGroupSync: queued');
    const { printed, end } = await follow([running(queued, line(`${NAME}: started`)), running(other)]);
    assert.ok(end instanceof ExitError);
    assert.equal(end.exitCode, EXIT.failure);
    assert.match(end.message, /another task started while waiting .*performUserAndGroupSync: queued/);
    assert.deepEqual(printed, [queued, line(`${NAME}: started`)]);
  });

  it('a task of the same name queued in another second is another task', async () => {
    const queued = line(`${NAME}: queued`);
    const { end } = await follow([running(queued), running(`2026-12-02 10:00:01 ${NAME}: queued`)]);
    assert.ok(end instanceof ExitError);
    assert.equal(end.exitCode, EXIT.failure);
  });

  it('another task that already dropped lines is noticed by the last line printed', async () => {
    const queued = line(`${NAME}: queued`);
    const { printed, end } = await follow([
      running(queued, line('record 1'), line('record 2'), line('record 3')),
      running('(2 earlier lines not shown)', line('other 2'), line('other 3'), line('other 4')),
    ]);
    assert.ok(end instanceof ExitError);
    assert.equal(printed.length, 4);
  });

  it('a status without a queued task line is refused: there is no task to follow', async () => {
    const { printed, end } = await follow([done()]);
    assert.ok(end instanceof ExitError);
    assert.equal(end.exitCode, EXIT.failure);
    assert.deepEqual(printed, []);
  });
});
