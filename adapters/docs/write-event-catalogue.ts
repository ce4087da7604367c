import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderEventCatalogue } from './event-catalogue';

/** `npm run docs:events`: regenerates docs/events.md (run from dist/adapters/docs, so the root is three up). */
const root = resolve(__dirname, '..', '..', '..');
const path = join(root, 'docs', 'events.md');
writeFileSync(path, renderEventCatalogue());
process.stdout.write(`wrote ${path}\n`);
