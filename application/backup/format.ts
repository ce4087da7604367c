import * as t from 'io-ts';

/**
 * A Folio backup is a zip holding two entries: `events.jsonl`, every event of the log up to one
 * position, in log order, one canonical JSON object a line with its whole envelope and its hash;
 * and `manifest.json`, written last, with the counts and digests that make the backup verifiable
 * without trusting anything else in it.
 */
export const BACKUP_FORMAT = 'folio-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const EVENTS_ENTRY = 'events.jsonl';
export const MANIFEST_ENTRY = 'manifest.json';
/** The signed checkpoint of the log the backup holds (absent from backups written without a key). */
export const CHECKPOINT_ENTRY = 'checkpoint.json';
/** The data folder's subfolder online backups are written to. */
export const BACKUPS_FOLDER = 'backups';

export const BackupManifest = t.type({
  format: t.literal(BACKUP_FORMAT),
  formatVersion: t.literal(BACKUP_FORMAT_VERSION),
  /** When the backup was taken (the application's clock). */
  createdAt: t.string,
  /** The log's position the backup stops at: every event up to it and none after. */
  headPosition: t.number,
  events: t.number,
  streams: t.number,
  /** Size and SHA-256 (hex) of the `events.jsonl` entry's bytes. */
  eventsBytes: t.number,
  eventsSha256: t.string,
  /**
   * SHA-256 over `stream\trevision\thash\n` of every event in log order: the same value computed
   * over a restored store proves that its chains are these chains, event for event.
   */
  chainDigest: t.string,
});
export type BackupManifest = t.TypeOf<typeof BackupManifest>;

/** One line of `events.jsonl`: a recorded event as the store port returns it. */
export const BackupEvent = t.type({
  position: t.number,
  eventId: t.string,
  stream: t.string,
  revision: t.number,
  type: t.string,
  version: t.number,
  recordedAt: t.string,
  data: t.unknown,
  metadata: t.record(t.string, t.unknown),
  previousHash: t.string,
  hash: t.string,
});

/** `folio-backup-20260304-050607.zip`, from the time the backup was taken (UTC). */
export const backupFileName = (at: Date): string =>
  `folio-backup-${at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.zip`;
