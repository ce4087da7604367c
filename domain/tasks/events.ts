import * as t from 'io-ts';
import { defineEvent } from '../event-definition';
import { ImportKind, ImportOptions } from '../imports/events';

/** Which parts of the directory a sync brings in (application/services/directory-sync.ts). */
export const SyncPlanCodec = t.type({
  createUsers: t.boolean,
  updateDetails: t.boolean,
  syncMembership: t.boolean,
  deleteMissingUsers: t.boolean,
  /** The case-folded key of the one group synced; null for the whole directory. */
  onlyGroup: t.union([t.string, t.null]),
});

/**
 * What a background task is to do, as the API call asked it. An import holds the file's contents as
 * read at call time (at most 50,000 lines): the file may change or vanish before the task runs.
 */
export const TaskRequest = t.union([
  t.type({
    kind: t.literal('import'),
    importKind: ImportKind,
    file: t.string,
    shownAs: t.string,
    options: ImportOptions,
    contents: t.string,
  }),
  t.type({ kind: t.literal('printer-import'), file: t.string, shownAs: t.string, contents: t.string }),
  t.type({ kind: t.literal('directory-sync'), plan: SyncPlanCodec }),
  t.type({ kind: t.literal('directory-group'), group: t.string }),
  t.type({ kind: t.literal('backup') }),
]);
export type TaskRequest = t.TypeOf<typeof TaskRequest>;

export const TaskRequested = defineEvent(
  'TaskRequested',
  1,
  "An API call started a background task and was answered only once this was durable: what the task is to do (an import's file contents as read at call time). Ended by `TaskFinished` on the same stream; a task without it is resumed at start-up, its work written once (an import's operation id is derived from the task's).",
  t.type({ operationId: t.string, name: t.string, request: TaskRequest }),
);

export const TaskFinished = defineEvent(
  'TaskFinished',
  1,
  'A background task ended (done, or failed for a reason its status shows): it is not run again at start-up.',
  t.type({ operationId: t.string }),
);
