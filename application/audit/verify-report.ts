import { Money } from '../../domain/money';

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
