import { StepRetry } from '../../application/operation-steps';

/** A process that dies at a simulated crash tries nothing again: one try per step. */
export const NO_STEP_RETRY: StepRetry = { attempts: 1, firstPauseMs: 0, maxPauseMs: 0 };

/** Retries as in production, with pauses short enough for a fast suite. */
export const FAST_STEP_RETRY: StepRetry = { attempts: 4, firstPauseMs: 1, maxPauseMs: 4 };
