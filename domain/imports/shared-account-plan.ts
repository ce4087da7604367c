import { isLeft } from 'fp-ts/Either';
import { apiGroupName } from '../groups/bracketed-names';
import { nameKey } from '../names';
import { SUB_ACCOUNT_SEPARATOR, validateSharedAccountName } from '../shared-accounts/decide';
import { SharedAccountDeletionEntry, SharedAccountImportEntry } from './events';
import { amountField, enumField, FieldResult, nameListField, yesNoField } from './fields';
import { ImportLookups, ImportPlan, LineNote, tooManyColumns } from './plan';
import { field, TsvLine } from './tsv';

export const SHARED_ACCOUNT_COLUMNS = [
  'parent account',
  'sub-account',
  'enabled',
  'PIN',
  'balance',
  'restricted',
  'users',
  'groups',
  'invoice option',
  'comment option',
  'notes',
] as const;

const INVOICE_OPTIONS = ['ALWAYS_INVOICE', 'NEVER_INVOICE', 'USER_CHOICE_ON', 'USER_CHOICE_OFF'] as const;
const COMMENT_OPTIONS = ['NO_COMMENT', 'COMMENT_OPTIONAL', 'COMMENT_REQUIRED'] as const;

type Settings = Omit<
  SharedAccountImportEntry,
  'line' | 'accountId' | 'fullName' | 'name' | 'parentId' | 'create'
>;

interface ParsedLine {
  readonly line: number;
  readonly parent: string;
  readonly sub: string;
  readonly settings: Settings;
  /** Access entries left out, reported by line. */
  readonly skipped: readonly string[];
}

const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);

/**
 * Names to ids. As PaperCut's import does, an access entry naming no user or group is left out and
 * reported, and the account is imported with the entries that exist: one stale name in a list
 * must not keep the account (its balance, its PIN) out of the import.
 */
const resolveNames = (
  what: 'user' | 'group',
  names: readonly string[] | undefined,
  find: (name: string) => string | undefined,
  skipped: string[],
): string[] | undefined => {
  if (names === undefined) return undefined;
  const ids: string[] = [];
  for (const name of names) {
    const id = find(name);
    if (id === undefined)
      skipped.push(`the access ${what} '${name}' does not exist; the account is imported without it`);
    else if (!ids.includes(id)) ids.push(id);
  }
  return ids;
};

const parseLine = (line: TsvLine, lookups: ImportLookups): ParsedLine | LineNote => {
  const fail = (message: string): LineNote => ({ line: line.number, message });
  const tooMany = tooManyColumns(line.fields.length, SHARED_ACCOUNT_COLUMNS);
  if (tooMany !== null) return fail(tooMany);
  const [parent, sub, enabled, pin, balance, restricted, users, groups, invoice, comment, notes] =
    SHARED_ACCOUNT_COLUMNS.map((_, index) => field(line, index)) as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
  if (parent === '') return fail('the parent account name is missing');
  const problems: string[] = [];
  const skipped: string[] = [];
  for (const [column, name] of [
    ['parent account', parent],
    ['sub-account', sub],
  ] as const) {
    if (name === '') continue;
    const valid = validateSharedAccountName(name);
    if (isLeft(valid))
      problems.push(
        `${column} name '${name}' is not valid${valid.left.code === 'InvalidName' ? `: ${valid.left.reason}` : ''}`,
      );
  }
  const take = <T>(result: FieldResult<T>): T | undefined => {
    if (isLeft(result)) {
      problems.push(result.left);
      return undefined;
    }
    return result.right;
  };
  const settings: Settings = {
    ...optional('enabled', take(yesNoField('enabled', enabled))),
    ...optional('pin', pin === '' ? undefined : pin),
    ...optional('balance', take(amountField('balance', balance))),
    ...optional('restricted', take(yesNoField('restricted', restricted))),
    ...optional(
      'accessUserIds',
      resolveNames('user', nameListField(users), (name) => lookups.userByName(name)?.userId, skipped),
    ),
    ...optional(
      'accessGroupIds',
      resolveNames(
        'group',
        nameListField(groups),
        (name) => lookups.groupIdByName(apiGroupName(name)),
        skipped,
      ),
    ),
    ...optional('invoiceOption', take(enumField('invoice option', invoice, INVOICE_OPTIONS))),
    ...optional('commentOption', take(enumField('comment option', comment, COMMENT_OPTIONS))),
    ...optional('notes', notes === '' ? undefined : notes),
  };
  return problems.length > 0
    ? fail(problems.join('; '))
    : { line: line.number, parent: parent.normalize('NFC'), sub: sub.normalize('NFC'), settings, skipped };
};

const isNote = (parsed: ParsedLine | LineNote): parsed is LineNote => 'message' in parsed;

const fullNameOf = (parent: string, sub: string): string =>
  sub === '' ? parent : `${parent}${SUB_ACCOUNT_SEPARATOR}${sub}`;

/**
 * Validates a shared-account file (batchImportSharedAccounts). Top-level accounts come first in the
 * plan, so a parent exists before its sub-accounts; a sub-account whose parent exists nowhere gets
 * the parent created with default settings. With `deleteNonExistent`, every account the file does
 * not name is deleted (sub-accounts before their parents); an account named on a bad line is kept.
 */
export const planSharedAccountImport = (
  lines: readonly TsvLine[],
  deleteNonExistent: boolean,
  lookups: ImportLookups,
): ImportPlan => {
  const problems: LineNote[] = [];
  const named = new Set<string>();
  const firstLine = new Map<string, number>();
  const valid: ParsedLine[] = [];
  const invalidNames = new Set<string>();

  for (const line of lines) {
    const parsed = parseLine(line, lookups);
    const parent = field(line, 0).normalize('NFC');
    const sub = field(line, 1).normalize('NFC');
    const key = nameKey(fullNameOf(parent, sub));
    if (parent !== '') {
      named.add(key);
      named.add(nameKey(parent));
    }
    const earlier = firstLine.get(key);
    if (parent !== '' && earlier !== undefined) {
      problems.push({
        line: line.number,
        message: `the account '${fullNameOf(parent, sub)}' is already on line ${earlier}`,
      });
      continue;
    }
    if (parent !== '') firstLine.set(key, line.number);
    if (isNote(parsed)) {
      problems.push(parsed);
      invalidNames.add(key);
      continue;
    }
    valid.push(parsed);
  }

  const topLevel: SharedAccountImportEntry[] = [];
  const subAccounts: SharedAccountImportEntry[] = [];
  const planned = new Map<string, SharedAccountImportEntry>();
  const place = (parsed: ParsedLine, parentId: string, name: string, fullName: string) => {
    const existing = lookups.sharedAccountByName(fullName);
    const entry: SharedAccountImportEntry = {
      line: parsed.line,
      accountId: existing?.accountId ?? lookups.newId('shared-account', nameKey(fullName)),
      fullName,
      name,
      parentId,
      create: existing === undefined,
      ...parsed.settings,
    };
    planned.set(nameKey(fullName), entry);
    return entry;
  };

  for (const parsed of valid.filter((each) => each.sub === '')) {
    const existing = lookups.sharedAccountByName(parsed.parent);
    if (existing !== undefined && existing.parentId !== '') {
      problems.push({
        line: parsed.line,
        message: `'${parsed.parent}' is the sub-account '${existing.fullName}', not a top-level account`,
      });
      continue;
    }
    topLevel.push(place(parsed, '', parsed.parent, parsed.parent));
  }
  for (const parsed of valid.filter((each) => each.sub !== '')) {
    const parentKey = nameKey(parsed.parent);
    const existingParent = lookups.sharedAccountByName(parsed.parent);
    let parentId: string;
    if (existingParent !== undefined) {
      if (existingParent.parentId !== '') {
        problems.push({
          line: parsed.line,
          message: `the parent '${parsed.parent}' is itself a sub-account`,
        });
        continue;
      }
      parentId = existingParent.accountId;
    } else if (planned.has(parentKey)) {
      parentId = planned.get(parentKey)?.accountId ?? '';
    } else if (invalidNames.has(parentKey)) {
      problems.push({
        line: parsed.line,
        message: `the parent '${parsed.parent}' is not created: its own line has problems`,
      });
      continue;
    } else {
      // The parent is new and has no line of its own: it is created with default settings.
      parentId = place(
        { line: parsed.line, parent: parsed.parent, sub: '', settings: {}, skipped: [] },
        '',
        parsed.parent,
        parsed.parent,
      ).accountId;
      topLevel.push(planned.get(parentKey) as SharedAccountImportEntry);
    }
    subAccounts.push(place(parsed, parentId, parsed.sub, fullNameOf(parsed.parent, parsed.sub)));
  }

  const deletions: SharedAccountDeletionEntry[] = deleteNonExistent
    ? lookups
        .sharedAccounts()
        .filter((account) => !named.has(nameKey(account.fullName)))
        // Sub-accounts first: a parent with sub-accounts cannot be deleted.
        .sort(
          (a, b) =>
            (a.parentId === '' ? 1 : 0) - (b.parentId === '' ? 1 : 0) || (a.fullName < b.fullName ? -1 : 1),
        )
        .map((account) => ({ accountId: account.accountId, fullName: account.fullName }))
    : [];

  problems.sort((a, b) => a.line - b.line);
  // Only lines that are applied report what they leave out.
  const applied = new Set([...topLevel, ...subAccounts].map((entry) => entry.line));
  const skipped = valid
    .filter((parsed) => applied.has(parsed.line))
    .flatMap((parsed) => parsed.skipped.map((message) => ({ line: parsed.line, message })))
    .sort((a, b) => a.line - b.line);
  return {
    lines: lines.length,
    users: [],
    sharedAccounts: [...topLevel, ...subAccounts],
    deletions,
    problems,
    ignored: [],
    skipped,
  };
};
