import { Either, isLeft } from 'fp-ts/Either';
import { DomainError } from '../errors';
import { validateInternalUsername, validateUsername } from '../names';
import { UserDetailField } from '../users/events';
import { User } from '../users/state';
import { amountField, FieldResult, yesNoField } from './fields';
import { ImportLookups, ImportPlan, LineNote, tooManyColumns, UserImportDraft } from './plan';
import { field, TsvLine } from './tsv';

export const USER_COLUMNS = [
  'username',
  'balance',
  'restricted',
  'full name',
  'email',
  'department',
  'office',
  'primary card/ID',
  'PIN',
  'notes',
  'secondary card/ID',
  'other emails',
  'username alias',
  'home folder',
] as const;

export const INTERNAL_USER_COLUMNS = [
  'username',
  'password',
  'balance',
  'restricted',
  'full name',
  'email',
  'department',
  'office',
  'primary card/ID',
  'PIN',
  'notes',
  'secondary card/ID',
  'home folder',
] as const;

export const CARD_NUMBER_COLUMNS = ['username', 'card/ID number', 'PIN'] as const;

type Column<C extends readonly string[]> = C[number];

/** The fields of a line by column name; columns the line does not reach are ''. */
const row = <C extends readonly string[]>(line: TsvLine, columns: C): Record<Column<C>, string> =>
  Object.fromEntries(columns.map((name, index) => [name, field(line, index)])) as Record<Column<C>, string>;

/** Everything that can be wrong with one line, collected so that the line is reported once. */
const collector = () => {
  const problems: string[] = [];
  return {
    problems,
    take: <T>(result: FieldResult<T>): T | undefined => {
      if (isLeft(result)) {
        problems.push(result.left);
        return undefined;
      }
      return result.right;
    },
    add: (problem: string): void => {
      problems.push(problem);
    },
  };
};

const nameProblem = (raw: string, validated: Either<DomainError, string>): string | null =>
  isLeft(validated)
    ? validated.left.code === 'InvalidName'
      ? `username '${raw}' is not valid: ${validated.left.reason}`
      : `username '${raw}' is not valid`
    : null;

/** Card numbers given in the file so far, so one number never ends up on two users. */
const cardBook = (lookups: ImportLookups) => {
  const given = new Map<string, { line: number; userId: string }>();
  return (card: string, userId: string, line: number): string | null => {
    const holder = lookups.cardHolder(card);
    if (holder !== undefined && holder.userId !== userId)
      return `card/ID number '${card}' already belongs to user '${holder.username}'`;
    const earlier = given.get(card);
    if (earlier !== undefined && !(earlier.userId === userId && earlier.line === line))
      return `card/ID number '${card}' is also given on line ${earlier.line}`;
    if (earlier !== undefined) return `card/ID number '${card}' is given twice on this line`;
    given.set(card, { line, userId });
    return null;
  };
};

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

const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);

type Mode =
  | { readonly kind: 'users'; readonly createNewUsers: boolean }
  | {
      readonly kind: 'internal-users';
      readonly overwritePasswords: boolean;
      readonly overwritePINs: boolean;
    };

/** The columns both user formats share, by meaning. */
interface UserRow {
  readonly balance: string;
  readonly restricted: string;
  readonly password: string;
  readonly primaryCard: string;
  readonly secondaryCard: string;
  readonly pin: string;
  readonly details: Partial<Record<UserDetailField, string>>;
}

const userRow = (line: TsvLine, kind: Mode['kind']): UserRow => {
  if (kind === 'users') {
    const r = row(line, USER_COLUMNS);
    return {
      balance: r.balance,
      restricted: r.restricted,
      password: '',
      primaryCard: r['primary card/ID'],
      secondaryCard: r['secondary card/ID'],
      pin: r.PIN,
      details: {
        fullName: r['full name'],
        email: r.email,
        department: r.department,
        office: r.office,
        notes: r.notes,
        otherEmails: r['other emails'],
        usernameAlias: r['username alias'],
        home: r['home folder'],
      },
    };
  }
  const r = row(line, INTERNAL_USER_COLUMNS);
  return {
    balance: r.balance,
    restricted: r.restricted,
    password: r.password,
    primaryCard: r['primary card/ID'],
    secondaryCard: r['secondary card/ID'],
    pin: r.PIN,
    details: {
      fullName: r['full name'],
      email: r.email,
      department: r.department,
      office: r.office,
      notes: r.notes,
      home: r['home folder'],
    },
  };
};

/** A PIN in the file replaces the user's unless the caller protects PINs already set. */
const pinToSet = (pin: string, existing: User | undefined, overwritePINs: boolean): string | undefined =>
  pin !== '' && (existing === undefined || overwritePINs || !existing.hasPin) ? pin : undefined;

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

/**
 * Validates a card/ID number file (batchImportUserCardIdNumbers): each line gives an existing user
 * a primary card/ID number and, optionally, a PIN.
 */
export const planCardNumberImport = (
  lines: readonly TsvLine[],
  overwritePINs: boolean,
  lookups: ImportLookups,
): ImportPlan => {
  const users: UserImportDraft[] = [];
  const problems: LineNote[] = [];
  const names = new Map<string, number>();
  const checkCard = cardBook(lookups);
  for (const line of lines) {
    const tooMany = tooManyColumns(line.fields.length, CARD_NUMBER_COLUMNS);
    const r = row(line, CARD_NUMBER_COLUMNS);
    const report = (message: string) => problems.push({ line: line.number, message });
    if (tooMany !== null) {
      report(tooMany);
      continue;
    }
    if (r.username === '') {
      report('the username is missing');
      continue;
    }
    const user = lookups.userByName(r.username);
    if (user === undefined) {
      report(`user '${r.username}' does not exist`);
      continue;
    }
    const earlier = names.get(user.username);
    if (earlier !== undefined) {
      report(`user '${user.username}' is already on line ${earlier}`);
      continue;
    }
    names.set(user.username, line.number);
    const card = r['card/ID number'];
    if (card === '') {
      report('the card/ID number is missing');
      continue;
    }
    const cardProblem = checkCard(card, user.userId, line.number);
    if (cardProblem !== null) {
      report(cardProblem);
      continue;
    }
    users.push({
      line: line.number,
      userId: user.userId,
      username: user.username,
      create: false,
      internal: user.internal,
      primaryCardNumber: card,
      ...optional('pin', pinToSet(r.PIN, user, overwritePINs)),
    });
  }
  return { lines: lines.length, users, sharedAccounts: [], deletions: [], problems, ignored: [] };
};
