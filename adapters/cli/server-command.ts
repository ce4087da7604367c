import { CallError, CallFlags, Caller, connect, formatAmount, toValue } from './call';
import { aliasesOf, findServerCommand, SERVER_COMMANDS, ServerCommand, usage } from './server-command-table';

/** The page size the list commands fetch with: PaperCut's recommended batch for listing methods. */
export const LIST_PAGE_SIZE = 1000;
/** A bound on how many pages one listing reads, so a server that never ends a list cannot hang a script. */
const MAX_PAGES = 10_000;

/** Argument errors name what the user typed: the command and its CLI arguments. */
const checkArity = (command: ServerCommand, words: readonly string[]): void => {
  const required = command.args.filter((arg) => !arg.param.optional && arg.defaultWord === undefined).length;
  if (words.length >= required && words.length <= command.args.length) return;
  const expected = command.args.length === 0 ? 'takes no arguments' : `takes ${usage(command)}`;
  const got = `${words.length} argument${words.length === 1 ? '' : 's'} given`;
  throw new CallError(`${command.name} ${expected} (${got})`);
};

const valuesFor = (command: ServerCommand, words: readonly string[]): unknown[] => {
  const values: unknown[] = [];
  command.args.forEach((arg, index) => {
    const word = words[index] ?? arg.defaultWord;
    if (word === undefined) return;
    try {
      values.push(toValue(arg.param.type, word));
    } catch (error) {
      throw new CallError(`${command.name}: <${arg.name}> ${(error as Error).message}`);
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
    const args = usage(command);
    return `${command.name}${args === '' ? '' : ` ${args}`}${aliases.length === 0 ? '' : `   (also: ${aliases.join(', ')})`}\n`;
  }).join('');

/** `folio server-command NAME ARGS…`: PaperCut's `server-command`, against a running Folio. */
export const serverCommand = async (
  name: string | undefined,
  words: readonly string[],
  flags: CallFlags & { readonly list?: boolean },
): Promise<void> => {
  if (name === undefined || flags.list === true) {
    process.stdout.write(commandList());
    return;
  }
  const command = findServerCommand(name.trim());
  if (command === undefined)
    throw new CallError(`unknown command '${name}': folio server-command --list shows every command`);
  checkArity(command, words);
  const values = valuesFor(command, words);
  const call = connect(flags);
  const result = command.paged
    ? await everyItem(call, command, values)
    : await call(command.method.name, values);
  process.stdout.write(printed(command, result));
};
