import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger } from '../../adapters/log';
import { createTaskRunner, TASK_FAILED_TEXT, TaskFailure } from '../../application/tasks';

/** A logger whose JSON lines the test reads. */
const capturingLogger = () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger('debug', sink), lines };
};

const clock = () => new Date('2026-03-01T12:00:00.000Z');

describe('a failing background task (api.getTaskStatus takes no token)', () => {
  it('a TaskFailure is written for the caller: its message is the last line', async () => {
    const tasks = createTaskRunner(clock);
    await tasks.start('performGroupSync', async () => {
      throw new TaskFailure('the directory file is malformed: line 2');
    });
    await tasks.idle();
    const status = tasks.status();
    assert.equal(status.completed, true);
    assert.match(status.message, /performGroupSync: failed: the directory file is malformed: line 2$/);
  });

  it('any other error shows a fixed text; its message and stack go to the structured log only', async () => {
    const { log, lines } = capturingLogger();
    const tasks = createTaskRunner(clock, log);
    await tasks.start('online backup', async (report) => {
      report('step one');
      throw new Error("EACCES: permission denied, open '/srv/folio/data/backups/x.zip'");
    });
    await tasks.idle();
    const { completed, message } = tasks.status();
    assert.equal(completed, true);
    assert.match(message, /step one\n.* online backup: failed: /);
    assert.ok(message.endsWith(`online backup: failed: ${TASK_FAILED_TEXT}`));
    assert.ok(!message.includes('/srv') && !message.includes('EACCES'), message);
    const logged = lines.find((line) => line.event === 'task-failed');
    assert.ok(logged !== undefined, 'the failure is logged');
    assert.equal(logged.task, 'online backup');
    assert.match(JSON.stringify(logged.err), /EACCES: permission denied, open '\/srv\/folio/);
  });

  it('a thrown value that is not an Error is logged and shown the same way', async () => {
    const { log, lines } = capturingLogger();
    const tasks = createTaskRunner(clock, log);
    await tasks.start('batchImportPrinters', () => Promise.reject('/etc/shadow'));
    await tasks.idle();
    assert.ok(tasks.status().message.endsWith(TASK_FAILED_TEXT));
    assert.ok(!tasks.status().message.includes('shadow'));
    assert.ok(
      lines.some((line) => line.event === 'task-failed' && JSON.stringify(line).includes('/etc/shadow')),
    );
  });
});
