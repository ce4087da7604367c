import { CallError, CallFlags, Caller, connect, formatAmount, toValue } from './call';
import { EXIT, ExitError } from './exit-codes';
import { aliasesOf, findServerCommand, SERVER_COMMANDS, ServerCommand, usage } from './server-command-table';
import { followTask, pauseBetweenPolls, TaskStatusReply } from './task-wait';

/** The page size the list commands fetch with: PaperCut's recommended batch for listing methods. */
export const LIST_PAGE_SIZE = 1000;
/** A bound on how many pages one listing reads, so a server that never ends a list cannot hang a script. */
const MAX_PAGES = 10_000;

/** Argument errors name what the user typed: the command and its CLI arguments; they are usage errors. */
const checkArity = (command: ServerCommand, words: readonly string[]): void => {
  const required = command.args.filter((arg) => !arg.param.optional && arg.defaultWord === undefined).length;
  if (words.length >= required && words.length <= command.args.length) return;
  const expected = command.args.length === 0 ? 'takes no arguments' : `takes ${usage(command)}`;
  const got = `${words.length} argument${words.length === 1 ? '' : 's'} given`;
  throw new ExitError(`${command.name} ${expected} (${got})`, EXIT.usage);
};

const valuesFor = (command: ServerCommand, words: readonly string[]): unknown[] => {
  const values: unknown[] = [];
  command.args.forEach((arg, index) => {
    const word = words[index] ?? arg.defaultWord;
    if (word === undefined) return;
    try {
      values.push(toValue(arg.param.type, word));
    } catch (error) {
      throw new ExitError(`${command.name}: <${arg.name}> ${(error as Error).message}`, EXIT.usage);
    }
  });
  return values;
};

/** Offset and limit go where the method has them: after the arguments before them, before any after. */
const pagedValues = (command: ServerCommand, values: readonly unknown[], offset: number): unknown[] => {
  const at = command.method.params.findIndex((param) => param.name === 'offset');
  return [...values.slice(0, at), offset, LIST_PAGE_SIZE, ...values.slice(at)];
};

const everyItem = async (call: Caller, command: ServerCommand, values: readonly unknown[]) => {
  const items: unknown[] = [];
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const batch = await call(command.method.name, pagedValues(command, values, page * LIST_PAGE_SIZE));
    if (!Array.isArray(batch)) throw new CallError(`${command.name}: the server did not answer a list`);
    items.push(...(batch as unknown[]));
    if (batch.length < LIST_PAGE_SIZE) return items;
  }
  throw new CallError(`${command.name}: more than ${MAX_PAGES * LIST_PAGE_SIZE} items`);
};

const lines = (items: readonly unknown[]): string => items.map((item) => `${String(item)}\n`).join('');

/** What PaperCut's tool prints for a result; an empty result prints nothing (no empty line to read). */
export const printed = (command: ServerCommand, result: unknown): string => {
  switch (command.output) {
    case 'nothing':
      return '';
    case 'lines':
      return lines(Array.isArray(result) ? result : [result]);
    case 'task-status': {
      const status = (result ?? {}) as { completed?: unknown; message?: unknown };
      const message = typeof status.message === 'string' ? status.message : '';
      return `Completed: ${String(status.completed === true)}\n${message === '' || message.endsWith('\n') ? message : `${message}\n`}`;
    }
    case 'members':
      return lines(
        Object.entries((result ?? {}) as Record<string, unknown>).map(
          ([name, value]) => `${name}: ${String(value)}`,
        ),
      );
    case 'value': {
      const text =
        command.method.returns === 'd' && typeof result === 'number' ? formatAmount(result) : String(result);
      return text === '' ? '' : `${text}\n`;
    }
  }
};

/** `folio server-command` alone or `--list`: every command with its arguments, one per line. */
export const commandList = (): string =>
  SERVER_COMMANDS.map((command) => {
    const aliases = aliasesOf(command);
    const args = `${usage(command)}${command.startsTask ? ' [--wait]' : ''}`.trim();
    return `${command.name}${args === '' ? '' : ` ${args}`}${aliases.length === 0 ? '' : `   (also: ${aliases.join(', ')})`}\n`;
  }).join('');

/** `get-task-status --json`: the status as the API answers it, with its message split into lines. */
export const taskStatusJson = (result: unknown): string => {
  const status = (result ?? {}) as Partial<TaskStatusReply>;
  const message = typeof status.message === 'string' ? status.message : '';
  return `${JSON.stringify({ completed: status.completed === true, message, lines: message === '' ? [] : message.split('\n') })}\n`;
};

export interface ServerCommandFlags extends CallFlags {
  readonly list?: boolean;
  /** Follow the background task the command starts to its end (TASK_METHODS). */
  readonly wait?: boolean;
  /** get-task-status only: print the status as JSON. */
  readonly json?: boolean;
}

const checkFlags = (command: ServerCommand, flags: ServerCommandFlags): void => {
  if (flags.wait === true && !command.startsTask)
    throw new ExitError(
      `--wait: ${command.name} starts no background task (${SERVER_COMMANDS.filter((each) => each.startsTask)
        .map((each) => each.name)
        .join(', ')} do)`,
      EXIT.usage,
    );
  if (flags.json === true && command.output !== 'task-status')
    throw new ExitError(`--json: only get-task-status prints JSON (not ${command.name})`, EXIT.usage);
};

/** True when this call queues a task: not a shared-account import's test run, not a syncGroup that answers false. */
const queuedTask = (command: ServerCommand, values: readonly unknown[], result: unknown): boolean =>
  result !== false && !command.args.some((arg, index) => arg.param.name === 'test' && values[index] === true);

/** Streams the task's lines to stdout; a failed task exits EXIT.taskFailed. */
const waitForTask = async (call: Caller): Promise<void> => {
  const end = await followTask({
    readStatus: async () => {
      const status = (await call('api.getTaskStatus', [])) as Partial<TaskStatusReply>;
      return { completed: status.completed === true, message: String(status.message ?? '') };
    },
    print: (line) => process.stdout.write(`${line}\n`),
    pause: pauseBetweenPolls,
  });
  if (end.outcome === 'failed') throw new ExitError('the task failed (its last line above)', EXIT.taskFailed);
};

/** `folio server-command NAME ARGS…`: PaperCut's `server-command`, against a running Folio. */
export const serverCommand = async (
  name: string | undefined,
  words: readonly string[],
  flags: ServerCommandFlags,
): Promise<void> => {
  if (name === undefined || flags.list === true) {
    process.stdout.write(commandList());
    return;
  }
  const command = findServerCommand(name.trim());
  if (command === undefined)
    throw new ExitError(
      `unknown command '${name}': folio server-command --list shows every command`,
      EXIT.usage,
    );
  checkArity(command, words);
  checkFlags(command, flags);
  const values = valuesFor(command, words);
  const call = connect(flags);
  const result = command.paged
    ? await everyItem(call, command, values)
    : await call(command.method.name, values);
  process.stdout.write(flags.json === true ? taskStatusJson(result) : printed(command, result));
  if (flags.wait !== true) return;
  if (!queuedTask(command, values, result)) {
    process.stderr.write(`folio: ${command.name} queued no task: nothing to wait for\n`);
    return;
  }
  await waitForTask(call);
};
