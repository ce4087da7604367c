import { createHash } from 'node:crypto';
import { formatMoney, Money, ZERO } from '../../../domain/money';
import { ledgerAccountKey } from '../../../domain/ledger/accounts';
import { createReadModels, ReadModels } from '../../../projections';
import { createLedgerFold } from '../../../projections/ledger/ledger-fold';
import { ledgerEntriesOf } from '../../../projections/transactions';
import { decodeSnapshot, encodeSnapshot } from '../../../projections/read-model';
import { GENESIS_HASH, hashEvent } from '../../store/hash-chain';
import { EventStore, RecordedEvent } from '../../store/port';
import { decodeRecorded } from '../envelope';
import { READ_MODEL_VERSION } from '../projection-runner';
import { forEachReadOutcome, ProgressListener } from './log';
import { readSnapshotFile, SnapshotFile } from './snapshot-file';

/** What was wrong with one stored event, in the order verify checks them. */
export type EventCheck =
  | 'readable' // the store could read the row at all
  | 'hash' // the stored hash is the hash of what the event says
  | 'chain' // it points to its predecessor's hash (64 zeros for a stream's first event)
  | 'revision' // its revision follows its predecessor's
  | 'decode' // its type, version, payload and metadata pass their codecs
  | 'balance' // the balance it records is the balance before plus its amount
  | 'trial-balance' // all ledger accounts still sum to zero after it
  | 'digest'; // the log digest at this position is the one the auditor expected

export interface EventProblem {
  readonly check: EventCheck;
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly detail: string;
}

export interface ModelComparison {
  readonly against: 'snapshot' | 'no-snapshot' | 'snapshot-ignored';
  readonly ok: boolean;
  readonly position: number;
  readonly detail: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly events: number;
  readonly streams: number;
  readonly transfers: number;
  readonly ledgerAccounts: number;
  readonly headPosition: number;
  /** SHA-256 chained over every (position, hash) in log order: record it to detect any later rewrite. */
  readonly logDigest: string;
  readonly trialBalance: Money;
  readonly problemCount: number;
  /** The first problems found, in log order (at most MAX_PROBLEMS_KEPT). */
  readonly problems: readonly EventProblem[];
  /** The rebuilt read models against the checkpoint snapshot on disk. */
  readonly readModels: ModelComparison;
  /** The rebuilt read models' balances against an independent double-entry fold. */
  readonly balances: { readonly ok: boolean; readonly detail: string };
  readonly durationMs: number;
}

export interface DigestExpectation {
  readonly position: number;
  readonly digest: string;
}

export interface VerifyOptions {
  readonly store: EventStore;
  /** The read models' checkpoint (read-models.snapshot in the data folder); null to skip that comparison. */
  readonly snapshotPath: string | null;
  readonly expect?: DigestExpectation;
  readonly onProgress?: ProgressListener;
  readonly clock?: () => number;
}

const MAX_PROBLEMS_KEPT = 20;

export const nextLogDigest = (digest: string, position: number, hash: string): string =>
  createHash('sha256').update(`${digest}:${position}:${hash}`).digest('hex');

interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

/** The first difference between two canonical read-model snapshots, by model and item. */
const describeDifference = (rebuilt: string, stored: string): string => {
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
const compareBalances = (
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

/**
 * Proves a log untouched and its read models sound, trusting nothing but the stored rows: every
 * event's hash is recomputed and its link to its predecessor checked, every payload decoded, every
 * read model rebuilt from empty and compared byte for byte with the checkpoint the server keeps, and
 * the ledger folded a second, independent way whose trial balance must be zero after every event.
 */
export const verifyLog = async (options: VerifyOptions): Promise<VerifyReport> => {
  const now = options.clock ?? (() => performance.now());
  const started = now();
  const snapshotRead = readSnapshotFile(options.snapshotPath);
  const snapshot: SnapshotFile | null = snapshotRead.kind === 'read' ? snapshotRead.snapshot : null;
  const models = createReadModels();
  const ledger = createLedgerFold();
  const heads = new Map<string, StreamHead>();
  const problems: EventProblem[] = [];
  let problemCount = 0;
  let events = 0;
  let transfers = 0;
  let lastPosition = 0;
  let digest = GENESIS_HASH;
  let trialBalance = ZERO;
  let expectationMet = options.expect === undefined;
  let comparison: ModelComparison =
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
  const compareWithSnapshot = snapshot !== null && comparison.against === 'snapshot';

  const report = (
    check: EventCheck,
    at: Pick<RecordedEvent, 'position' | 'stream' | 'revision' | 'eventId' | 'type'>,
    detail: string,
  ): void => {
    problemCount += 1;
    if (problems.length < MAX_PROBLEMS_KEPT)
      problems.push({
        check,
        position: at.position,
        stream: at.stream,
        revision: at.revision,
        eventId: at.eventId,
        type: at.type,
        detail,
      });
  };

  const checkChain = (recorded: RecordedEvent): void => {
    const recomputed = hashEvent(recorded);
    if (recomputed !== recorded.hash)
      report('hash', recorded, `stored hash ${recorded.hash} but the event hashes to ${recomputed}`);
    const head = heads.get(recorded.stream);
    const expectedPrevious = head?.hash ?? GENESIS_HASH;
    const expectedRevision = head === undefined ? 0 : head.revision + 1;
    if (recorded.previousHash !== expectedPrevious)
      report(
        'chain',
        recorded,
        `points to previous hash ${recorded.previousHash} but the stream's ${head === undefined ? 'chain starts at' : `event ${head.revision} has`} ${expectedPrevious}`,
      );
    if (recorded.revision !== expectedRevision)
      report(
        'revision',
        recorded,
        `revision ${recorded.revision} where the stream's next is ${expectedRevision}`,
      );
    heads.set(recorded.stream, { revision: recorded.revision, hash: recorded.hash });
  };

  const fold = (recorded: RecordedEvent): void => {
    const decoded = decodeRecorded(recorded);
    if (decoded._tag === 'Left') {
      report('decode', recorded, decoded.left.problems.join('; '));
      return;
    }
    models.apply(decoded.right);
    for (const entry of ledgerEntriesOf(decoded.right)) {
      transfers += 1;
      const booked = ledger.book(entry);
      if (booked.expectedAfter !== undefined)
        report(
          'balance',
          recorded,
          `transfer ${entry.transferId} records balance ${formatMoney(entry.balanceAfter)} after ${formatMoney(entry.amount)}, but the balance before was ${formatMoney(booked.customerBefore)}`,
        );
    }
    const trial = ledger.trialBalance();
    if (trial !== trialBalance && trial !== ZERO)
      report('trial-balance', recorded, `the sum of all ledger accounts is ${formatMoney(trial)}, not zero`);
    trialBalance = trial;
  };

  await forEachReadOutcome(
    options.store,
    (outcome) => {
      events += 1;
      if (outcome.kind === 'unreadable') {
        const error = outcome.error;
        report(
          'readable',
          { position: error.position, stream: error.stream, revision: error.revision, eventId: '', type: '' },
          error.problem,
        );
        lastPosition = error.position;
        return;
      }
      const recorded = outcome.recorded;
      lastPosition = recorded.position;
      checkChain(recorded);
      fold(recorded);
      digest = nextLogDigest(digest, recorded.position, recorded.hash);
      if (options.expect !== undefined && recorded.position === options.expect.position) {
        expectationMet = true;
        if (digest !== options.expect.digest.toLowerCase())
          report(
            'digest',
            recorded,
            `the log digest here is ${digest}, not the expected ${options.expect.digest}`,
          );
      }
      if (compareWithSnapshot && recorded.position === snapshot.position) {
        const rebuilt = models.serialize();
        comparison =
          recorded.hash !== snapshot.hashAtPosition
            ? {
                against: 'snapshot',
                ok: false,
                position: snapshot.position,
                detail: `the snapshot was taken at an event with hash ${snapshot.hashAtPosition}, the log has ${recorded.hash} there`,
              }
            : rebuilt === snapshot.body
              ? {
                  against: 'snapshot',
                  ok: true,
                  position: snapshot.position,
                  detail: `read models rebuilt from empty are byte-identical to the snapshot at position ${snapshot.position} (${rebuilt.length} bytes)`,
                }
              : {
                  against: 'snapshot',
                  ok: false,
                  position: snapshot.position,
                  detail: describeDifference(rebuilt, snapshot.body),
                };
      }
    },
    options.onProgress === undefined ? {} : { onProgress: options.onProgress },
  );

  if (!expectationMet && options.expect !== undefined)
    report(
      'digest',
      { position: options.expect.position, stream: '', revision: -1, eventId: '', type: '' },
      `the log holds no event at position ${options.expect.position}`,
    );
  const balances = compareBalances(models, ledger);
  return {
    ok: problemCount === 0 && comparison.ok && balances.ok && trialBalance === ZERO,
    events,
    streams: heads.size,
    transfers,
    ledgerAccounts: ledger.balances().size,
    headPosition: lastPosition,
    logDigest: digest,
    trialBalance,
    problemCount,
    problems,
    readModels: comparison,
    balances,
    durationMs: Math.round(now() - started),
  };
};
