import { left } from 'fp-ts/Either';
import { basename } from 'node:path';
import { confineToFolders } from '../../application/import-files';
import { tsvFileDirectory } from './tsv-file';
import { UserDirectory } from './port';

/** The config value naming the directory file; empty = no user directory (application groups only). */
export const DIRECTORY_FILE_CONFIG_KEY = 'user-directory.file';

/** The data folder's subfolder the directory file may live in (besides the folders of the settings). */
export const DIRECTORY_FOLDER = 'directory';

/** Chooses the directory from the site's configuration; null when none is configured. */
export type DirectoryChooser = (configValue: (name: string) => string) => UserDirectory | null;

/** How a refusal names the allowed folders without naming a server path (the reason reaches callers). */
const DIRECTORY_FOLDERS =
  "the data folder's directory/ or imports/ folder, or a folder named by userDirectoryDirectories or importDirectories in the server's settings";

/** A directory that cannot be read, with the reason every read reports. */
const refused = (reason: string): UserDirectory => ({ read: async () => left({ reason }) });

/**
 * The tab-separated file named by the config value, read only from `folders` — the data folder's
 * `directory/` and `imports/` and the folders the server's own settings name — after resolving
 * symbolic links. The config value can be changed over the API, the folders cannot: a caller who
 * names /etc/passwd gets a refusal, not the file's lines as users. A relative path is taken from
 * the first folder. Only an operator may change the value (see xmlrpc/secret-config.ts).
 */
export const configuredDirectory =
  (folders: readonly string[]): DirectoryChooser =>
  (configValue) => {
    const requested = configValue(DIRECTORY_FILE_CONFIG_KEY).trim();
    if (requested === '') return null;
    // Messages name neither the configured path nor the folders: api.getTaskStatus shows them to anyone.
    if (folders.length === 0)
      return refused(
        `the directory file named by ${DIRECTORY_FILE_CONFIG_KEY} cannot be read: no folder is configured for it (run folio serve with a data folder)`,
      );
    const path = confineToFolders(folders, requested, DIRECTORY_FOLDERS);
    return path._tag === 'Left'
      ? refused(`the directory file named by ${DIRECTORY_FILE_CONFIG_KEY} cannot be read: ${path.left}`)
      : tsvFileDirectory(path.right, basename(path.right));
  };
