import { ALL_METHODS } from '../xmlrpc/methods';
import { MethodDefinition, ParamSpec } from '../xmlrpc/method';

/**
 * PaperCut's `server-command` names, their arguments and what each prints. A script written for
 * PaperCut's `server-command` must run unchanged against `folio server-command`, so names, argument
 * order and output follow PaperCut's tool, not the XML-RPC signatures: list commands take no paging
 * arguments and print every item, one per line.
 */
export type Output =
  /** Nothing on success (PaperCut's void commands print nothing). */
  | 'nothing'
  /** The value as text: a string, `true`/`false`, a number, an amount as `5.00`. */
  | 'value'
  /** Each item on its own line: what `while read` loops and `xargs` consume. */
  | 'lines'
  /** getTaskStatus: `Completed: true|false`, then the task's message lines. */
  | 'task-status'
  /** A struct: one `name: value` line per member. */
  | 'members';

export interface CliArgument {
  /** As `--list` and argument errors show it: `user`, `import-file`. */
  readonly name: string;
  readonly param: ParamSpec;
  /** An optional trailing flag that PaperCut's tool defaults when it is left off. */
  readonly defaultWord?: string;
}

export interface ServerCommand {
  readonly name: string;
  readonly method: MethodDefinition;
  readonly args: readonly CliArgument[];
  /** The list methods: every page is fetched and printed; offset and limit are not arguments. */
  readonly paged: boolean;
  readonly output: Output;
  /** The call queues a background task that api.getTaskStatus reports: `--wait` follows it to its end. */
  readonly startsTask: boolean;
}

/** `lookUpUserNameByIDNo` → `look-up-user-name-by-id-no`: an acronym is one word, as PaperCut spells it. */
export const dashedName = (method: string): string =>
  method
    .replace(/^api\./, '')
    .split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)
    .map((word) => word.toLowerCase())
    .join('-');

/** PaperCut's names where the tool does not simply dash the API method's name. */
const RENAMED: Readonly<Record<string, string>> = {
  'api.getConfigValue': 'get-config',
  'api.setConfigValue': 'set-config',
  'api.isUserExists': 'user-exists',
  'api.isSharedAccountExists': 'shared-account-exists',
  'api.isGroupExists': 'group-exists',
  'api.renameUserAccount': 'rename-user',
  'api.reapplyInitialUserSettings': 're-apply-initial-user-settings',
};

/** Other spellings that scripts use; each runs the same command. */
const ALIASES: Readonly<Record<string, string>> = {
  'is-user-exists': 'user-exists',
  'is-shared-account-exists': 'shared-account-exists',
  'is-group-exists': 'group-exists',
  'rename-user-account': 'rename-user',
  'reapply-initial-user-settings': 're-apply-initial-user-settings',
  'get-config-value': 'get-config',
  'set-config-value': 'set-config',
  'list-group-members': 'get-group-members',
};

/**
 * Trailing flags PaperCut's tool lets a script leave off, with the value it then uses: the
 * overwrite flags of the imports default to false (nothing already set is overwritten).
 */
const DEFAULTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'api.batchImportInternalUsers': { overwritePasswords: 'false', overwritePINs: 'false' },
  'api.batchImportUserCardIdNumbers': { overwritePINs: 'false' },
};

const PAGING = new Set(['offset', 'limit']);

/**
 * The methods whose call queues a background task (application/durable-tasks.ts) and answers at once.
 * batchImportSharedAccounts queues none when its `test` flag is set, syncGroup none when it answers
 * false. api.addNewGroup is left out: it queues a task only when a user directory is configured.
 */
export const TASK_METHODS: ReadonlySet<string> = new Set([
  'api.batchImportInternalUsers',
  'api.batchImportPrinters',
  'api.batchImportSharedAccounts',
  'api.batchImportUserCardIdNumbers',
  'api.batchImportUsers',
  'api.addNewUsers',
  'api.performGroupSync',
  'api.performUserAndGroupSync',
  'api.performUserAndGroupSyncAdvanced',
  'api.syncGroup',
  'api.performOnlineBackup',
]);

/** PaperCut's words for arguments whose API parameter name dashes badly (`overwritePINs`). */
const ARGUMENT_NAMES: Readonly<Record<string, string>> = {
  file: 'import-file',
  overwritePasswords: 'overwrite-existing-passwords',
  overwritePINs: 'overwrite-existing-pins',
};

const argumentName = (param: string): string => ARGUMENT_NAMES[param] ?? dashedName(param);

const outputOf = (method: MethodDefinition, paged: boolean): Output => {
  if (method.name === 'api.getTaskStatus') return 'task-status';
  if (paged || method.returns === 'a[s]') return 'lines';
  if (method.returns === 'ok') return 'nothing';
  if (method.returns === 'st') return 'members';
  return 'value';
};

const commandFor = (method: MethodDefinition): ServerCommand => {
  const paged = method.params.some((param) => param.name === 'offset');
  const defaults = DEFAULTS[method.name] ?? {};
  return {
    name: RENAMED[method.name] ?? dashedName(method.name),
    method,
    args: method.params
      .filter((param) => !PAGING.has(param.name))
      .map((param) => ({
        name: argumentName(param.name),
        param,
        ...(Object.hasOwn(defaults, param.name) ? { defaultWord: defaults[param.name] } : {}),
      })),
    paged,
    output: outputOf(method, paged),
    startsTask: TASK_METHODS.has(method.name),
  };
};

/** Every command, sorted by name; device-management methods are left out (Folio does not manage devices). */
export const SERVER_COMMANDS: readonly ServerCommand[] = ALL_METHODS.filter((method) => method.tier !== 'mf')
  .map(commandFor)
  .sort((a, b) => a.name.localeCompare(b.name));

export const findServerCommand = (name: string): ServerCommand | undefined => {
  const wanted = ALIASES[name] ?? name;
  return SERVER_COMMANDS.find((command) => command.name === wanted);
};

export const aliasesOf = (command: ServerCommand): readonly string[] =>
  Object.entries(ALIASES)
    .filter(([, target]) => target === command.name)
    .map(([alias]) => alias);

/** `<user> <amount> <comment> [account-name]`: required in angle brackets, optional in square ones. */
export const usage = (command: ServerCommand): string =>
  command.args
    .map((arg) => (arg.param.optional || arg.defaultWord !== undefined ? `[${arg.name}]` : `<${arg.name}>`))
    .join(' ');

export const OUTPUT_TEXT: Readonly<Record<Output, string>> = {
  nothing: 'nothing',
  value: 'the value',
  lines: 'one item per line (every item)',
  'task-status': '`Completed: true|false`, then the message lines',
  members: 'one `name: value` line per member',
};
