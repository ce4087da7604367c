import { coverageMarkdown, SpecifiedMethod } from '../xmlrpc/coverage';
import { MethodDefinition } from '../xmlrpc/method';
import { LIST_PAGE_SIZE } from './server-command';
import { POLL_INTERVAL_MS } from './task-wait';
import { aliasesOf, OUTPUT_TEXT, SERVER_COMMANDS, usage } from './server-command-table';

const cell = (text: string): string => (text === '' ? '—' : text.replace(/\|/g, '\\|'));

const serverCommandSection = (): string[] => [
  '## `folio server-command`',
  '',
  "PaperCut's `server-command`, against a running Folio: `folio server-command NAME ARGS… [--host H] [--port P]",
  "[--auth-token T]`. Names, argument order and output follow PaperCut's tool so its scripts run unchanged:",
  `list commands take no offset or limit and print every item (fetched ${LIST_PAGE_SIZE} at a time), one per line, so`,
  '`folio server-command list-user-accounts | while read u; do …; done` works. Output is plain lines on stdout; an',
  'empty result prints nothing. Errors go to stderr with a non-zero exit status; an argument error names the',
  'command and its arguments. `folio server-command` alone or `--list` prints every command with its arguments.',
  'Arguments in `[brackets]` may be left off; the import flags then default to `false`.',
  '',
  "The commands that start a background task (marked `--wait`) accept `--wait`: after the call answers, the task's lines are",
  `printed as they appear (api.getTaskStatus is asked every ${POLL_INTERVAL_MS} ms), each once, until the task ends; the exit`,
  'status is 0 when it completed and 7 when its last line says `NAME: failed: …`. Should another task start meanwhile',
  '(getTaskStatus shows only the newest), the wait stops with a message and exit 1; the task goes on on the server.',
  '`get-task-status --json` prints `{"completed": …, "message": …, "lines": […]}`.',
  '',
  '| command | arguments | output | API method | also accepted |',
  '|---|---|---|---|---|',
  ...SERVER_COMMANDS.map(
    (command) =>
      `| \`${command.name}\`${command.startsTask ? ' (`--wait`)' : ''} | ${usage(command) === '' ? '—' : cell(`\`${usage(command)}\``)} | ${cell(OUTPUT_TEXT[command.output])} | \`${command.method.name}\` | ${cell(aliasesOf(command).join(', '))} |`,
  ),
  '',
];

const USER_PROPERTIES: readonly (readonly [string, string])[] = [
  ['balance', 'read, write (a balance change with its transfer)'],
  ['primary-card-number (alias card-number)', 'read, write'],
  ['secondary-card-number (alias card-number2)', 'read, write'],
  ['card-pin', 'write only'],
  ['password', 'write only, internal users'],
  ['department, email, full-name, notes, office, home, username-alias, other-emails', 'read, write'],
  ['delegated-users', 'read, write: comma-separated usernames (stored lower-case, without blanks)'],
  ['delegated-groups', 'read, write: comma-separated group names'],
  ['disabled-print, disabled-net, restricted', 'read, write (true/false)'],
  [
    'unauthenticated, dont-hold-jobs-in-release-station, dont-apply-printer-filter-rules, dont-archive, auto-release-jobs',
    'read, write (true/false)',
  ],
  ['printer-cost-adjustment-rate-percent, overdraft-amount', 'read, write'],
  ['print-stats.job-count, print-stats.page-count, net-stats.data-mb, net-stats.time-hours', 'read only'],
  ['internal, auto-shared-account', 'read only'],
  [
    'account-selection.mode, account-selection.can-charge-personal, account-selection.can-charge-shared-from-list, account-selection.can-charge-shared-by-pin',
    'read only',
  ],
];

const SHARED_ACCOUNT_PROPERTIES: readonly (readonly [string, string])[] = [
  ['access-groups, access-users', 'read, write (comma-separated names)'],
  ['account-id', 'read only'],
  [
    'balance, comment-option, disabled, invoice-option, notes, overdraft-amount, pin, restricted',
    'read, write',
  ],
];

const PRINTER_PROPERTIES: readonly (readonly [string, string])[] = [
  ['cost-model', 'read, write: SIMPLE, AREA, SIZE_TABLE, SIZE_CATEGORY, SIZE_DETAILED, SIZE_LENGTH'],
  ['custom-field-1 … custom-field-6', 'read, write'],
  ['disabled', 'read, write (true/false)'],
  ['virtual', 'read, write (true/false): a virtual (find-me) queue'],
  [
    'advanced-config.NAME',
    "read, write: the printer's configuration value NAME (cost tables, watermarks, release settings…); '' when unset, setting '' clears it. Stored and returned; Folio prices jobs with SIMPLE only",
  ],
  ['printer-id', "read only: PaperCut's numeric id (the printer's number in registration order)"],
  ['print-stats.job-count, print-stats.page-count', 'read only'],
];

const propertyTable = (title: string, rows: readonly (readonly [string, string])[]): string[] => [
  `### ${title}`,
  '',
  '| property | access |',
  '|---|---|',
  ...rows.map(([name, access]) => `| ${cell(name)} | ${cell(access)} |`),
  '',
];

const conventionsSection = (): string[] => [
  '## Properties',
  '',
  'Names are case-insensitive; values are strings; booleans read `true`/`false` and any case is accepted on write.',
  'Every change is an event. An unknown name is fault 700 naming it.',
  '',
  ...propertyTable('User (`getUserProperty`, `setUserProperty`, …)', USER_PROPERTIES),
  ...propertyTable('Shared account (`getSharedAccountProperty`, …)', SHARED_ACCOUNT_PROPERTIES),
  ...propertyTable('Printer (`getPrinterProperty`, `setPrinterProperties`, …)', PRINTER_PROPERTIES),
  '## Names and paging',
  '',
  '- A `limit` of 0 or less lists everything from `offset` on (clients send 0, or -1, for "all"); a positive limit',
  '  is the page size; an offset past the end gives `[]`.',
  '- A shared-account name with one trailing backslash (`Marketing\\`, what `parent + "\\\\" + sub` gives for a',
  '  parent row) names the parent, wherever a shared-account name is taken.',
  "- `[All Users]` and `[Internal Users]` (the spelling of PaperCut's screens and import files) name the built-in",
  '  groups `!!All Users!!` and `!!Internal Users!!`, in any case.',
  '- Shared-account imports leave out an access user or group that does not exist, import the account with the',
  '  rest, and report each left-out entry as `Line N: skipped: …` in the feedback.',
  '',
  '## Fault texts that scripts match',
  '',
  "Folio's message says what is wrong; where PaperCut's wording is documented or widely parsed, it is kept inside it.",
  '',
  '| fault | code | text |',
  '|---|---|---|',
  '| refused address | 100 | `Access denied. Your IP address is not allowed to access the Web Services API.` |',
  '| wrong parameter count or types | 201 | begins `java.lang.NoSuchMethodException: api.METHOD(types sent)` |',
  "| card/ID number held by another user | 305 | contains `number for user 'USER'` and `Card number: NUMBER` |",
  "| unknown user, shared account, group, printer | 300, 500, 600, 1300 | `The user 'NAME' does not exist.` (and alike) |",
  '',
];

/** docs/api.md: the method coverage, the server-command table, the properties and the fault texts. */
export const apiMarkdown = (
  specified: readonly SpecifiedMethod[],
  registry: ReadonlyMap<string, MethodDefinition>,
): string =>
  [coverageMarkdown(specified, registry), ...serverCommandSection(), ...conventionsSection()].join('\n');
