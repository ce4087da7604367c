import { Either, left, right } from 'fp-ts/Either';
import { lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DomainError } from '../domain/errors';

/** The data folder's subfolder batch imports read from (besides the import directories of the settings). */
export const IMPORTS_FOLDER = 'imports';

/** Largest import file read; a school's whole user list is a few MB. */
export const MAX_IMPORT_FILE_BYTES = 32 * 1024 * 1024;

/** A path the caller sent, as a reply may show it: an absolute path by its file name only. */
const asShown = (requested: string): string => (isAbsolute(requested) ? basename(requested) : requested);

const refuse = (path: string, reason: string): Either<DomainError, never> =>
  left({ code: 'ImportFileRefused', path: asShown(path), reason });

const inside = (root: string, path: string): boolean => {
  const relation = relative(root, path);
  return relation !== '' && relation !== '..' && !relation.startsWith(`..${sep}`) && !isAbsolute(relation);
};

const lexists = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

/**
 * Confines a path a caller named to `directories` (created if missing) after resolving symbolic
 * links; a relative path is taken from the first of them. Returns the real path, or why it is
 * refused — in words that name no server path, since the reason goes back to the caller
 * (`elsewhere` says where files may be read from, e.g. "the import folders").
 */
export const confineToFolders = (
  directories: readonly string[],
  requested: string,
  elsewhere: string,
): Either<string, string> => {
  const [home] = directories;
  if (home === undefined) return left('no folder is configured to read it from');
  if (requested.trim() === '') return left('no file was named');
  if (requested.includes('\0')) return left('the path holds a NUL character');
  const roots = directories.map((directory) => {
    mkdirSync(directory, { recursive: true, mode: 0o750 });
    return realpathSync(directory);
  });
  const asked = isAbsolute(requested) ? requested : resolve(home, requested);
  // The real path of the deepest folder that exists, plus what is still missing below it: a missing
  // file is confined like any other, and reading it then reports that it does not exist.
  // lstat, not exists: a broken symbolic link is not "missing" (it could later point anywhere).
  let existing = asked;
  const missing: string[] = [];
  while (!lexists(existing) && dirname(existing) !== existing) {
    missing.unshift(basename(existing));
    existing = dirname(existing);
  }
  let real: string;
  try {
    real = join(realpathSync(existing), ...missing);
  } catch (error) {
    return left(`the path cannot be resolved (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return roots.some((root) => inside(root, real))
    ? right(real)
    : left(`files are read only from ${elsewhere}`);
};

/** How a refusal names the import folders without naming a server path. */
const IMPORT_FOLDERS =
  "the import folders (the data folder's imports/ and the importDirectories of the server's settings)";

/**
 * Where an import file named over the API may be read. A caller names a path on the server, so the
 * path is confined to the import directories — the data folder's `imports/` and those the server's
 * own settings name (never the API-writable config, or a token holder could open up the disk) —
 * after resolving symbolic links. The data folder itself is not one of them: it holds the event
 * log and the first-run admin password, and a file read as an import shows its content in the
 * feedback.
 */
export const resolveImportFile = (
  directories: readonly string[],
  requested: string,
): Either<DomainError, string> => {
  if (directories.length === 0)
    return refuse(
      requested,
      'no import folder is configured (run folio serve with a data folder, or set importDirectories)',
    );
  const confined = confineToFolders(directories, requested, IMPORT_FOLDERS);
  return confined._tag === 'Left' ? refuse(requested, confined.left) : confined;
};

/** Windows tools save tab-separated text as UTF-16 with a byte-order mark, or in the ANSI code page. */
const decode = (bytes: Buffer): { readonly text: string; readonly encoding: string } => {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'Windows-1252' };
  }
};

/** Reads an import file already confined by resolveImportFile. */
export const readImportFile = async (
  path: string,
): Promise<Either<DomainError, { readonly text: string; readonly encoding: string }>> => {
  const unreadable = (reason: string): Either<DomainError, never> =>
    left({ code: 'FileNotReadable', path, reason });
  try {
    const info = await stat(path);
    if (!info.isFile()) return unreadable('it is not a regular file');
    if (info.size > MAX_IMPORT_FILE_BYTES)
      return unreadable(`it is larger than ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MiB; split it`);
    return right(decode(await readFile(path)));
  } catch (error) {
    // The code only: an error's message names the resolved path, and this reason reaches the caller.
    return unreadable((error as NodeJS.ErrnoException).code ?? 'an unexpected error');
  }
};

/**
 * How replies and task lines name a confined import file (`real`, from resolveImportFile): its path
 * inside the import folder that holds it, e.g. `users.tsv` — never an absolute server path, since
 * api.getTaskStatus takes no token.
 */
export const importFileName = (directories: readonly string[], real: string): string => {
  for (const directory of directories) {
    const relation = relative(realpathSync(directory), real);
    if (inside(realpathSync(directory), real)) return relation;
  }
  return basename(real);
};
