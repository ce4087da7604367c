import * as t from 'io-ts';
import { defineEvent } from '../event-definition';

/**
 * The first event every batch import writes on each user or shared account it applies a line to,
 * in the same append as the line's changes. It says which import and which line changed the record,
 * and it is how recovery after a crash knows that this record's line was already applied — even a
 * line that changed nothing leaves it, so a finished line is never applied a second time.
 */
export const UserImported = defineEvent(
  'UserImported',
  1,
  'A line of a batch import (operation `operationId`, file `file`, line `line`) was applied to this user; its changes follow as their own events in the same append.',
  t.type({ userId: t.string, operationId: t.string, file: t.string, line: t.number }),
);

export const SharedAccountImported = defineEvent(
  'SharedAccountImported',
  1,
  'A line of a batch import (operation `operationId`, file `file`, line `line`) was applied to this shared account; its changes follow as their own events in the same append.',
  t.type({ accountId: t.string, operationId: t.string, file: t.string, line: t.number }),
);
