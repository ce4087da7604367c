import { isLeft } from 'fp-ts/Either';
import { validateInternalUsername, validateUsername } from '../names';
import { UserDetailField } from '../users/events';
import { User } from '../users/state';
import { amountField, yesNoField } from './fields';
import { ImportLookups, ImportPlan, LineNote, tooManyColumns, UserImportDraft } from './plan';
import { field, TsvLine } from './tsv';
import { INTERNAL_USER_COLUMNS, USER_COLUMNS, UserRow, userRow } from './user-columns';
import { cardBook, collector, nameProblem, pinToSet } from './user-line-checks';

export { planCardNumberImport } from './card-number-plan';
export { CARD_NUMBER_COLUMNS, INTERNAL_USER_COLUMNS, USER_COLUMNS } from './user-columns';

const detailsOf = (fields: Partial<Record<UserDetailField, string>>) => {
  const present: Partial<Record<UserDetailField, string>> = {};
  let any = false;
  for (const [name, value] of Object.entries(fields) as [UserDetailField, string][])
    if (value !== '') {
      present[name] = value;
      any = true;
    }
  return any ? present : undefined;
};

type Mode =
  | { readonly kind: 'users'; readonly createNewUsers: boolean }
  | {
      readonly kind: 'internal-users';
      readonly overwritePasswords: boolean;
      readonly overwritePINs: boolean;
    };

/** The fields of one valid line that change something; blank fields leave the user as it is. */
const userChanges = (
  r: UserRow,
  existing: User | undefined,
  mode: Mode,
  check: ReturnType<typeof collector>,
) => {
  const balance = check.take(amountField('balance', r.balance));
  const restricted = check.take(yesNoField('restricted', r.restricted));
  if (mode.kind === 'internal-users' && existing === undefined && r.password === '')
    check.add('a new internal user needs a password');
  const password =
    mode.kind === 'internal-users' && r.password !== '' && (existing === undefined || mode.overwritePasswords)
      ? r.password
      : undefined;
  const pin = pinToSet(r.pin, existing, mode.kind === 'internal-users' ? mode.overwritePINs : true);
  // Only the fields the line sets: an absent field leaves the user as it is.
  const changes: { -readonly [K in keyof UserImportDraft]?: UserImportDraft[K] } = {};
  const details = detailsOf(r.details);
  if (details !== undefined) changes.details = details;
  if (restricted !== undefined) changes.restricted = restricted;
  if (balance !== undefined) changes.balance = balance;
  if (r.primaryCard !== '') changes.primaryCardNumber = r.primaryCard;
  if (r.secondaryCard !== '') changes.secondaryCardNumber = r.secondaryCard;
  if (pin !== undefined) changes.pin = pin;
  if (password !== undefined) changes.password = password;
  return changes;
};

/**
 * Validates a user file (batchImportUsers) or an internal-user file (batchImportInternalUsers).
 * Every line is checked before anything is written; a card number another user holds leaves its
 * line unapplied.
 */
export const planUserImport = (lines: readonly TsvLine[], mode: Mode, lookups: ImportLookups): ImportPlan => {
  const columns = mode.kind === 'users' ? USER_COLUMNS : INTERNAL_USER_COLUMNS;
  const users: UserImportDraft[] = [];
  const problems: LineNote[] = [];
  const ignored: LineNote[] = [];
  const names = new Map<string, number>();
  const checkCard = cardBook(lookups);

  for (const line of lines) {
    const report = (message: string) => problems.push({ line: line.number, message });
    const tooMany = tooManyColumns(line.fields.length, columns);
    if (tooMany !== null) {
      report(tooMany);
      continue;
    }
    const raw = field(line, 0);
    if (raw === '') {
      report('the username is missing');
      continue;
    }
    const validated = mode.kind === 'users' ? validateUsername(raw) : validateInternalUsername(raw);
    if (isLeft(validated)) {
      report(nameProblem(raw, validated) ?? `username '${raw}' is not valid`);
      continue;
    }
    const username = validated.right;
    const earlier = names.get(username);
    if (earlier !== undefined) {
      report(`user '${username}' is already on line ${earlier}`);
      continue;
    }
    names.set(username, line.number);
    const existing = lookups.userByName(username);
    if (existing === undefined && mode.kind === 'users' && !mode.createNewUsers) {
      ignored.push({
        line: line.number,
        message: `user '${username}' does not exist and createNewUsers is false`,
      });
      continue;
    }
    const check = collector();
    if (existing !== undefined && mode.kind === 'internal-users' && !existing.internal)
      check.add(
        `user '${username}' exists and is not an internal user (its password is kept by the directory)`,
      );
    const userId = existing?.userId ?? lookups.newId('user', username);
    const r = userRow(line, mode.kind);
    const changes = userChanges(r, existing, mode, check);
    for (const card of [r.primaryCard, r.secondaryCard]) {
      if (card === '') continue;
      const cardProblem = checkCard(card, userId, line.number);
      if (cardProblem !== null) check.add(cardProblem);
    }
    if (check.problems.length > 0) {
      report(check.problems.join('; '));
      continue;
    }
    users.push({
      line: line.number,
      userId,
      username,
      create: existing === undefined,
      internal: existing?.internal ?? mode.kind === 'internal-users',
      ...changes,
    });
  }
  return { lines: lines.length, users, sharedAccounts: [], deletions: [], problems, ignored };
};
