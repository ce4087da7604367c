import { formatMoney } from '../../domain/money';
import { ledgerAccountKey } from '../../domain/ledger/accounts';
import { ReadModels } from '../../projections';
import { createLedgerFold } from '../../projections/ledger/ledger-fold';
import { decodeSnapshot, encodeSnapshot } from '../../projections/read-model';
import { READ_MODEL_VERSION } from '../projection-runner';
import { SnapshotCutRead } from './snapshot-file';
import { ModelComparison } from './verify-report';

/** The first difference between two canonical read-model snapshots, by model and item. */
export const describeDifference = (rebuilt: string, stored: string): string => {
  const parse = (text: string): Record<string, unknown> => {
    const decoded = decodeSnapshot(text) as { models?: Record<string, unknown> } | null;
    return decoded?.models ?? {};
  };
  let rebuiltModels: Record<string, unknown>;
  let storedModels: Record<string, unknown>;
  try {
    rebuiltModels = parse(rebuilt);
    storedModels = parse(stored);
  } catch {
    return 'the snapshot is not valid JSON';
  }
  const names = [...new Set([...Object.keys(rebuiltModels), ...Object.keys(storedModels)])].sort();
  for (const name of names) {
    const mine = rebuiltModels[name];
    const theirs = storedModels[name];
    if (encodeSnapshot(mine) === encodeSnapshot(theirs)) continue;
    if (Array.isArray(mine) && Array.isArray(theirs)) {
      const length = Math.max(mine.length, theirs.length);
      for (let index = 0; index < length; index += 1) {
        if (encodeSnapshot(mine[index]) !== encodeSnapshot(theirs[index]))
          return `read model '${name}' differs at item ${index}: rebuilt ${encodeSnapshot(mine[index]).slice(0, 200)}, snapshot ${encodeSnapshot(theirs[index]).slice(0, 200)}`;
      }
    }
    return `read model '${name}' differs`;
  }
  return 'the checkpoint position or layout differs';
};

/** Every balance a rebuilt read model holds, against the independent double-entry fold. */
export const compareBalances = (
  models: ReadModels,
  ledger: ReturnType<typeof createLedgerFold>,
): { ok: boolean; detail: string } => {
  for (const user of models.users.all()) {
    for (const [account, balance] of Object.entries(user.balances)) {
      const key = ledgerAccountKey({ kind: 'user', userId: user.userId, account });
      if (ledger.balanceOf(key) !== balance)
        return {
          ok: false,
          detail: `user '${user.username}' (${key}): read model ${formatMoney(balance)}, ledger ${formatMoney(ledger.balanceOf(key))}`,
        };
    }
  }
  for (const account of models.sharedAccounts.all()) {
    const key = ledgerAccountKey({ kind: 'shared', accountId: account.accountId });
    if (ledger.balanceOf(key) !== account.balance)
      return {
        ok: false,
        detail: `shared account '${account.name}' (${key}): read model ${formatMoney(account.balance)}, ledger ${formatMoney(ledger.balanceOf(key))}`,
      };
  }
  const keys = new Set([...ledger.balances().keys(), ...models.transactions.balances().keys()]);
  for (const key of keys) {
    if (models.transactions.balanceOf(key) !== ledger.balanceOf(key))
      return {
        ok: false,
        detail: `${key}: transaction log ${formatMoney(models.transactions.balanceOf(key))}, ledger ${formatMoney(ledger.balanceOf(key))}`,
      };
  }
  return {
    ok: true,
    detail: `${keys.size} ledger accounts agree with the users, shared-account and transaction read models`,
  };
};

/** What verify can say about the snapshot before reaching its position: only the snapshot's own state. */
export const initialComparison = (snapshotRead: SnapshotCutRead): ModelComparison =>
  snapshotRead.kind === 'none'
    ? { against: 'no-snapshot', ok: true, position: 0, detail: 'no read-model snapshot to compare with' }
    : snapshotRead.kind === 'unreadable'
      ? {
          against: 'snapshot',
          ok: false,
          position: 0,
          detail: `the snapshot is unreadable: ${snapshotRead.reason}`,
        }
      : snapshotRead.snapshot.readModelVersion !== READ_MODEL_VERSION
        ? {
            against: 'snapshot-ignored',
            ok: true,
            position: snapshotRead.snapshot.position,
            detail: `the snapshot has read-model version ${snapshotRead.snapshot.readModelVersion}, this Folio ${READ_MODEL_VERSION}; the server rebuilds it`,
          }
        : {
            against: 'snapshot',
            ok: false,
            position: snapshotRead.snapshot.position,
            detail: `the log holds no event at the snapshot's position ${snapshotRead.snapshot.position}`,
          };
