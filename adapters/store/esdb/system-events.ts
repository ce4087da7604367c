/**
 * EventStoreDB writes its own events into $all (users, settings, statistics, projection state,
 * stream metadata, links): their types and streams start with '$'. Folio's types and streams never
 * do, so these are skipped wherever Folio reads $all.
 */
export const isSystemEvent = (event: { readonly streamId: string; readonly type: string }): boolean =>
  event.type.startsWith('$') || event.streamId.startsWith('$');
