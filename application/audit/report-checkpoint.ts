import { EventStore } from '../../adapters/store/port';
import { Checkpoint, latestStoredCheckpoint } from './checkpoint';
import { signLogCheckpoint } from './log-proofs';

/**
 * The signed checkpoint a report names: the log it was computed from was (a prefix of) the one the
 * checkpoint covers when `coversReport` holds, so `folio verify --checkpoint` on the checkpoint
 * file proves the events behind the report's figures unchanged since.
 */
export interface ReportCheckpoint {
  readonly size: number;
  readonly root: string;
  readonly lastPosition: number;
  readonly time: string;
  readonly keyId: string;
  readonly signature: string;
  /** The checkpoint covers every position the report read (its period's last position). */
  readonly coversReport: boolean;
}

export const reportCheckpointOf = (checkpoint: Checkpoint, readUpTo: number): ReportCheckpoint => ({
  size: checkpoint.size,
  root: checkpoint.root,
  lastPosition: checkpoint.lastPosition,
  time: checkpoint.time,
  keyId: checkpoint.keyId,
  signature: checkpoint.signature,
  coversReport: checkpoint.lastPosition >= readUpTo,
});

/**
 * Signs a checkpoint of the log after a report was computed from it (so it covers what the report
 * read) and keeps it in the data folder: every reconciliation report makes one.
 */
export const signReportCheckpoint = async (
  store: EventStore,
  dataDir: string,
  readUpTo: number,
): Promise<ReportCheckpoint> =>
  reportCheckpointOf((await signLogCheckpoint(store, dataDir)).checkpoint, readUpTo);

/** The latest checkpoint kept in the data folder, for a report that does not sign one (statements). */
export const latestReportCheckpoint = (dataDir: string, readUpTo: number): ReportCheckpoint | null => {
  const latest = latestStoredCheckpoint(dataDir);
  return latest === null ? null : reportCheckpointOf(latest.checkpoint, readUpTo);
};
