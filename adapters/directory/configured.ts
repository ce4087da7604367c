import { resolve } from 'node:path';
import { tsvFileDirectory } from './tsv-file';
import { UserDirectory } from './port';

/** The config value naming the directory file; empty = no user directory (application groups only). */
export const DIRECTORY_FILE_CONFIG_KEY = 'user-directory.file';

/** Chooses the directory from the site's configuration; null when none is configured. */
export type DirectoryChooser = (configValue: (name: string) => string) => UserDirectory | null;

/** A relative path is taken from the server's working folder; an absolute path is clearer. */
export const configuredDirectory: DirectoryChooser = (configValue) => {
  const path = configValue(DIRECTORY_FILE_CONFIG_KEY).trim();
  return path === '' ? null : tsvFileDirectory(resolve(path));
};
