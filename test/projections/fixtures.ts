import { createReadModels } from '../../projections';
import { CONFIG_STREAM, configDecider } from '../../domain/config/config';
import { GroupCommand, groupDecider } from '../../domain/groups/decide';
import { counterAccountFor } from '../../domain/ledger/accounts';
import { BalanceCondition } from '../../domain/ledger/conditions';
import { Money, ZERO } from '../../domain/money';
import { OperationCommand, operationDecider } from '../../domain/operations/operations';
import { SharedAccountCommand, sharedAccountDecider } from '../../domain/shared-accounts/decide';
import { groupStream, operationStream, sharedAccountStream, userStream } from '../../domain/streams';
import { UserCommand, UserPolicy } from '../../domain/users/commands';
import { userDecider } from '../../domain/users/decide';
import { UserDetailField } from '../../domain/users/events';
import { EventLog } from '../support/event-log';

/** Commands as the application services issue them, recorded in a test log. */
export const policy: UserPolicy = { defaultOverdraft: ZERO, personalAccounts: ['colour'] };

let transfers = 0;
const nextTransfer = (cause: 'admin-adjustment' | 'balance-set' = 'admin-adjustment') => {
  transfers += 1;
  return { transferId: `t-${transfers}`, cause, counterAccount: counterAccountFor(cause), comment: 'test' };
};

export const userDoes = (log: EventLog, userId: string, command: UserCommand) =>
  log.execute(userStream(userId), userDecider, command);

export const createUser = (
  log: EventLog,
  userId: string,
  username: string,
  options: { internal?: boolean; details?: Partial<Record<UserDetailField, string>>; card?: string } = {},
) =>
  userDoes(log, userId, {
    kind: 'CreateUser',
    userId,
    username,
    internal: options.internal ?? true,
    source: options.internal === false ? 'directory' : 'internal',
    details: options.details ?? {},
    primaryCardNumber: options.card ?? '',
    pinHash: '',
    passwordHash: '',
  });

export const adjustUser = (
  log: EventLog,
  userId: string,
  amount: Money,
  options: { account?: string; condition?: BalanceCondition } = {},
) =>
  userDoes(log, userId, {
    kind: 'AdjustBalance',
    account: options.account ?? '',
    transfer: nextTransfer(),
    amount,
    condition: options.condition ?? { kind: 'unconditional' },
    policy,
  });

export const groupDoes = (log: EventLog, groupId: string, command: GroupCommand) =>
  log.execute(groupStream(groupId), groupDecider, command);

export const createGroup = (log: EventLog, groupId: string, name: string) =>
  groupDoes(log, groupId, { kind: 'CreateGroup', groupId, name, source: 'application' });

export const sharedDoes = (log: EventLog, accountId: string, command: SharedAccountCommand) =>
  log.execute(sharedAccountStream(accountId), sharedAccountDecider, command);

export const createShared = (log: EventLog, accountId: string, name: string, parentId = '') =>
  sharedDoes(log, accountId, { kind: 'CreateSharedAccount', accountId, name, parentId });

export const adjustShared = (log: EventLog, accountId: string, amount: Money) =>
  sharedDoes(log, accountId, {
    kind: 'AdjustSharedAccountBalance',
    transfer: nextTransfer(),
    amount,
    condition: { kind: 'unconditional' },
    defaultOverdraft: ZERO,
  });

export const setConfig = (log: EventLog, name: string, value: string) =>
  log.execute(CONFIG_STREAM, configDecider, { kind: 'SetConfigValue', name, value });

export const operationDoes = (log: EventLog, operationId: string, command: OperationCommand) =>
  log.execute(operationStream(operationId), operationDecider, command);

/** Every read model, fed the whole log in order. */
export const readModelsOf = (log: EventLog) => {
  const models = createReadModels();
  for (const envelope of log.envelopes()) models.apply(envelope);
  return models;
};
