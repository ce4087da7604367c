import { left, right } from 'fp-ts/Either';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isDisabledAt } from '../../domain/properties';
import { ALL_USERS_GROUP_ID, INTERNAL_USERS_GROUP_ID } from '../../projections/groups';
import { writeFileAtomically } from '../files';
import { ReadModels } from '../../projections';
import { Result } from '../kernel';

/** The file is written from the read models alone; the clock dates it and decides what is disabled. */
export interface ClientFilePorts {
  readonly models: Pick<ReadModels, 'sharedAccounts' | 'groups' | 'users'>;
  readonly clock: () => Date;
}

/** Where api.createUserClientAccountsFile writes, inside the data folder. */
export const USER_CLIENT_FOLDER = 'user-client';
export const USER_CLIENT_ACCOUNTS_FILE = 'shared-accounts.tsv';

const COLUMNS = [
  'full name',
  'parent',
  'sub-account',
  'account id',
  'comment option',
  'invoice option',
  'pin required',
  'users',
  'groups',
];

/** Tabs and line breaks cannot be in a field of a tab-separated line. */
const cell = (text: string): string => text.replace(/[\t\r\n]+/g, ' ');

/**
 * api.createUserClientAccountsFile: the shared accounts a user client may offer, as a UTF-8,
 * tab-separated file `<data>/user-client/shared-accounts.tsv` (replaced whole, atomically). Two
 * comment lines (`#`) name the time and the columns; then one line per account that is not deleted
 * and not disabled, sorted by full name: full name (`parent\sub`), parent, sub-account ('' for a
 * top-level account), account id, comment option, invoice option, `Y` when the account has a PIN
 * (never the PIN itself), and the users and groups with access, separated by `|`.
 */
export const createClientFileServices = ({ models, clock }: ClientFilePorts, dataDir: string | null) => ({
  createUserClientAccountsFile: async (): Result<boolean> => {
    if (dataDir === null)
      return left({ code: 'DataFolderUnavailable', feature: "The user client's accounts file" });
    const now = clock();
    const groupName = (id: string): string | undefined =>
      id === ALL_USERS_GROUP_ID
        ? '!!All Users!!'
        : id === INTERNAL_USERS_GROUP_ID
          ? '!!Internal Users!!'
          : models.groups.byId(id)?.name;
    const names = (ids: readonly string[], lookUp: (id: string) => string | undefined): string =>
      ids
        .map(lookUp)
        .filter((name): name is string => name !== undefined)
        .sort()
        .join('|');
    const lines = models.sharedAccounts
      .sorted()
      .filter((account) => !isDisabledAt(account.disabledUntil, now))
      .map((account) => {
        const parent = account.parentId === '' ? undefined : models.sharedAccounts.byId(account.parentId);
        return [
          models.sharedAccounts.fullName(account),
          parent?.name ?? account.name,
          parent === undefined ? '' : account.name,
          account.accountId,
          account.commentOption,
          account.invoiceOption,
          account.pin === '' ? 'N' : 'Y',
          names(account.accessUserIds, (id) => models.users.activeById(id)?.username),
          names(account.accessGroupIds, groupName),
        ]
          .map(cell)
          .join('\t');
      });
    const folder = join(dataDir, USER_CLIENT_FOLDER);
    mkdirSync(folder, { recursive: true, mode: 0o750 });
    writeFileAtomically(
      join(folder, USER_CLIENT_ACCOUNTS_FILE),
      [
        `# Folio shared accounts for the user client, written ${now.toISOString()}`,
        `# ${COLUMNS.join('\t')}`,
        ...lines,
        '',
      ].join('\n'),
    );
    return right(true);
  },
});

export type ClientFileServices = ReturnType<typeof createClientFileServices>;
