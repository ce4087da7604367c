import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LogPassObserver } from '../../application/audit/log';
import { createPostingsComparison, PostingsIndex } from '../../application/postings/postings';
import { EventStore } from '../store/port';
import { openSqlitePostingsIndex, POSTINGS_FILE } from '../store/postings-sqlite';

export interface PostingsCheck {
  readonly ok: boolean;
  readonly line: string;
}

/** verify's check of the postings index: an observer for its pass, then the verdict. */
export interface PostingsCheckPass {
  readonly observer: LogPassObserver | null;
  readonly finish: (store: EventStore) => Promise<PostingsCheck>;
}

const notCompared = (line: string): PostingsCheckPass => ({
  observer: null,
  finish: () => Promise.resolve({ ok: true, line }),
});

/**
 * verify's check of the postings index (postings.sqlite in the data folder): compared row by row
 * with the postings of the log verify reads, then caught up. A folder without one has nothing to
 * compare, and says so.
 */
export const openPostingsCheck = (dataDir: string, storeSetting: string): PostingsCheckPass => {
  const path = join(dataDir, POSTINGS_FILE);
  if (storeSetting !== 'sqlite' || !existsSync(path))
    return notCompared('  postings      NOT COMPARED: no postings index (folio history builds one)\n');
  let index: PostingsIndex;
  try {
    index = openSqlitePostingsIndex(path);
  } catch (error) {
    return notCompared(`  postings      NOT COMPARED: cannot open ${POSTINGS_FILE}: ${String(error)}\n`);
  }
  const comparison = createPostingsComparison(index);
  return {
    observer: comparison,
    finish: async (store) => {
      try {
        const difference = await comparison.finish(store);
        return difference === null
          ? {
              ok: true,
              line: `  postings      every row equals the log's, up to position ${index.position()}\n`,
            }
          : {
              ok: false,
              line: `  postings      MISMATCH: ${difference} (delete ${POSTINGS_FILE} to rebuild it)\n`,
            };
      } finally {
        index.close();
      }
    },
  };
};
