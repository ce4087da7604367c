import { EventStore, RecordedEvent } from '../port';

/** Events read from $all per page while walking a whole log. */
export const WALK_PAGE = 2_000;

/** Every event after `afterPosition`, in log order, a page at a time. */
export async function* walkLog(
  store: EventStore,
  afterPosition = 0,
  pageSize = WALK_PAGE,
): AsyncGenerator<RecordedEvent> {
  let after = afterPosition;
  for (;;) {
    const page = await store.readAll(after, pageSize);
    const last = page[page.length - 1];
    if (last === undefined) return;
    yield* page;
    after = last.position;
  }
}
