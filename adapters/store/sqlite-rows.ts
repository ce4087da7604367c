import { UnpositionedEvent } from './append-plan';
import { RecordedEvent } from './port';

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position      INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id      TEXT    NOT NULL UNIQUE,
  stream        TEXT    NOT NULL,
  revision      INTEGER NOT NULL,
  type          TEXT    NOT NULL,
  version       INTEGER NOT NULL,
  recorded_at   TEXT    NOT NULL,
  data          TEXT    NOT NULL,
  metadata      TEXT    NOT NULL,
  previous_hash TEXT    NOT NULL,
  hash          TEXT    NOT NULL,
  UNIQUE (stream, revision)
);
`;

/** Both connections wait this long for another process's lock before giving up with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

export interface EventRow {
  position: number;
  event_id: string;
  stream: string;
  revision: number;
  type: string;
  version: number;
  recorded_at: string;
  data: string;
  metadata: string;
  previous_hash: string;
  hash: string;
}

export class CorruptEventError extends Error {
  constructor(
    readonly position: number,
    readonly stream: string,
    readonly revision: number,
    readonly problem: string,
  ) {
    super(`stored event at position ${position} (${stream}@${revision}) is unreadable: ${problem}`);
    this.name = 'CorruptEventError';
  }
}

export const toRecorded = (row: EventRow): RecordedEvent => {
  const parse = (text: string, column: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      throw new CorruptEventError(row.position, row.stream, row.revision, `${column} is not JSON`);
    }
  };
  return {
    position: row.position,
    eventId: row.event_id,
    stream: row.stream,
    revision: row.revision,
    type: row.type,
    version: row.version,
    recordedAt: row.recorded_at,
    data: parse(row.data, 'data'),
    metadata: parse(row.metadata, 'metadata') as RecordedEvent['metadata'],
    previousHash: row.previous_hash,
    hash: row.hash,
  };
};

export const toRow = (record: UnpositionedEvent) => ({
  eventId: record.eventId,
  stream: record.stream,
  revision: record.revision,
  type: record.type,
  version: record.version,
  recordedAt: record.recordedAt,
  data: JSON.stringify(record.data),
  metadata: JSON.stringify(record.metadata),
  previousHash: record.previousHash,
  hash: record.hash,
});
