import { createHash } from 'node:crypto';

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Folio's namespace for event ids that are not UUIDs: keeps the derived ids apart from any other. */
const NAMESPACE = 'folio/esdb-event-id/v1';

/**
 * EventStoreDB ids are UUIDs, and it gives them back in canonical lower-case form. A port event id in
 * that form is used as it is; any other id (test ids, upper-case UUIDs) maps to a name-based UUID —
 * the same id always gives the same UUID, so the server still recognises a retried append — and the
 * original is kept in the event's metadata (see event-data.ts).
 */
export const isCanonicalUuid = (eventId: string): boolean => CANONICAL_UUID.test(eventId);

export const toEsdbEventId = (eventId: string): string => {
  if (isCanonicalUuid(eventId)) return eventId;
  const hex = createHash('sha256').update(NAMESPACE).update('\u0000').update(eventId).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
