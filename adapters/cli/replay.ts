import { isLeft } from 'fp-ts/Either';
import { formatMoney, Money } from '../../domain/money';
import { ledgerAccountKey } from '../../domain/ledger/accounts';
import { describeBound } from '../../projections/ledger/bounds';
import { stateAsOf, StateAsOf } from '../../application/audit/as-of';
import { CONFIG_KEYS } from '../../application/policy';
import { AccountDescription, createAccountDirectory } from '../../application/reports/directory';
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

/** Entity state and balances as of the cut, without secrets (hashes, tokens). */
const stateJson = (state: StateAsOf, until: string) => {
  const { models } = state;
  const money = (amount: Money) => formatMoney(amount);
  return {
    until,
    position: state.position,
    recordedAt: state.recordedAt,
    trialBalance: money(models.transactions.trialBalance()),
    users: [...models.users.all()]
      .sort((a, b) => (a.username < b.username ? -1 : 1))
      .map(({ passwordHash: _passwordHash, balances, ...user }) => ({
        ...user,
        hasPassword: _passwordHash !== '',
        overdraft: user.overdraft.mode === 'individual' ? money(user.overdraft.amount) : 'default',
        balances: Object.fromEntries(
          Object.entries(balances).map(([name, balance]) => [name, money(balance)]),
        ),
      })),
    sharedAccounts: [...models.sharedAccounts.all()].map(({ pin, balance, ...account }) => ({
      ...account,
      fullName: models.sharedAccounts.fullName({ ...account, pin, balance }),
      hasPin: pin !== '',
      balance: money(balance),
      overdraft: account.overdraft.mode === 'individual' ? money(account.overdraft.amount) : 'default',
    })),
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

const cutLine = (state: StateAsOf): string =>
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
const accountAsOf = (state: StateAsOf, account: AccountDescription, until: string) => {
  const json = stateJson(state, until);
  const entity =
    account.kind === 'user'
      ? json.users.find((user) => `user:${user.userId}` === account.key)
      : account.kind === 'shared'
        ? json.sharedAccounts.find(
            (shared) => ledgerAccountKey({ kind: 'shared', accountId: shared.accountId }) === account.key,
          )
        : { account: account.key, balance: formatMoney(state.models.transactions.balanceOf(account.key)) };
  return { until, position: state.position, recordedAt: state.recordedAt, account: entity ?? null };
};

/** The account's line of the full replay's table: a user's balance is all their personal accounts together. */
const accountText = (state: StateAsOf, account: AccountDescription, until: string): string => {
  const user =
    account.kind === 'user' ? state.models.users.byId(account.key.slice('user:'.length)) : undefined;
  const shared =
    account.kind === 'shared'
      ? [...state.models.sharedAccounts.all()].find(
          (each) => ledgerAccountKey({ kind: 'shared', accountId: each.accountId }) === account.key,
        )
      : undefined;
  const row =
    user !== undefined
      ? [user.username, formatMoney(total(user.balances)), statusOf(user)]
      : shared !== undefined
        ? [state.models.sharedAccounts.fullName(shared), formatMoney(shared.balance), statusOf(shared)]
        : [account.name, formatMoney(state.models.transactions.balanceOf(account.key)), ''];
  return `State of ${account.name} as of ${until}: ${cutLine(state)}\n${formatTable(['account', 'balance', 'status'], [row])}`;
};

const REPLAY_FORMATS = ['text', 'json'];

/** `folio replay --until TIME|POSITION`: balances and entity state as they were, folded from the log alone. */
export const replay = async (flags: ReplayFlags): Promise<void> => {
  const until = boundFrom(flags.until, '--until', START);
  const format = (requestedFormat(flags) ?? 'text').trim().toLowerCase();
  if (!REPLAY_FORMATS.includes(format))
    throw new ExitError(`--format ${flags.format ?? ''}: use ${REPLAY_FORMATS.join(' or ')}`, EXIT.usage);
  const { store } = openData(flags);
  const progress = createProgress('replay', flags.progress !== false);
  try {
    const state = await stateAsOf(store, until, progress.update);
    progress.stop();
    const described = describeBound(until);
    if (flags.account !== undefined) {
      const account = createAccountDirectory(state.models.users, state.models.sharedAccounts).resolve(
        flags.account,
      );
      if (isLeft(account)) throw new DomainErrorMessage(account.left);
      process.stdout.write(
        format === 'json'
          ? jsonDocument(accountAsOf(state, account.right, described))
          : accountText(state, account.right, described),
      );
      return;
    }
    process.stdout.write(
      format === 'json' ? jsonDocument(stateJson(state, described)) : stateText(state, described),
    );
  } finally {
    progress.stop();
    await store.close();
  }
};
