import { Either, left, right } from 'fp-ts/Either';
import { existsSync, lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DomainError } from '../../domain/errors';

/**
 * Where a report asked for over the API may be written. A caller names a path on the server, so the
 * path is confined: only inside the report directories (the data folder's `reports/` and any the
 * server's settings name — never the API-writable config, or a token holder could widen it), after
 * resolving symbolic links, and never over anything but a regular file.
 */
export const resolveSaveLocation = (
  directories: readonly string[],
  location: string,
  defaultName: string,
): Either<DomainError, string> => {
  const [home] = directories;
  if (home === undefined)
    return left({
      code: 'NotSupported',
      feature: 'Saving reports on the server',
      reason:
        'no report directory is configured (run folio serve with a data folder, or set reportDirectories)',
    });
  // Named, never spelled out: a fault must not tell a caller where the server keeps its files.
  const allowed =
    directories.length > 1
      ? "the data folder's reports/ folder or a folder the reportDirectories setting names"
      : "the data folder's reports/ folder";
  const refuse = (why: string): Either<DomainError, string> =>
    left({
      code: 'InvalidValue',
      field: 'saveLocation',
      value: location,
      expected: `a path inside ${allowed}, relative to it or absolute (${why})`,
    });
  if (location.includes('\0')) return refuse('no NUL characters');
  const asked = location.trim() === '' ? home : isAbsolute(location) ? location : resolve(home, location);
  const isDirectory =
    /[/\\]$/.test(location) ||
    location.trim() === '' ||
    (existsSync(asked) && lstatSync(asked).isDirectory());
  const target = resolve(isDirectory ? join(asked, defaultName) : asked);

  const roots = directories.map((directory) => {
    mkdirSync(directory, { recursive: true, mode: 0o750 });
    return realpathSync(directory);
  });
  // The real path of the deepest folder that exists, plus the folders still to be made.
  let existing = dirname(target);
  const missing: string[] = [];
  while (!existsSync(existing)) {
    missing.unshift(existing.slice(dirname(existing).length + 1));
    existing = dirname(existing);
  }
  const realParent = join(realpathSync(existing), ...missing);
  const inside = roots.some((root) => {
    const path = relative(root, realParent);
    return path === '' || (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path));
  });
  if (!inside) return refuse('reports are written only there');
  const final = join(realParent, target.slice(dirname(target).length + 1));
  if (existsSync(final) && !lstatSync(final).isFile()) return refuse('it names something other than a file');
  mkdirSync(realParent, { recursive: true, mode: 0o750 });
  return right(final);
};
