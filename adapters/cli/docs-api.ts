import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMethodsTsv } from '../xmlrpc/coverage';
import { methodRegistry } from '../xmlrpc/methods';
import { apiMarkdown } from './api-docs';

/**
 * Regenerates docs/api.md (run from the project root: `npm run docs:api`) from the specification
 * beside the project, or from its copy in test/fixtures when the checkout stands alone.
 */
const root = process.cwd();
const shared = join(root, '..', 'shared', 'api', 'methods.tsv');
const table = existsSync(shared) ? shared : join(root, 'test', 'fixtures', 'api', 'methods.tsv');
writeFileSync(join(root, 'docs', 'api.md'), apiMarkdown(readMethodsTsv(table), methodRegistry()));
