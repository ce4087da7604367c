import { isLeft } from 'fp-ts/Either';
import { formatMoney, Money } from '../../domain/money';
import { describeBound } from '../../projections/ledger/bounds';
import { stateAsOf, StateAsOf } from '../../application/audit/as-of';
import { CONFIG_KEYS } from '../../application/policy';
import { accountAsOf } from '../../application/postings/account-as-of';
import { SharedAccount } from '../../domain/shared-accounts/state';
import { User } from '../../domain/users/state';
import { openPostings } from './postings';
import { boundFrom } from './bounds';
import { DataFlags, openData } from './data-store';
import { DomainErrorMessage } from './output';
import { createProgress } from './progress';
import { START } from '../../projections/ledger/bounds';

export interface ReplayFlags extends DataFlags {
  readonly until: string;
  readonly format?: string;
  readonly account?: string;
  readonly progress?: boolean;
}

const SECRET_CONFIG_KEYS = new Set<string>([CONFIG_KEYS.authTokens]);

const money = (amount: Money) => formatMoney(amount);

/** A user as of the cut, without secrets (the password hash). */
const userJson = ({ passwordHash: _passwordHash, balances, ...user }: User) => ({
  ...user,
  hasPassword: _passwordHash !== '',
  overdraft: user.overdraft.mode === 'individual' ? money(user.overdraft.amount) : 'default',
  balances: Object.fromEntries(Object.entries(balances).map(([name, balance]) => [name, money(balance)])),
});

/** A shared account as of the cut, without its PIN. */
const sharedJson = ({ pin, balance, ...account }: SharedAccount, fullName: string) => ({
  ...account,
  fullName,
  hasPin: pin !== '',
  balance: money(balance),
  overdraft: account.overdraft.mode === 'individual' ? money(account.overdraft.amount) : 'default',
});

/** Entity state and balances as of the cut, without secrets (hashes, tokens). */
const stateJson = (state: StateAsOf, until: string) => {
  const { models } = state;
  return {
    until,
    position: state.position,
    recordedAt: state.recordedAt,
    trialBalance: money(models.transactions.trialBalance()),
    users: [...models.users.all()].sort((a, b) => (a.username < b.username ? -1 : 1)).map(userJson),
    sharedAccounts: [...models.sharedAccounts.all()].map((account) =>
      sharedJson(account, models.sharedAccounts.fullName(account)),
    ),
    systemAccounts: Object.fromEntries(
      [...models.transactions.balances().entries()]
        .filter(([key]) => key.startsWith('system:'))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, balance]) => [key, money(balance)]),
    ),
    groups: models.groups.snapshot(),
    config: Object.fromEntries(
      Object.entries(models.config.snapshot().values).map(([name, value]) => [
        name,
        SECRET_CONFIG_KEYS.has(name) ? '[redacted]' : value,
      ]),
    ),
  };
};

/** JSON with every amount (the models' only bigints) as exact decimal text. */
const toJson = (value: unknown): string =>
  `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? formatMoney(v) : v), 2)}\n`;

const table = (rows: readonly (readonly string[])[]): string => {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

const stateText = (state: StateAsOf, until: string): string => {
  const { models } = state;
  const users = [...models.users.all()].sort((a, b) => (a.username < b.username ? -1 : 1));
  const shared = [...models.sharedAccounts.all()].sort((a, b) =>
    models.sharedAccounts.fullName(a) < models.sharedAccounts.fullName(b) ? -1 : 1,
  );
  const system = [...models.transactions.balances().entries()]
    .filter(([key]) => key.startsWith('system:'))
    .sort();
  const total = (balances: Readonly<Record<string, Money>>) =>
    Object.values(balances).reduce((sum, balance) => sum + balance, 0n);
  return [
    `State as of ${until}: ${state.position === 0 ? 'before the first event' : `after position ${state.position} (recorded ${state.recordedAt ?? ''})`}`,
    `Trial balance: ${formatMoney(models.transactions.trialBalance())}`,
    '',
    `Users (${users.length}):`,
    table([
      ['username', 'balance', 'status'],
      ...users.map((user) => [
        user.username,
        formatMoney(total(user.balances)),
        [user.deleted ? 'deleted' : '', user.restricted ? 'restricted' : '']
          .filter((x) => x !== '')
          .join(', '),
      ]),
    ]),
    '',
    `Shared accounts (${shared.length}):`,
    table([
      ['account', 'balance', 'status'],
      ...shared.map((account) => [
        models.sharedAccounts.fullName(account),
        formatMoney(account.balance),
        [account.deleted ? 'deleted' : '', account.restricted ? 'restricted' : '']
          .filter((x) => x !== '')
          .join(', '),
      ]),
    ]),
    '',
    `System accounts (${system.length}):`,
    table([['account', 'balance'], ...system.map(([key, balance]) => [key, formatMoney(balance)])]),
    '',
    `Groups: ${models.groups.sorted().length}; configuration values: ${Object.keys(models.config.snapshot().values).length}`,
    '',
  ].join('\n');
};

/** `folio replay --until TIME|POSITION`: balances and entity state as they were, folded from the log alone. */
export const replay = async (flags: ReplayFlags): Promise<void> => {
  const until = boundFrom(flags.until, '--until', START);
  const data = openData(flags);
  const { store } = data;
  const progress = createProgress('replay', flags.progress !== false);
  try {
    const described = describeBound(until);
    if (flags.account !== undefined) {
      const postings = openPostings(data);
      const found = await accountAsOf(store, postings, until, flags.account).finally(() => postings.close());
      if (isLeft(found)) throw new DomainErrorMessage(found.left);
      const { account } = found.right;
      process.stdout.write(
        toJson({
          until: described,
          position: found.right.position,
          recordedAt: found.right.recordedAt,
          account:
            account === null
              ? null
              : account.kind === 'user'
                ? userJson(account.user)
                : account.kind === 'shared'
                  ? sharedJson(account.account, account.fullName)
                  : { account: account.key, balance: money(account.balance) },
        }),
      );
      return;
    }
    const state = await stateAsOf(store, until, progress.update);
    progress.stop();
    process.stdout.write(
      flags.format === 'json' ? toJson(stateJson(state, described)) : stateText(state, described),
    );
  } finally {
    progress.stop();
    await store.close();
  }
};
