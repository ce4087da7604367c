import { createReadModels, ReadModels } from '../../projections';
import { createBoundTracker, LogBound } from '../../projections/ledger/bounds';
import { EventStore } from '../../adapters/store/port';
import { forEachEnvelope, ProgressListener } from './log';

export interface StateAsOf {
  /** Every read model as it stood at the cut: users, groups, shared accounts, config, transaction log. */
  readonly models: ReadModels;
  /** The last event folded (0 when the cut lies before the first event), and when it was recorded. */
  readonly position: number;
  readonly recordedAt: string | null;
}

/**
 * Balances and entity state as they were at a past position or time, by folding the prefix of the
 * log before the cut into fresh read models (the same code the server runs). Nothing is read from
 * snapshots, so the answer depends on the log alone.
 */
export const stateAsOf = async (
  store: EventStore,
  until: LogBound,
  onProgress?: ProgressListener,
): Promise<StateAsOf> => {
  const models = createReadModels();
  const before = createBoundTracker(until);
  let position = 0;
  let recordedAt: string | null = null;
  await forEachEnvelope(
    store,
    (envelope) => {
      if (!before(envelope)) return false;
      models.apply(envelope);
      position = envelope.position;
      recordedAt = envelope.recordedAt;
      return true;
    },
    onProgress === undefined ? {} : { onProgress },
  );
  return { models, position, recordedAt };
};
