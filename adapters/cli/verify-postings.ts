import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { comparePostings } from '../../application/postings/postings';
import { EventStore } from '../store/port';
import { openSqlitePostingsIndex, POSTINGS_FILE } from '../store/postings-sqlite';

export interface PostingsCheck {
  readonly ok: boolean;
  readonly line: string;
}

/**
 * verify's check of the postings index (postings.sqlite in the data folder): caught up, then
 * compared row by row with the postings recomputed from the log. A folder without one has nothing
 * to compare, and says so.
 */
export const checkPostingsIndex = async (
  dataDir: string,
  storeSetting: string,
  store: EventStore,
): Promise<PostingsCheck> => {
  const path = join(dataDir, POSTINGS_FILE);
  if (storeSetting !== 'sqlite' || !existsSync(path))
    return { ok: true, line: '  postings      NOT COMPARED: no postings index (folio history builds one)\n' };
  let index;
  try {
    index = openSqlitePostingsIndex(path);
  } catch (error) {
    return {
      ok: true,
      line: `  postings      NOT COMPARED: cannot open ${POSTINGS_FILE}: ${String(error)}\n`,
    };
  }
  try {
    const difference = await comparePostings(store, index);
    return difference === null
      ? { ok: true, line: `  postings      every row equals the log's, up to position ${index.position()}\n` }
      : {
          ok: false,
          line: `  postings      MISMATCH: ${difference} (delete ${POSTINGS_FILE} to rebuild it)\n`,
        };
  } finally {
    index.close();
  }
};
