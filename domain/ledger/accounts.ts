import * as t from 'io-ts';

/**
 * System accounts are the other side of every transfer that does not move money between two
 * customer accounts. Their balances are projections: the sum of every user, shared and system
 * balance is zero at every position (the trial balance).
 */
export const SystemAccount = t.union(
  [
    t.literal('system:adjustments'),
    t.literal('system:opening-balances'),
    t.literal('system:group-allocations'),
    t.literal('system:quota-allocations'),
    t.literal('system:card-sales'),
    t.literal('system:imports'),
    t.literal('system:corrections'),
    t.refinement(t.string, (s) => /^system:print-revenue:[\w-]+$/.test(s), 'PrintRevenueAccount'),
  ],
  'SystemAccount',
);
export type SystemAccount = t.TypeOf<typeof SystemAccount>;

export const printRevenueAccount = (printerId: string): SystemAccount => `system:print-revenue:${printerId}`;

/** Why money moved: the grouping finance uses in reconciliation reports. */
export const TransferCause = t.keyof(
  {
    'admin-adjustment': null,
    'balance-set': null,
    'group-adjustment': null,
    'group-balance-set': null,
    'group-top-up': null,
    'quota-allocation': null,
    'card-redemption': null,
    'print-charge': null,
    'opening-balance': null,
    import: null,
    correction: null,
  },
  'TransferCause',
);
export type TransferCause = t.TypeOf<typeof TransferCause>;

/** The counter-account each cause books against. Corrections book against the original's counter-account. */
export const counterAccountFor = (
  cause: Exclude<TransferCause, 'print-charge' | 'correction'>,
): SystemAccount => {
  switch (cause) {
    case 'admin-adjustment':
    case 'balance-set':
      return 'system:adjustments';
    case 'group-adjustment':
    case 'group-balance-set':
    case 'group-top-up':
      return 'system:group-allocations';
    case 'quota-allocation':
      return 'system:quota-allocations';
    case 'card-redemption':
      return 'system:card-sales';
    case 'opening-balance':
      return 'system:opening-balances';
    case 'import':
      return 'system:imports';
  }
};

/** How a ledger account is named in the transaction log and reports. */
export type LedgerAccount =
  | { readonly kind: 'user'; readonly userId: string; readonly account: string }
  | { readonly kind: 'shared'; readonly accountId: string }
  | { readonly kind: 'system'; readonly account: SystemAccount };

export const ledgerAccountKey = (account: LedgerAccount): string => {
  switch (account.kind) {
    case 'user':
      return account.account === '' ? `user:${account.userId}` : `user:${account.userId}/${account.account}`;
    case 'shared':
      return `shared:${account.accountId}`;
    case 'system':
      return account.account;
  }
};

/** The inverse of ledgerAccountKey; undefined for a key no ledger account has. Ids never hold '/'. */
export const parseLedgerAccountKey = (key: string): LedgerAccount | undefined => {
  if (key.startsWith('user:')) {
    const rest = key.slice('user:'.length);
    const slash = rest.indexOf('/');
    if (rest === '' || slash === 0) return undefined;
    return slash < 0
      ? { kind: 'user', userId: rest, account: '' }
      : { kind: 'user', userId: rest.slice(0, slash), account: rest.slice(slash + 1) };
  }
  if (key.startsWith('shared:'))
    return key.length > 'shared:'.length
      ? { kind: 'shared', accountId: key.slice('shared:'.length) }
      : undefined;
  return SystemAccount.is(key) ? { kind: 'system', account: key } : undefined;
};
