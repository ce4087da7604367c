import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';

/** The specification's method table beside the project (`../shared`), as the workplace lays it out. */
export const sharedMethodsTsv = (): string => join(repoRoot(), '..', 'shared', 'api', 'methods.tsv');

/** The copy kept in the repository, so a clone that stands alone still tests against the spec. */
export const copiedMethodsTsv = (): string => join(repoRoot(), 'test', 'fixtures', 'api', 'methods.tsv');

/** The spec's table when it is there, else the copy (which a test keeps identical to it). */
export const methodsTsvPath = (): string =>
  existsSync(sharedMethodsTsv()) ? sharedMethodsTsv() : copiedMethodsTsv();
