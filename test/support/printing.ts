import { tmpdir } from 'node:os';
import { Either, isLeft } from 'fp-ts/Either';
import { RequestContext } from '../../application/envelope';
import { createFolio, Folio } from '../../application/folio';
import { sequentialIds } from '../../application/ids';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { FAST_STEP_RETRY } from './step-retry';
import { EventStore } from '../../adapters/store/port';

export const ctx: RequestContext = { actor: 'test', method: 'test', correlationId: 'test' };

export interface TestClock {
  readonly clock: () => Date;
  set(iso: string): void;
  advanceMinutes(minutes: number): void;
}

export const testClock = (start = '2025-03-01T10:00:00.000Z'): TestClock => {
  let now = new Date(start);
  return {
    clock: () => now,
    set: (iso) => {
      now = new Date(iso);
    },
    advanceMinutes: (minutes) => {
      now = new Date(now.getTime() + minutes * 60_000);
    },
  };
};

/** A started Folio on an in-memory store (or the store given), with a settable clock and sequential ids. */
export const startFolio = async (
  options: { readonly store?: EventStore; readonly clock?: TestClock; readonly idPrefix?: string } = {},
): Promise<{ folio: Folio; store: EventStore; clock: TestClock }> => {
  const store = options.store ?? createMemoryEventStore();
  const clock = options.clock ?? testClock();
  const folio = createFolio({
    store,
    clock: clock.clock,
    ids: sequentialIds(options.idPrefix ?? 'id'),
    hashSecret: (secret) => `hash:${secret}`,
    verifySecret: (secret, hash) => hash === `hash:${secret}`,
    // Import files are written under the system's temporary folder.
    importDirectories: [tmpdir()],
    stepRetry: FAST_STEP_RETRY,
  });
  await folio.start();
  return { folio, store, clock };
};

/** Unwraps a service result, failing the test with the domain error's code. */
export const expectRight = async <T>(
  result: Promise<Either<{ code: string }, T>> | Either<{ code: string }, T>,
): Promise<T> => {
  const settled = await result;
  if (isLeft(settled)) throw new Error(`expected success, got ${JSON.stringify(settled.left)}`);
  return settled.right;
};

export const addUser = (folio: Folio, username: string) =>
  expectRight(
    folio.services.users.addNewInternalUser(ctx, {
      username,
      password: 'secret',
      fullName: username,
      email: '',
      cardId: '',
      pin: '',
    }),
  );
