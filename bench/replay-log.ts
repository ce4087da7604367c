import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { proposeEvent } from '../application/envelope';
import { DomainEvent } from '../domain/events';
import { printRevenueAccount } from '../domain/ledger/accounts';
import { PrintJob } from '../domain/jobs/events';
import { Money, moneyFromUnits } from '../domain/money';
import {
  groupStream,
  printerStream,
  sharedAccountStream,
  uniqueKeyStream,
  userStream,
} from '../domain/streams';
import { planAppend, StreamHead } from '../adapters/store/append-plan';
import { EVENTS_FILE } from '../adapters/store/open';
import { openSqliteEventStore } from '../adapters/store/sqlite';

/**
 * A school's year as a log: users with opening balances, classes (groups), printers and shared
 * accounts, then print jobs, refused jobs, adjustments, shared-account charges, group top-ups and
 * membership changes in the proportions a site of 4,000 users shows. Every event goes through the
 * real codec (proposeEvent) and the store's own append rules and hash chain (planAppend); only the
 * batching differs from a server: rows are inserted directly, many thousands per transaction.
 *
 * Bump LOG_FORMAT when the generated mix or the stored format changes: cached logs of another
 * format are regenerated.
 */
export const LOG_FORMAT = 1;

const USERS = 4_000;
const GROUPS = 160;
const PRINTERS = 60;
const SHARED_ACCOUNTS = 120;
const EVENTS_PER_COMMIT = 20_000;
const START_MS = Date.UTC(2025, 8, 1, 7, 30);
/** Spreads the events over a school year, about 30 s apart. */
const STEP_MS = 30_000;

/** A small deterministic generator (xorshift32): the same seed gives the same log. */
const random = (seed: number) => {
  let state = seed >>> 0 || 1;
  return (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
};

const id = (prefix: string, n: number): string => `${prefix}-${n.toString(36).padStart(6, '0')}`;

export interface GeneratedLog {
  readonly dataDir: string;
  readonly events: number;
  /** A username that exists in the log, for the first call after start. */
  readonly sampleUsername: string;
  readonly generatedMs: number;
  readonly cached: boolean;
}

const sampleUsername = 'student0042';

/**
 * The data folder under `cacheRoot` holding a log of `eventCount` events, generated unless a copy of
 * this format and size is there already (a folder is renamed into place only once complete).
 */
export const ensureReplayLog = (cacheRoot: string, eventCount: number): GeneratedLog => {
  const dataDir = join(cacheRoot, `replay-log-v${LOG_FORMAT}-${eventCount}`);
  if (existsSync(join(dataDir, EVENTS_FILE)))
    return { dataDir, events: eventCount, sampleUsername, generatedMs: 0, cached: true };
  const building = `${dataDir}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const started = performance.now();
  const events = writeLog(join(building, EVENTS_FILE), eventCount);
  renameSync(building, dataDir);
  return { dataDir, events, sampleUsername, generatedMs: performance.now() - started, cached: false };
};

interface UserBook {
  readonly userId: string;
  balance: Money;
}

const writeLog = (path: string, eventCount: number): number => {
  // The store creates its schema; the rows are then written here in large transactions.
  void openSqliteEventStore(path).close();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    `INSERT INTO events (event_id, stream, revision, type, version, recorded_at, data, metadata, previous_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const heads = new Map<string, StreamHead>();
  const next = random(20250901);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  let written = 0;
  let eventNumber = 0;
  let pending: (() => void)[] = [];
  const commit = db.transaction((rows: (() => void)[]) => rows.forEach((row) => row()));

  const append = (stream: string, events: readonly DomainEvent[], method: string, actor = 'admin'): void => {
    const recordedAt = new Date(START_MS + written * STEP_MS).toISOString();
    const context = { actor, method, correlationId: id('c', written) };
    const proposed = events.map((event) =>
      proposeEvent(event, id('e', (eventNumber += 1)), context, recordedAt),
    );
    const plan = planAppend(stream, heads.get(stream) ?? null, 'any', proposed, () => undefined);
    if (plan.kind !== 'write') throw new Error('a generated event id repeated');
    for (const record of plan.records) {
      pending.push(() =>
        insert.run(
          record.eventId,
          record.stream,
          record.revision,
          record.type,
          record.version,
          record.recordedAt,
          JSON.stringify(record.data),
          JSON.stringify(record.metadata),
          record.previousHash,
          record.hash,
        ),
      );
      heads.set(stream, { revision: record.revision, hash: record.hash, eventId: record.eventId });
    }
    written += plan.records.length;
    if (pending.length >= EVENTS_PER_COMMIT) {
      commit(pending);
      pending = [];
    }
  };

  const users: UserBook[] = [];
  const usersById = new Map<string, UserBook>();
  const groups: { groupId: string; name: string; members: Set<string> }[] = [];
  const printers: { printerId: string; name: string }[] = [];
  const shared: { accountId: string; balance: Money }[] = [];

  const transfer = (
    book: { balance: Money },
    amount: Money,
    fields: Omit<
      Extract<DomainEvent, { type: 'UserBalanceAdjusted' }>['data'],
      'userId' | 'account' | 'amount' | 'balanceAfter'
    >,
  ) => {
    book.balance += amount;
    return { ...fields, amount, balanceAfter: book.balance };
  };

  for (let n = 0; n < USERS; n += 1) {
    const userId = id('u', n);
    const username = n < 3_600 ? `student${String(n).padStart(4, '0')}` : `staff${n - 3_600}`;
    const user: UserBook = { userId, balance: 0n };
    users.push(user);
    usersById.set(userId, user);
    append(
      uniqueKeyStream('username', username),
      [{ type: 'NameClaimed', data: { kind: 'username', key: username, ownerId: userStream(userId) } }],
      'api.addNewUser',
    );
    append(
      userStream(userId),
      [
        { type: 'UserCreated', data: { userId, username, internal: false, source: 'directory' } },
        {
          type: 'UserDetailsChanged',
          data: {
            userId,
            changes: {
              fullName: `Pupil ${n}`,
              email: `${username}@school.example`,
              department: `Year ${7 + (n % 6)}`,
            },
          },
        },
        {
          type: 'UserBalanceAdjusted',
          data: {
            userId,
            account: '',
            ...transfer(user, moneyFromUnits(5), {
              transferId: id('t', written),
              counterAccount: 'system:opening-balances',
              cause: 'opening-balance',
              comment: 'initial credit',
            }),
          },
        },
      ],
      'api.addNewUser',
    );
  }
  for (let n = 0; n < PRINTERS; n += 1) {
    const printerId = id('p', n);
    const name = `print${n % 3}\\room-${n}`;
    printers.push({ printerId, name });
    append(
      uniqueKeyStream('printer', name),
      [{ type: 'NameClaimed', data: { kind: 'printer', key: name, ownerId: printerStream(printerId) } }],
      'api.addNewPrinter',
    );
    append(
      printerStream(printerId),
      [
        {
          type: 'PrinterRegistered',
          data: { printerId, server: `print${n % 3}`, printer: `room-${n}`, source: 'job' },
        },
      ],
      'api.addNewPrinter',
    );
  }
  for (let n = 0; n < SHARED_ACCOUNTS; n += 1) {
    const accountId = id('s', n);
    const name = `dept-${n}`;
    shared.push({ accountId, balance: 0n });
    append(
      uniqueKeyStream('shared-account', name),
      [
        {
          type: 'NameClaimed',
          data: { kind: 'shared-account', key: name, ownerId: sharedAccountStream(accountId) },
        },
      ],
      'api.addNewSharedAccount',
    );
    append(
      sharedAccountStream(accountId),
      [{ type: 'SharedAccountCreated', data: { accountId, name, parentId: '' } }],
      'api.addNewSharedAccount',
    );
  }
  for (let n = 0; n < GROUPS; n += 1) {
    const groupId = id('g', n);
    const name = `class-${n}`;
    const group = { groupId, name, members: new Set<string>() };
    groups.push(group);
    append(
      uniqueKeyStream('group', name),
      [{ type: 'NameClaimed', data: { kind: 'group', key: name, ownerId: groupStream(groupId) } }],
      'api.addNewGroup',
    );
    const members = users.slice((n * 25) % USERS, ((n * 25) % USERS) + 25);
    append(
      groupStream(groupId),
      [
        { type: 'GroupCreated', data: { groupId, name, source: 'directory' } },
        ...members.map((member): DomainEvent => {
          group.members.add(member.userId);
          return { type: 'GroupMemberAdded', data: { groupId, userId: member.userId } };
        }),
      ],
      'api.addNewGroup',
    );
  }

  const job = (printer: { printerId: string; name: string }, pages: number): PrintJob => ({
    jobId: id('j', written),
    printerId: printer.printerId,
    printer: printer.name,
    printedAt: new Date(START_MS + written * STEP_MS).toISOString().slice(0, 19),
    totalPages: pages,
    colorPages: pages % 3 === 0 ? 1 : 0,
    copies: 1,
    pageCount: pages,
    duplex: pages > 2,
    documentName: `homework-${written % 977}.pdf`,
    paperSizeName: 'A4',
    paperWidthMm: '210',
    paperHeightMm: '297',
    documentSizeKb: 40 + (written % 900),
    invoice: '',
    comment: '',
    clientMachine: `lab-pc-${written % 300}`,
    clientIp: `10.1.${written % 250}.${(written >> 8) % 250}`,
    costSource: 'cost-model',
    ignoredFields: [],
  });

  while (written < eventCount) {
    const roll = next();
    const user = pick(users);
    const printer = pick(printers);
    const pages = 1 + Math.floor(next() * 12);
    const cost = BigInt(pages) * 50_000n;
    if (roll < 0.56) {
      append(
        userStream(user.userId),
        [
          {
            type: 'PrintJobCharged',
            data: {
              userId: user.userId,
              account: '',
              job: job(printer, pages),
              ...transfer(user, -cost, {
                transferId: id('t', written),
                counterAccount: printRevenueAccount(printer.printerId),
                cause: 'print-charge',
                comment: '',
              }),
            },
          },
        ],
        'api.processJob',
        'print-server',
      );
    } else if (roll < 0.61) {
      append(
        userStream(user.userId),
        [
          {
            type: 'PrintJobRefused',
            data: {
              userId: user.userId,
              job: job(printer, pages),
              cost,
              sharedAccountId: '',
              reason: 'insufficient-credit',
              detail: 'not enough credit',
            },
          },
        ],
        'api.processJob',
        'print-server',
      );
    } else if (roll < 0.78) {
      append(
        userStream(user.userId),
        [
          {
            type: 'UserBalanceAdjusted',
            data: {
              userId: user.userId,
              account: '',
              ...transfer(user, moneyFromUnits(1 + Math.floor(next() * 10)), {
                transferId: id('t', written),
                counterAccount: 'system:adjustments',
                cause: 'admin-adjustment',
                comment: 'top-up at the office',
              }),
            },
          },
        ],
        'api.adjustUserAccountBalance',
      );
    } else if (roll < 0.91) {
      const account = pick(shared);
      append(
        sharedAccountStream(account.accountId),
        [
          {
            type: 'SharedAccountPrintJobCharged',
            data: {
              accountId: account.accountId,
              userId: user.userId,
              job: job(printer, pages),
              ...transfer(account, -cost, {
                transferId: id('t', written),
                counterAccount: printRevenueAccount(printer.printerId),
                cause: 'print-charge',
                comment: '',
              }),
            },
          },
        ],
        'api.processJob',
        'print-server',
      );
    } else if (roll < 0.94) {
      const account = pick(shared);
      append(
        sharedAccountStream(account.accountId),
        [
          {
            type: 'SharedAccountBalanceAdjusted',
            data: {
              accountId: account.accountId,
              ...transfer(account, moneyFromUnits(50), {
                transferId: id('t', written),
                counterAccount: 'system:adjustments',
                cause: 'admin-adjustment',
                comment: 'budget',
              }),
            },
          },
        ],
        'api.adjustSharedAccountAccountBalance',
      );
    } else if (roll < 0.95) {
      // A group top-up: the start, every member's credit, the completion.
      const group = pick(groups);
      const operationId = id('op', written);
      const members = [...group.members];
      append(
        `operation-${operationId}`,
        [
          {
            type: 'GroupBalanceOperationStarted',
            data: {
              operationId,
              groupId: group.groupId,
              groupName: group.name,
              mode: 'adjust',
              amount: moneyFromUnits(2),
              limit: 0n,
              account: '',
              comment: 'weekly allowance',
              userIds: members,
            },
          },
        ],
        'api.adjustUserAccountBalanceByGroup',
      );
      for (const userId of members) {
        const member = usersById.get(userId) as UserBook;
        append(
          userStream(userId),
          [
            {
              type: 'UserBalanceAdjusted',
              data: {
                userId,
                account: '',
                ...transfer(member, moneyFromUnits(2), {
                  transferId: id('t', written),
                  counterAccount: 'system:group-allocations',
                  cause: 'group-adjustment',
                  comment: 'weekly allowance',
                  operationId,
                }),
              },
            },
          ],
          'api.adjustUserAccountBalanceByGroup',
        );
      }
      append(
        `operation-${operationId}`,
        [{ type: 'BulkOperationCompleted', data: { operationId, applied: members.length, skipped: [] } }],
        'api.adjustUserAccountBalanceByGroup',
      );
    } else if (roll < 0.98) {
      const group = pick(groups);
      const removing = group.members.has(user.userId);
      if (removing) group.members.delete(user.userId);
      else group.members.add(user.userId);
      append(
        groupStream(group.groupId),
        [
          {
            type: removing ? 'GroupMemberRemoved' : 'GroupMemberAdded',
            data: { groupId: group.groupId, userId: user.userId },
          },
        ],
        'performGroupSync',
        'cli:sync',
      );
    } else {
      append(
        userStream(user.userId),
        [
          {
            type: 'UserDetailsChanged',
            data: { userId: user.userId, changes: { office: `Room ${written % 90}` } },
          },
        ],
        'api.setUserProperties',
      );
    }
  }
  commit(pending);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return written;
};
