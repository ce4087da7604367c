import fc from 'fast-check';

/**
 * Property tests run with a fixed seed so CI is reproducible; FOLIO_SEED picks another, and
 * FOLIO_RUNS scales the number of runs for a longer local search. fast-check prints the seed and
 * the counterexample path of any failure, so every failure can be replayed.
 */
export const SEED = process.env.FOLIO_SEED === undefined ? 20_261_127 : Number(process.env.FOLIO_SEED);
const RUN_SCALE = process.env.FOLIO_RUNS === undefined ? 1 : Number(process.env.FOLIO_RUNS);

export const checkProperty = <Ts>(property: fc.IProperty<Ts>, numRuns = 100): void =>
  fc.assert(property, { seed: SEED, numRuns: Math.max(1, Math.round(numRuns * RUN_SCALE)) });

export const checkAsyncProperty = <Ts>(property: fc.IAsyncProperty<Ts>, numRuns = 50): Promise<void> =>
  fc.assert(property, { seed: SEED, numRuns: Math.max(1, Math.round(numRuns * RUN_SCALE)) });
