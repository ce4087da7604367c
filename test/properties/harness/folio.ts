import { ComposedFolio, createFolio } from '../../../application/folio';
import { StepRetry } from '../../../application/operation-steps';
import { FAST_STEP_RETRY } from '../../support/step-retry';
import { RequestContext } from '../../../application/envelope';
import { sequentialIds } from '../../../application/ids';
import { createMemoryEventStore } from '../../../adapters/store/memory';
import { EventStore } from '../../../adapters/store/port';

export const CONTEXT: RequestContext = {
  actor: 'property-test',
  method: 'property-test',
  correlationId: 'property-test',
};

/** A clock that moves one second per reading, so recorded times are distinct and reproducible. */
export const steppingClock = (): (() => Date) => {
  let now = Date.UTC(2026, 0, 1);
  return () => new Date((now += 1_000));
};

/** Secrets are not what these properties are about; a plain marker keeps scrypt out of the loop. */
const hashForTests = (secret: string): string => `test$${secret}`;
const verifyForTests = (secret: string, hash: string): boolean => hash === `test$${secret}`;

export interface StartOptions {
  /** Prefix of the sequential ids; every Folio sharing one store needs its own so event ids never clash. */
  readonly idPrefix?: string;
  readonly snapshotPath?: string | null;
  /** How steps are tried again; a process that is going to die gets NO_STEP_RETRY. */
  readonly stepRetry?: StepRetry;
}

/** A started Folio on `store`, with a stepping clock and sequential ids so a failing run replays exactly. */
export const startFolio = async (store: EventStore, options: StartOptions = {}): Promise<ComposedFolio> => {
  const folio = createFolio({
    store,
    clock: steppingClock(),
    ids: sequentialIds(options.idPrefix ?? 'id'),
    snapshotPath: options.snapshotPath ?? null,
    hashSecret: hashForTests,
    verifySecret: verifyForTests,
    stepRetry: options.stepRetry ?? FAST_STEP_RETRY,
  });
  await folio.start();
  return folio;
};

export const startMemoryFolio = async (options: StartOptions = {}) => {
  const store = createMemoryEventStore();
  const folio = await startFolio(store, options);
  return { store, folio };
};
