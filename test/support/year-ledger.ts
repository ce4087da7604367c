import { proposeEvent, RequestContext } from '../../application/envelope';
import { EventStore } from '../../adapters/store/port';
import { printRevenueAccount, SystemAccount, TransferCause } from '../../domain/ledger/accounts';
import { RecordedTransfer } from '../../domain/ledger/corrections';
import { TransferRequest } from '../../domain/ledger/transfer-request';
import { Money, ZERO } from '../../domain/money';
import { sharedAccountDecider, SharedAccountCommand } from '../../domain/shared-accounts/decide';
import { SharedAccountState } from '../../domain/shared-accounts/state';
import { sharedAccountStream, userStream } from '../../domain/streams';
import { UserCommand } from '../../domain/users/commands';
import { userDecider } from '../../domain/users/decide';
import { UserState } from '../../domain/users/state';
import { DomainEvent } from '../../domain/events';

/** A small, fast, seedable PRNG (mulberry32): the generated history is the same for the same seed. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

export interface YearLedgerOptions {
  readonly seed: number;
  readonly transfers: number;
  readonly users: number;
  readonly sharedAccounts: number;
  readonly printers: number;
  readonly year: number;
}

export interface YearLedgerStats {
  readonly events: number;
  readonly transfers: number;
  readonly corrections: number;
  readonly byCause: ReadonlyMap<TransferCause, number>;
}

type Account =
  | { readonly kind: 'user'; readonly id: string; state: UserState; revision: number }
  | { readonly kind: 'shared'; readonly id: string; state: SharedAccountState; revision: number };

const POLICY = { defaultOverdraft: ZERO, personalAccounts: [] };
const APPEND_CHUNK = 5_000;

/**
 * A year of transfers appended straight to a store in log order (the deciders make every event, so
 * balances, links and codecs are exactly the application's; only the HTTP and service layers are
 * skipped, for speed). Causes are a mix of card top-ups, print charges per printer, quota and group
 * allocations, admin adjustments, set-balance, imports and corrections of earlier transfers.
 */
export const appendYearOfTransfers = async (
  store: EventStore,
  options: YearLedgerOptions,
): Promise<YearLedgerStats> => {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const accounts: Account[] = [];
  const correctable = new Map<string, RecordedTransfer[]>();
  const byCause = new Map<TransferCause, number>();
  let pending: Promise<unknown>[] = [];
  let events = 0;
  let corrections = 0;
  const start = Date.UTC(options.year, 0, 1);
  const span = Date.UTC(options.year + 1, 0, 1) - start;
  // Transfer times: sorted uniform instants over the year, so the log is in time order.
  const times = Array.from({ length: options.transfers }, () => start + Math.floor(random() * span)).sort(
    (a, b) => a - b,
  );

  const append = async (
    account: Account,
    produced: readonly DomainEvent[],
    at: number,
    context: RequestContext,
  ) => {
    const recordedAt = new Date(at).toISOString();
    const stream = account.kind === 'user' ? userStream(account.id) : sharedAccountStream(account.id);
    const proposed = produced.map((event) => proposeEvent(event, `ev-${++events}`, context, recordedAt));
    pending.push(store.append(stream, account.revision < 0 ? 'no_stream' : account.revision, proposed));
    account.revision += produced.length;
    if (pending.length >= APPEND_CHUNK) {
      await Promise.all(pending);
      pending = [];
    }
  };

  const decideOn = (
    account: Account,
    user: UserCommand,
    shared: SharedAccountCommand,
  ): readonly DomainEvent[] => {
    if (account.kind === 'user') {
      const decision = userDecider.decide(user, account.state);
      if (decision._tag === 'Left') throw new Error(JSON.stringify(decision.left));
      account.state = decision.right.reduce(userDecider.evolve, account.state);
      return decision.right;
    }
    const decision = sharedAccountDecider.decide(shared, account.state);
    if (decision._tag === 'Left') throw new Error(JSON.stringify(decision.left));
    account.state = decision.right.reduce(sharedAccountDecider.evolve, account.state);
    return decision.right;
  };

  const setup: RequestContext = { actor: 'generator', method: 'setup', correlationId: 'setup' };
  for (let index = 0; index < options.users; index += 1) {
    const account: Account = {
      kind: 'user',
      id: `u${index}`,
      state: userDecider.initialState(),
      revision: -1,
    };
    const created = decideOn(
      account,
      {
        kind: 'CreateUser',
        userId: account.id,
        username: `user${index}`,
        internal: false,
        source: 'directory',
        details: {},
        primaryCardNumber: '',
        pinHash: '',
        passwordHash: '',
      },
      { kind: 'EnableSharedAccount' },
    );
    await append(account, created, start - 86_400_000, setup);
    accounts.push(account);
  }
  for (let index = 0; index < options.sharedAccounts; index += 1) {
    const account: Account = {
      kind: 'shared',
      id: `s${index}`,
      state: sharedAccountDecider.initialState(),
      revision: -1,
    };
    const created = decideOn(
      account,
      { kind: 'EnablePrinting' },
      { kind: 'CreateSharedAccount', accountId: account.id, name: `Dept ${index}`, parentId: '' },
    );
    await append(account, created, start - 86_400_000, setup);
    accounts.push(account);
  }

  const printers = Array.from({ length: options.printers }, (_, index) =>
    printRevenueAccount(`printer-${index}`),
  );
  const cents = (min: number, max: number): Money =>
    BigInt(Math.floor(min + random() * (max - min))) * 10_000n;

  for (let index = 0; index < options.transfers; index += 1) {
    const account = pick(accounts);
    const at = times[index] as number;
    const roll = random();
    const transferId = `tr-${index}`;
    const context: RequestContext = {
      actor: pick(['admin', 'kiosk', 'cli:finance']),
      method: 'generator',
      correlationId: `c${index}`,
    };
    const candidates = correctable.get(account.id) ?? [];
    let cause: TransferCause;
    let produced: readonly DomainEvent[];
    if (roll < 0.005 && candidates.length > 0) {
      const original = candidates.splice(Math.floor(random() * candidates.length), 1)[0] as RecordedTransfer;
      cause = 'correction';
      corrections += 1;
      produced = decideOn(
        account,
        {
          kind: 'CorrectTransfer',
          original,
          correctionId: transferId,
          comment: 'corrected: booked in error',
        },
        {
          kind: 'CorrectSharedAccountTransfer',
          original,
          correctionId: transferId,
          comment: 'corrected: booked in error',
        },
      );
    } else {
      const [chosen, counterAccount, amount]: [TransferCause, SystemAccount, Money] =
        roll < 0.55
          ? ['print-charge', pick(printers), -cents(5, 900)]
          : roll < 0.75
            ? ['card-redemption', 'system:card-sales', cents(500, 5_000)]
            : roll < 0.85
              ? ['quota-allocation', 'system:quota-allocations', cents(100, 1_000)]
              : roll < 0.92
                ? ['group-adjustment', 'system:group-allocations', cents(100, 2_000)]
                : roll < 0.97
                  ? ['admin-adjustment', 'system:adjustments', cents(-1_000, 1_000) || 10_000n]
                  : roll < 0.99
                    ? ['import', 'system:imports', cents(0, 3_000) + 10_000n]
                    : ['balance-set', 'system:adjustments', cents(0, 2_000)];
      cause = chosen;
      const transfer: TransferRequest = {
        transferId,
        cause,
        counterAccount,
        comment: `${cause} ${index}`,
        ...(cause === 'group-adjustment' ? { operationId: `op-${Math.floor(index / 50)}` } : {}),
      };
      produced =
        cause === 'balance-set'
          ? decideOn(
              account,
              { kind: 'SetBalance', account: '', transfer, balance: amount, policy: POLICY },
              { kind: 'SetSharedAccountBalance', transfer, balance: amount },
            )
          : decideOn(
              account,
              {
                kind: 'AdjustBalance',
                account: '',
                transfer,
                amount,
                condition: { kind: 'unconditional' },
                policy: POLICY,
              },
              {
                kind: 'AdjustSharedAccountBalance',
                transfer,
                amount,
                condition: { kind: 'unconditional' },
                defaultOverdraft: ZERO,
              },
            );
      const booked = produced[0];
      if (
        booked !== undefined &&
        (booked.type === 'UserBalanceAdjusted' || booked.type === 'SharedAccountBalanceAdjusted')
      )
        candidates.push({ ...booked.data, account: '' });
      correctable.set(account.id, candidates.slice(-20));
    }
    if (produced.length === 0) continue;
    byCause.set(cause, (byCause.get(cause) ?? 0) + 1);
    await append(account, produced, at, context);
  }
  await Promise.all(pending);
  const transfers = [...byCause.values()].reduce((sum, count) => sum + count, 0);
  return { events, transfers, corrections, byCause };
};
