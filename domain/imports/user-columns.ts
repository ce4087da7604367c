import { UserDetailField } from '../users/events';
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

export type Column<C extends readonly string[]> = C[number];

/** The fields of a line by column name; columns the line does not reach are ''. */
export const row = <C extends readonly string[]>(line: TsvLine, columns: C): Record<Column<C>, string> =>
  Object.fromEntries(columns.map((name, index) => [name, field(line, index)])) as Record<Column<C>, string>;

/** The columns both user formats share, by meaning. */
export interface UserRow {
  readonly balance: string;
  readonly restricted: string;
  readonly password: string;
  readonly primaryCard: string;
  readonly secondaryCard: string;
  readonly pin: string;
  readonly details: Partial<Record<UserDetailField, string>>;
}

export const userRow = (line: TsvLine, kind: 'users' | 'internal-users'): UserRow => {
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
