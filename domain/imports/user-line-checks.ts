import { Either, isLeft } from 'fp-ts/Either';
import { DomainError } from '../errors';
import { User } from '../users/state';
import { FieldResult } from './fields';
import { ImportLookups } from './plan';

/** Everything that can be wrong with one line, collected so that the line is reported once. */
export const collector = () => {
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

export const nameProblem = (raw: string, validated: Either<DomainError, string>): string | null =>
  isLeft(validated)
    ? validated.left.code === 'InvalidName'
      ? `username '${raw}' is not valid: ${validated.left.reason}`
      : `username '${raw}' is not valid`
    : null;

/** Card numbers given in the file so far, so one number never ends up on two users. */
export const cardBook = (lookups: ImportLookups) => {
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

/** A PIN in the file replaces the user's unless the caller protects PINs already set. */
export const pinToSet = (
  pin: string,
  existing: User | undefined,
  overwritePINs: boolean,
): string | undefined =>
  pin !== '' && (existing === undefined || overwritePINs || !existing.hasPin) ? pin : undefined;
