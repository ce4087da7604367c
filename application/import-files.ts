import { Either, left, right } from 'fp-ts/Either';
import { lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
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
const byteOrderMark = (bytes: Buffer): { readonly encoding: string; readonly length: number } | undefined => {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
};

const ENCODING_NAMES: Readonly<Record<string, string>> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  'windows-1252': 'Windows-1252',
};

const decode = (bytes: Buffer): { readonly text: string; readonly encoding: string } => {
  const mark = byteOrderMark(bytes);
  if (mark !== undefined)
    return {
      text: new TextDecoder(mark.encoding).decode(bytes.subarray(mark.length)),
      encoding: ENCODING_NAMES[mark.encoding] ?? mark.encoding,
    };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'Windows-1252' };
  }
};

/** A data line, as tsvLines counts them: not blank and not a `#` comment. */
const isDataLine = (line: string): boolean => line.trim() !== '' && !line.trimStart().startsWith('#');

/**
 * Counts the data lines of a file as its bytes arrive, decoding them as `decode` will (the line
 * breaks are the same in every encoding it may fall back to), so a read can stop at the limit.
 */
const dataLineCounter = () => {
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let tail = '';
  let count = 0;
  const take = (text: string): void => {
    const lines = `${tail}${text}`.split(/\r\n|\n|\r/);
    tail = lines.pop() ?? '';
    for (const line of lines) if (isDataLine(line)) count += 1;
  };
  return {
    push: (chunk: Buffer, first: boolean): void => {
      if (first) {
        const mark = byteOrderMark(chunk);
        decoder = new TextDecoder(mark?.encoding ?? 'utf-8', { fatal: mark === undefined, ignoreBOM: false });
      }
      try {
        take((decoder as InstanceType<typeof TextDecoder>).decode(chunk, { stream: true }));
      } catch {
        // Not UTF-8 after all: decode reads it as Windows-1252, whose line breaks are the same bytes.
        decoder = new TextDecoder('windows-1252');
        take(decoder.decode(chunk, { stream: true }));
      }
    },
    /** Data lines so far, the unfinished last one included. */
    count: (): number => count + (isDataLine(tail) ? 1 : 0),
  };
};

/** What one import file may hold: the read stops as soon as either is passed, whatever the file's size. */
export interface ImportLimits {
  readonly maxBytes: number;
  readonly maxDataLines: number;
}

const CHUNK_BYTES = 64 * 1024;

/**
 * Reads a file in chunks up to the limits: a file with too many data lines is refused once the
 * line past the limit is read, not after the whole file is in memory. `bytesRead` says how much was
 * read either way.
 */
export const readBoundedFile = async (
  path: string,
  limits: ImportLimits,
): Promise<
  | { readonly kind: 'read'; readonly bytes: Buffer; readonly bytesRead: number }
  | { readonly kind: 'too-large' | 'too-many-lines'; readonly bytesRead: number }
> => {
  const file = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    const counter = dataLineCounter();
    let bytesRead = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead: got } = await file.read(chunk, 0, CHUNK_BYTES, null);
      if (got === 0) break;
      const piece = chunk.subarray(0, got);
      counter.push(piece, bytesRead === 0);
      bytesRead += got;
      if (bytesRead > limits.maxBytes) return { kind: 'too-large', bytesRead };
      if (counter.count() > limits.maxDataLines) return { kind: 'too-many-lines', bytesRead };
      chunks.push(piece);
    }
    return { kind: 'read', bytes: Buffer.concat(chunks), bytesRead };
  } finally {
    await file.close();
  }
};

/**
 * Reads an import file already confined by resolveImportFile, refusing it (`ImportFileRefused`) as
 * soon as it passes `limits`. Refusals name `shownAs`, never the resolved path.
 */
export const readImportFile = async (
  path: string,
  shownAs: string,
  limits: ImportLimits = { maxBytes: MAX_IMPORT_FILE_BYTES, maxDataLines: Number.MAX_SAFE_INTEGER },
): Promise<Either<DomainError, { readonly text: string; readonly encoding: string }>> => {
  const unreadable = (reason: string): Either<DomainError, never> =>
    left({ code: 'FileNotReadable', path: shownAs, reason });
  try {
    const info = await stat(path);
    if (!info.isFile()) return unreadable('it is not a regular file');
    if (info.size > limits.maxBytes)
      return unreadable(`it is larger than ${limits.maxBytes / 1024 / 1024} MiB; split it`);
    const read = await readBoundedFile(path, limits);
    switch (read.kind) {
      case 'too-large':
        return unreadable(`it is larger than ${limits.maxBytes / 1024 / 1024} MiB; split it`);
      case 'too-many-lines':
        return left({
          code: 'ImportFileRefused',
          path: shownAs,
          reason: `it has more than ${limits.maxDataLines} data lines and one import takes at most ${limits.maxDataLines}; split it`,
        });
      default:
        return right(decode(read.bytes));
    }
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
