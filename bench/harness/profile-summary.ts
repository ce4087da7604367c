import { readFileSync } from 'node:fs';

/**
 * The self and inclusive time of a .cpuprofile's functions, heaviest first:
 *   node dist/bench/harness/profile-summary.js FILE [ROWS] [FILTER]
 * FILTER keeps only functions whose URL holds it (e.g. `adapters/xmlrpc`).
 */
interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const [file = '', rowsText = '40', filter = ''] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, index) =>
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)),
);
const key = (node: ProfileNode): string => {
  const where = node.callFrame.url.replace(/^.*\/(dist|node_modules)\//, '$1/');
  return `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`;
};
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
for (const [id, micros] of selfMicros) {
  total += micros;
  const node = byId.get(id);
  if (node === undefined) continue;
  self.set(key(node), (self.get(key(node)) ?? 0) + micros);
  // Each function counted once per sample, however often it recurses.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const ancestor = byId.get(at);
    if (ancestor === undefined) break;
    const name = key(ancestor);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
  }
}
const rows = Number(rowsText);
const print = (title: string, table: Map<string, number>): void => {
  console.log(`${title} (of ${(total / 1000).toFixed(0)} ms sampled)`);
  [...table]
    .filter(([name]) => filter === '' || name.includes(filter))
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows)
    .forEach(([name, micros]) => console.log(`${((100 * micros) / total).toFixed(1).padStart(6)}%  ${name}`));
};
print('self time', self);
print('inclusive time', inclusive);
