import { Either } from 'fp-ts/Either';
import { tmpdir } from 'node:os';
import { DomainError } from '../../domain/errors';
import { RequestContext } from '../../application/envelope';
import { ComposedFolio, createFolio, FolioOptions } from '../../application/folio';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { EventStore } from '../../adapters/store/port';

export const TEST_CONTEXT: RequestContext = { actor: 'test', method: 'test', correlationId: 'test' };

export interface TestFolio {
  readonly folio: ComposedFolio;
  readonly store: EventStore;
  /** Moves the injected clock. */
  setNow(time: string): void;
}

/**
 * A started Folio on an in-memory store (or the one given), with a clock the test moves. Directory
 * files are written under the system's temporary folder, so that is where the directory may be read.
 */
export const startTestFolio = async (options: Partial<FolioOptions> = {}): Promise<TestFolio> => {
  const store = options.store ?? createMemoryEventStore();
  let now = new Date('2026-03-01T12:00:00.000Z');
  const folio = createFolio({ clock: () => now, userDirectoryDirectories: [tmpdir()], ...options, store });
  await folio.start();
  return {
    folio,
    store,
    setNow: (time) => {
      now = new Date(time);
    },
  };
};

/** Unwraps a service result, failing the test with the domain error when there is one. */
export const must = async <T>(
  result: Either<DomainError, T> | Promise<Either<DomainError, T>>,
): Promise<T> => {
  const settled = await result;
  if (settled._tag === 'Left') throw new Error(`unexpected domain error: ${JSON.stringify(settled.left)}`);
  return settled.right;
};

/** The domain error of a result that must fail. */
export const mustFail = async <T>(
  result: Either<DomainError, T> | Promise<Either<DomainError, T>>,
): Promise<DomainError> => {
  const settled = await result;
  if (settled._tag === 'Right') throw new Error(`expected a domain error, got ${String(settled.right)}`);
  return settled.left;
};

/**
 * The store as another process sees it: the same events, but notified only of its own appends (SQLite
 * tells only the process that committed), so read models learn of others' writes only by reading.
 */
export const asSeparateProcess = (store: EventStore): EventStore => {
  const listeners = new Set<() => void>();
  return {
    ...store,
    append: async (stream, expected, events, options) => {
      const result = await store.append(stream, expected, events, options);
      queueMicrotask(() => listeners.forEach((listener) => listener()));
      return result;
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};
