import assert from 'node:assert/strict';
import { TestContext } from 'node:test';
import {
  DuplicateEventIdError,
  EventStore,
  ExpectedRevision,
  RecordedEvent,
  WrongExpectedRevisionError,
} from '../../../adapters/store/port';

export interface StoreUnderTest {
  readonly store: EventStore;
  /** Closes the store and opens the same data again; absent for a store that keeps nothing. */
  readonly reopen?: () => Promise<EventStore>;
  /** Closes whichever store is open and removes its data. */
  readonly cleanup: () => Promise<void>;
}

export interface StoreContractOptions {
  /**
   * The store may hold other tests' events (a shared server): no test then expects it to start
   * empty, and reads of the whole log look only at the test's own streams.
   */
  readonly shared?: boolean;
  /**
   * false for a store that recognises a repeated event id only as the retry of an append at the same
   * expected revision (EventStoreDB): the tests of refusing ids stored elsewhere do not apply to it.
   */
  readonly checksEventIdsAcrossStreams?: boolean;
}

export const expectWrongRevision = (
  attempt: Promise<unknown>,
  stream: string,
  expected: ExpectedRevision,
  actual: number | 'no_stream',
): Promise<void> =>
  assert.rejects(attempt, (error: unknown) => {
    assert.ok(
      error instanceof WrongExpectedRevisionError,
      `expected WrongExpectedRevisionError, got ${String(error)}`,
    );
    assert.equal(error.stream, stream);
    assert.equal(error.expected, expected);
    assert.equal(error.actual, actual);
    return true;
  });

export const expectDuplicateId = (attempt: Promise<unknown>, eventId: string): Promise<void> =>
  assert.rejects(attempt, (error: unknown) => {
    assert.ok(error instanceof DuplicateEventIdError, `expected DuplicateEventIdError, got ${String(error)}`);
    assert.equal(error.eventId, eventId);
    return true;
  });

export const ofStreams = (events: readonly RecordedEvent[], streams: readonly string[]): RecordedEvent[] =>
  events.filter((event) => streams.includes(event.stream));

export const assertStrictlyIncreasing = (positions: readonly number[]): void => {
  positions.forEach((position, index) => {
    assert.ok(Number.isSafeInteger(position) && position > 0, `position ${position} is a positive integer`);
    const previous = positions[index - 1];
    if (previous !== undefined) assert.ok(position > previous, `position ${position} follows ${previous}`);
  });
};

/** A payload that exercises what JSON can carry and what stores tend to mangle. */
export const richPayload = {
  text: 'Zoë Åström — 日本語のテキスト — עברית — 🎉👩‍👩‍👧',
  combining: 'e\u0301 vs \u00e9',
  escapes: 'tab\tnewline\nquote"backslash\\slash/',
  nul: 'before\u0000after',
  nested: { level1: { level2: { level3: [1, 'two', { three: null }, [true, false]] } } },
  numbers: [0, -1, 0.1, 1e-7, 123_456.789, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER],
  empty: { object: {}, array: [], string: '' },
  'key with spaces, ünïcödé and emoji 🔑': 'value',
  zOrder: 'keys not sorted on purpose',
  aOrder: true,
};

/** What every part of the contract is given: how to register a test, and the store's options. */
export interface ContractSuite {
  readonly name: string;
  readonly options: StoreContractOptions;
  /** Registers a test that runs on a freshly opened store and cleans it up after. */
  readonly test: ContractTest;
  /** Registers the test as skipped: not part of this store's semantics. */
  readonly skipTest: ContractTest;
}

export type ContractTest = (
  title: string,
  body: (subject: StoreUnderTest, context: TestContext) => Promise<void>,
) => void;
