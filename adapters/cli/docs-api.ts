import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coverageMarkdown, readMethodsTsv } from '../xmlrpc/coverage';
import { methodRegistry } from '../xmlrpc/methods';

/** Regenerates docs/api.md (run from the project root: `npm run docs:api`). */
const root = process.cwd();
writeFileSync(
  join(root, 'docs', 'api.md'),
  coverageMarkdown(readMethodsTsv(join(root, '..', 'shared', 'api', 'methods.tsv')), methodRegistry()),
);
