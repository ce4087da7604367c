import { ImportLookups, ImportPlan, LineNote, tooManyColumns, UserImportDraft } from './plan';
import { TsvLine } from './tsv';
import { CARD_NUMBER_COLUMNS, row } from './user-columns';
import { cardBook, pinToSet } from './user-line-checks';

const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);

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
