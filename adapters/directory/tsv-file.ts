import { readFile, stat } from 'node:fs/promises';
import { Either, isLeft, left, right } from 'fp-ts/Either';
import { validateName, validateUsername } from '../../domain/names';
import { DirectoryListing, DirectoryProblem, DirectoryUser, UserDirectory } from './port';

/** The columns of a directory file, in order; trailing empty columns may be left out. */
export const DIRECTORY_COLUMNS = [
  'username',
  'full name',
  'email',
  'department',
  'office',
  'primary card',
  'secondary card',
  'groups',
] as const;

/** Bounds: a directory file is a listing of people, not a dump of anything. */
export const MAX_DIRECTORY_FILE_BYTES = 64 * 1024 * 1024;
export const MAX_DIRECTORY_USERS = 500_000;
/** Problems named in one error; the rest are counted. */
const MAX_PROBLEMS_SHOWN = 20;

const COMMENT = '#';

interface Seen {
  readonly usernames: Map<string, number>;
  readonly cards: Map<string, { line: number; username: string }>;
}

const parseLine = (
  fields: readonly string[],
  line: number,
  seen: Seen,
  problems: string[],
): DirectoryUser | null => {
  if (fields.length > DIRECTORY_COLUMNS.length) {
    problems.push(
      `line ${line}: ${fields.length} columns, at most ${DIRECTORY_COLUMNS.length} (${DIRECTORY_COLUMNS.join(', ')})`,
    );
    return null;
  }
  const [
    rawName = '',
    fullName = '',
    email = '',
    department = '',
    office = '',
    primaryCard = '',
    secondaryCard = '',
    groupText = '',
  ] = fields.map((field) => field.trim());
  const username = validateUsername(rawName);
  if (isLeft(username)) {
    problems.push(
      rawName === ''
        ? `line ${line}: no username`
        : `line ${line}: username '${rawName}' is not valid: ${username.left.code === 'InvalidName' ? username.left.reason : username.left.code}`,
    );
    return null;
  }
  const earlier = seen.usernames.get(username.right);
  if (earlier !== undefined) {
    problems.push(`line ${line}: username '${username.right}' is also on line ${earlier}`);
    return null;
  }
  seen.usernames.set(username.right, line);
  if (primaryCard !== '' && primaryCard === secondaryCard) {
    problems.push(`line ${line}: the primary and secondary card of '${username.right}' are the same`);
    return null;
  }
  for (const card of [primaryCard, secondaryCard]) {
    if (card === '') continue;
    const holder = seen.cards.get(card);
    if (holder !== undefined) {
      problems.push(
        `line ${line}: card '${card}' is also the card of '${holder.username}' on line ${holder.line}`,
      );
      return null;
    }
    seen.cards.set(card, { line, username: username.right });
  }
  const groups = groupText
    .split(',')
    .map((group) => group.trim())
    .filter((group) => group !== '');
  for (const group of groups) {
    const valid = validateName('group', group);
    if (isLeft(valid)) {
      problems.push(`line ${line}: group '${group}' is not valid`);
      return null;
    }
  }
  return {
    username: username.right,
    fullName,
    email,
    department,
    office,
    home: '',
    primaryCard,
    secondaryCard,
    groups,
  };
};

/**
 * Parses a directory file: UTF-8 text, one user per line, columns separated by tabs in the order of
 * DIRECTORY_COLUMNS (groups comma-separated in the last column). Blank lines and lines starting with
 * '#' are skipped, as is a first line whose first column is `username` (a header). Every problem is
 * reported with its line number; a file with any problem is refused whole, so a damaged export never
 * half-applies.
 */
export const parseDirectoryText = (
  text: string,
  source: string,
): Either<DirectoryProblem, DirectoryListing> => {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const seen: Seen = { usernames: new Map(), cards: new Map() };
  const problems: string[] = [];
  const users: DirectoryUser[] = [];
  let headerAllowed = true;
  for (const [index, content] of lines.entries()) {
    if (content.trim() === '' || content.trimStart().startsWith(COMMENT)) continue;
    const fields = content.split('\t');
    if (headerAllowed && (fields[0] ?? '').trim().toLowerCase() === 'username') {
      headerAllowed = false;
      continue;
    }
    headerAllowed = false;
    const user = parseLine(fields, index + 1, seen, problems);
    if (user !== null) users.push(user);
    if (users.length > MAX_DIRECTORY_USERS)
      return left({ reason: `${source}: more than ${MAX_DIRECTORY_USERS} users` });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
    const more = problems.length - shown.length;
    return left({
      reason: `${source} is malformed: ${shown.join('; ')}${more > 0 ? `; and ${more} more problems` : ''}`,
    });
  }
  return right({ source, users });
};

/** Why the file cannot be read, by its error code: an error's own message would name the server path. */
const describeError = (error: unknown, name: string): string => {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return `the file ${name} does not exist`;
  if (code === 'EACCES' || code === 'EPERM') return `the file ${name} cannot be read (permission denied)`;
  if (code === 'EISDIR') return `${name} is a folder, not a file`;
  return `the file ${name} cannot be read${typeof code === 'string' ? ` (${code})` : ''}`;
};

/**
 * The tab-separated file source; the file is read afresh on every sync, so edits apply at the next one.
 * `name` is how messages name the file — the name the administrator configured, not the resolved
 * path, since the messages reach API callers (task lines, faults).
 */
export const tsvFileDirectory = (path: string, name: string = path): UserDirectory => ({
  read: async () => {
    try {
      const info = await stat(path);
      if (info.isDirectory()) return left({ reason: `${name} is a folder, not a file` });
      if (info.size > MAX_DIRECTORY_FILE_BYTES)
        return left({ reason: `the file ${name} is larger than ${MAX_DIRECTORY_FILE_BYTES} bytes` });
      const bytes = await readFile(path);
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        return left({ reason: `the file ${name} is not UTF-8 text` });
      }
      return parseDirectoryText(text, `file ${name}`);
    } catch (error) {
      return left({ reason: describeError(error, name) });
    }
  },
});
