import { join } from 'node:path';
import { createMemoryPostingsIndex, PostingsIndex } from '../../application/postings/postings';
import { openSqlitePostingsIndex, POSTINGS_FILE } from '../store/postings-sqlite';
import { DataLocation } from './data-store';

/**
 * The postings index of an embedded store's data folder (rebuilt there if absent), or one in memory
 * for a remote store or a folder this user may not write: the answer is the same, only slower.
 */
export const openPostings = (location: DataLocation): PostingsIndex => {
  if (location.storeSetting !== 'sqlite') return createMemoryPostingsIndex();
  try {
    return openSqlitePostingsIndex(join(location.dataDir, POSTINGS_FILE));
  } catch {
    return createMemoryPostingsIndex();
  }
};
