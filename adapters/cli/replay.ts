import { isLeft } from 'fp-ts/Either';
import { formatMoney, Money } from '../../domain/money';
import { describeBound } from '../../projections/ledger/bounds';
import { stateAsOf, StateAsOf } from '../../application/audit/as-of';
import { CONFIG_KEYS } from '../../application/policy';
import { AccountStateAsOf, accountAsOf } from '../../application/postings/account-as-of';
import { SharedAccount } from '../../domain/shared-accounts/state';
import { User } from '../../domain/users/state';
import { openPostings } from './postings';
import { boundFrom } from './bounds';
import { DataFlags, openData } from './data-store';
import { DomainErrorMessage, FormatFlags, formatTable, jsonDocument, requestedFormat } from './output';
import { EXIT, ExitError } from './exit-codes';
import { createProgress } from './progress';
import { START } from '../../projections/ledger/bounds';

export interface ReplayFlags extends DataFlags, FormatFlags {
  readonly until: string;
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

const statusOf = (entity: { readonly deleted: boolean; readonly restricted: boolean }): string =>
  [entity.deleted ? 'deleted' : '', entity.restricted ? 'restricted' : ''].filter((x) => x !== '').join(', ');

const total = (balances: Readonly<Record<string, Money>>): Money =>
  Object.values(balances).reduce((sum, balance) => sum + balance, 0n);

const cutLine = (state: Pick<StateAsOf, 'position' | 'recordedAt'>): string =>
  state.position === 0
    ? 'before the first event'
    : `after position ${state.position} (recorded ${state.recordedAt ?? ''})`;

const stateText = (state: StateAsOf, until: string): string => {
  const { models } = state;
  const users = [...models.users.all()].sort((a, b) => (a.username < b.username ? -1 : 1));
  const shared = [...models.sharedAccounts.all()].sort((a, b) =>
    models.sharedAccounts.fullName(a) < models.sharedAccounts.fullName(b) ? -1 : 1,
  );
  const system = [...models.transactions.balances().entries()]
    .filter(([key]) => key.startsWith('system:'))
    .sort();
  return [
    `State as of ${until}: ${cutLine(state)}`,
    `Trial balance: ${formatMoney(models.transactions.trialBalance())}`,
    '',
    `Users (${users.length}):`,
    formatTable(
      ['username', 'balance', 'status'],
      users.map((user) => [user.username, formatMoney(total(user.balances)), statusOf(user)]),
    ),
    `Shared accounts (${shared.length}):`,
    formatTable(
      ['account', 'balance', 'status'],
      shared.map((account) => [
        models.sharedAccounts.fullName(account),
        formatMoney(account.balance),
        statusOf(account),
      ]),
    ),
    `System accounts (${system.length}):`,
    formatTable(
      ['account', 'balance'],
      system.map(([key, balance]) => [key, formatMoney(balance)]),
    ),
    `Groups: ${models.groups.sorted().length}; configuration values: ${Object.keys(models.config.snapshot().values).length}`,
    '',
  ].join('\n');
};

/** One account as of the cut, in the full replay's JSON shape; null if the log holds no such account then. */
const accountJson = (found: AccountStateAsOf, until: string) => {
  const { account } = found;
  return {
    until,
    position: found.position,
    recordedAt: found.recordedAt,
    account:
      account === null
        ? null
        : account.kind === 'user'
          ? userJson(account.user)
          : account.kind === 'shared'
            ? sharedJson(account.account, account.fullName)
            : { account: account.key, balance: money(account.balance) },
  };
};

/** The account's line of the full replay's table: a user's balance is all their personal accounts together. */
const accountText = (found: AccountStateAsOf, until: string): string => {
  const { account } = found;
  const row =
    account === null
      ? [found.name, money(0n), '']
      : account.kind === 'user'
        ? [account.user.username, money(total(account.user.balances)), statusOf(account.user)]
        : account.kind === 'shared'
          ? [account.fullName, money(account.account.balance), statusOf(account.account)]
          : [found.name, money(account.balance), ''];
  return `State of ${found.name} as of ${until}: ${cutLine(found)}\n${formatTable(['account', 'balance', 'status'], [row])}`;
};

const REPLAY_FORMATS = ['text', 'json'];

/** `folio replay --until TIME|POSITION`: balances and entity state as they were, folded from the log alone. */
export const replay = async (flags: ReplayFlags): Promise<void> => {
  const until = boundFrom(flags.until, '--until', START);
  const format = (requestedFormat(flags) ?? 'text').trim().toLowerCase();
  if (!REPLAY_FORMATS.includes(format))
    throw new ExitError(`--format ${flags.format ?? ''}: use ${REPLAY_FORMATS.join(' or ')}`, EXIT.usage);
  const data = openData(flags);
  const { store } = data;
  const progress = createProgress('replay', flags.progress !== false);
  try {
    const described = describeBound(until);
    if (flags.account !== undefined) {
      const postings = openPostings(data);
      const found = await accountAsOf(store, postings, until, flags.account).finally(() => postings.close());
      if (isLeft(found)) throw new DomainErrorMessage(found.left);
      process.stdout.write(
        format === 'json'
          ? jsonDocument(accountJson(found.right, described))
          : accountText(found.right, described),
      );
      return;
    }
    const state = await stateAsOf(store, until, progress.update);
    progress.stop();
    process.stdout.write(
      format === 'json' ? jsonDocument(stateJson(state, described)) : stateText(state, described),
    );
  } finally {
    progress.stop();
    await store.close();
  }
};
