import { createRawClient, RawClient } from '../support/raw-http-client';
import { SeededRandom } from '../support/seeded-random';
import { wire } from '../support/xmlrpc-wire';

export const CRASH_USERS = Array.from(
  { length: 24 },
  (_, index) => `crash-u${String(index).padStart(2, '0')}`,
);
/** Even-numbered users are restricted with no overdraft: conditional debits must never take them below zero. */
export const RESTRICTED_USERS = CRASH_USERS.filter((_, index) => index % 2 === 0);
export const GROUPS = { small: 'crash-small', all: 'crash-all' } as const;
const SMALL_GROUP_MEMBERS = CRASH_USERS.slice(0, 6);

export type WriteKind =
  'adjust' | 'debit-if-available' | 'debit-leave-remaining' | 'group-adjust' | 'group-up-to';

/** What the client was told: applied (true), refused (false), a fault, or nothing (the connection died). */
export type WriteOutcome = 'applied' | 'refused' | 'fault' | 'unknown';

export interface Write {
  /** Unique, carried as the transfer comment, so the write is found in the log. */
  readonly tag: string;
  readonly kind: WriteKind;
  readonly target: string;
  outcome: WriteOutcome;
  faultCode?: number;
}

export const isGroupWrite = (kind: WriteKind): boolean => kind === 'group-adjust' || kind === 'group-up-to';

/** A broken connection (the server was killed): the write's fate is unknown to the client. */
const connectionLost = (error: unknown): boolean =>
  error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';

const cents = (random: SeededRandom, min: number, max: number): string =>
  (random.int(min, max) / 100).toFixed(2);

/** Users, their restrictions and starting balances, and two groups: once, before the first kill. */
export const setUpLedger = async (port: number, token: string): Promise<void> => {
  const client = createRawClient(port);
  try {
    for (const user of CRASH_USERS) {
      await client.value('api.addNewInternalUser', token, user, 'pw', user, `${user}@example.org`, '', '');
      await client.value('api.adjustUserAccountBalance', token, user, wire.double('10.00'), 'opening');
    }
    for (const user of RESTRICTED_USERS)
      await client.value('api.setUserProperty', token, user, 'restricted', 'true');
    for (const group of Object.values(GROUPS)) await client.value('api.addNewGroup', token, group);
    for (const user of CRASH_USERS) await client.value('api.addUserToGroup', token, user, GROUPS.all);
    for (const user of SMALL_GROUP_MEMBERS)
      await client.value('api.addUserToGroup', token, user, GROUPS.small);
  } finally {
    client.close();
  }
};

interface PlannedWrite {
  readonly kind: WriteKind;
  readonly target: string;
  readonly method: string;
  readonly params: readonly (string | { xml: string })[];
}

const plan = (random: SeededRandom, tag: string): PlannedWrite => {
  const roll = random.next();
  if (roll < 0.4) {
    // Plain adjustments are unconditional and may take any account negative, so restricted accounts only
    // get credits here: what lowers them is the conditional debits, which must never overdraw them.
    const user = random.pick(CRASH_USERS);
    const debit = !RESTRICTED_USERS.includes(user) && random.next() < 0.5;
    const amount = `${debit ? '-' : ''}${cents(random, 1, 300)}`;
    return {
      kind: 'adjust',
      target: user,
      method: 'api.adjustUserAccountBalance',
      params: [user, wire.double(amount), tag],
    };
  }
  if (roll < 0.7) {
    const user = random.pick(RESTRICTED_USERS);
    return {
      kind: 'debit-if-available',
      target: user,
      method: 'api.adjustUserAccountBalanceIfAvailable',
      params: [user, wire.double(`-${cents(random, 50, 800)}`), tag],
    };
  }
  if (roll < 0.8) {
    const user = random.pick(RESTRICTED_USERS);
    return {
      kind: 'debit-leave-remaining',
      target: user,
      method: 'api.adjustUserAccountBalanceIfAvailableLeaveRemaining',
      params: [user, wire.double(`-${cents(random, 50, 500)}`), wire.double(cents(random, 0, 200)), tag],
    };
  }
  if (roll < 0.93) {
    return {
      kind: 'group-adjust',
      target: GROUPS.all,
      method: 'api.adjustUserAccountBalanceByGroup',
      params: [GROUPS.all, wire.double(cents(random, 1, 200)), tag],
    };
  }
  return {
    kind: 'group-up-to',
    target: GROUPS.small,
    method: 'api.adjustUserAccountBalanceByGroupUpTo',
    params: [GROUPS.small, wire.double(cents(random, 1, 300)), wire.double('25.00'), tag],
  };
};

export interface WriterRun {
  /** Stops issuing new calls; the calls in flight keep going until answered or cut. */
  stop(): void;
  /** Resolves when every writer has finished its last call. */
  readonly done: Promise<void>;
}

/** `writers` concurrent clients, each on its own keep-alive connection, writing until stopped. */
export const startWriters = (
  port: number,
  token: string,
  writers: number,
  random: SeededRandom,
  tagPrefix: string,
  log: Write[],
): WriterRun => {
  let stopped = false;
  let sequence = 0;
  const writer = async (client: RawClient): Promise<void> => {
    try {
      while (!stopped) {
        const tag = `${tagPrefix}-${sequence++}`;
        const planned = plan(random, tag);
        const write: Write = { tag, kind: planned.kind, target: planned.target, outcome: 'unknown' };
        log.push(write);
        try {
          const { reply } = await client.call(planned.method, token, ...planned.params);
          if (reply.kind === 'fault') {
            write.outcome = 'fault';
            write.faultCode = reply.faultCode;
          } else write.outcome = reply.value === false ? 'refused' : 'applied';
        } catch (error) {
          if (!connectionLost(error)) throw error;
          return;
        }
      }
    } finally {
      client.close();
    }
  };
  const clients = Array.from({ length: writers }, () => createRawClient(port));
  return {
    stop: () => {
      stopped = true;
    },
    done: Promise.all(clients.map(writer)).then(() => undefined),
  };
};
