import Database from 'better-sqlite3';
import {
  DuplicateEventIdError,
  ExpectedRevision,
  ProposedEvent,
  StoreWritesRefusedError,
  WrongExpectedRevisionError,
} from './port';
import { CorruptEventError } from './sqlite-rows';

/**
 * The messages between the embedded store (main thread) and its writer thread. Errors cross the
 * thread boundary as plain data (structured clone keeps neither classes nor extra fields) and are
 * rebuilt on the main thread as the classes the port promises.
 */

export interface AppendRequest {
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly ProposedEvent[];
  readonly afterEventId: string | undefined;
}

/** What happened to one append of a committed batch. */
export type AppendOutcome =
  /** Written: positions and revisions are consecutive from the first; each hash chains to the one before. */
  | {
      readonly kind: 'written';
      readonly firstPosition: number;
      readonly firstRevision: number;
      readonly previousHash: string;
      readonly hashes: readonly string[];
    }
  /** A retry of events already stored, or an empty append: nothing written. */
  | { readonly kind: 'unchanged'; readonly revision: number; readonly position: number }
  | { readonly kind: 'refused'; readonly error: WireError };

/** Hands a latch to the writer: it stops inside its next transaction, before COMMIT, until released. */
export const LATCH_WAITING = 0;
export const LATCH_RELEASED = 1;
/** Released with this, the writer throws out of its thread instead of committing: a crash, for tests. */
export const LATCH_CRASH = 2;

export type ToWriter =
  /** The appends as a JSON text of AppendRequest[]: the events as their rows will hold them. */
  | { readonly kind: 'batch'; readonly appends: string }
  | { readonly kind: 'hold-next-commit'; readonly latch: SharedArrayBuffer }
  | { readonly kind: 'fill-disk-next-commit' }
  | { readonly kind: 'close' };

export type FromWriter =
  /** `base` is the newest position before the batch, read inside its transaction. */
  | { readonly kind: 'committed'; readonly base: number; readonly outcomes: readonly AppendOutcome[] }
  | { readonly kind: 'failed'; readonly error: WireError }
  | { readonly kind: 'holding' }
  /** The store's files were removed, replaced or cut short: this batch and every later one is refused. */
  | { readonly kind: 'damaged'; readonly reason: string }
  | { readonly kind: 'closed' };

export type WireError =
  | {
      readonly kind: 'wrong-revision';
      readonly stream: string;
      readonly expected: ExpectedRevision;
      readonly actual: number | 'no_stream';
    }
  | { readonly kind: 'duplicate-id'; readonly eventId: string }
  | { readonly kind: 'range'; readonly message: string }
  | { readonly kind: 'store-damaged'; readonly reason: string }
  | { readonly kind: 'sqlite'; readonly code: string; readonly message: string }
  | {
      readonly kind: 'corrupt';
      readonly position: number;
      readonly stream: string;
      readonly revision: number;
      readonly problem: string;
    }
  | { readonly kind: 'other'; readonly name: string; readonly message: string };

export const toWire = (error: unknown): WireError => {
  if (error instanceof WrongExpectedRevisionError)
    return { kind: 'wrong-revision', stream: error.stream, expected: error.expected, actual: error.actual };
  if (error instanceof DuplicateEventIdError) return { kind: 'duplicate-id', eventId: error.eventId };
  if (error instanceof StoreWritesRefusedError) return { kind: 'store-damaged', reason: error.reason };
  if (error instanceof Database.SqliteError)
    return { kind: 'sqlite', code: error.code, message: error.message };
  if (error instanceof CorruptEventError)
    return {
      kind: 'corrupt',
      position: error.position,
      stream: error.stream,
      revision: error.revision,
      problem: error.problem,
    };
  if (error instanceof RangeError) return { kind: 'range', message: error.message };
  if (error instanceof Error) return { kind: 'other', name: error.name, message: error.message };
  return { kind: 'other', name: 'Error', message: String(error) };
};

export const fromWire = (wire: WireError): Error => {
  switch (wire.kind) {
    case 'wrong-revision':
      return new WrongExpectedRevisionError(wire.stream, wire.expected, wire.actual);
    case 'duplicate-id':
      return new DuplicateEventIdError(wire.eventId);
    case 'range':
      return new RangeError(wire.message);
    case 'store-damaged':
      return new StoreWritesRefusedError(wire.reason);
    case 'sqlite':
      return new Database.SqliteError(wire.message, wire.code);
    case 'corrupt':
      return new CorruptEventError(wire.position, wire.stream, wire.revision, wire.problem);
    case 'other': {
      // TypeError and the like keep their class; anything else keeps at least its name.
      const known: Record<string, ErrorConstructor> = { TypeError, SyntaxError, Error };
      const error = new (known[wire.name] ?? Error)(wire.message);
      if (known[wire.name] === undefined) error.name = wire.name;
      return error;
    }
    default:
      return assertNever(wire);
  }
};

const assertNever = (value: never): never => {
  throw new Error(`unexpected message ${JSON.stringify(value)}`);
};
