import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bulkScanOf } from '../../adapters/store/bulk-scan';
import { EventStore } from '../../adapters/store/port';
import { blockSizeFor, TreeAtSize, TreeFacts, TreeState } from './checkpoint';
import { forEachRecorded } from './log';

/**
 * The Merkle tree of the log as it stands, for a new checkpoint: from the stored hashes alone (the
 * position and hash columns, no JSON) on the embedded store, and resumed from the tree of the last
 * checkpoint signed here (TREE_STATE_FILE, in the data folder beside checkpoints/, which holds only
 * checkpoints for an auditor to copy) so that a checkpoint reads only the events since. The
 * state is a cache, checked before it is used: its frontier must give the root of the checkpoint
 * signed at that size and the log must still hold the event hash it ends with; else the tree is
 * built from the whole log. Resuming never re-reads what the last checkpoint covered, so a prefix
 * changed since is not blessed by the next checkpoint: that checkpoint's root disagrees with the
 * changed log, and `folio verify --checkpoint` says so.
 */
export const TREE_STATE_FILE = 'checkpoint-tree.json';

const Subtrees = t.readonlyArray(t.type({ hash: t.string, size: t.number }));
const StoredTree = t.type({
  format: t.literal('folio-tree-state/1'),
  size: t.number,
  root: t.string,
  lastPosition: t.number,
  lastEventHash: t.string,
  state: t.type({
    blockSize: t.number,
    whole: Subtrees,
    completeBlocks: t.readonlyArray(t.string),
    partialBlock: Subtrees,
  }),
});
type StoredTree = t.TypeOf<typeof StoredTree>;

const HASH_PAGE = 50_000;

export interface LogTree {
  readonly facts: TreeFacts;
  readonly state: TreeState;
}

const statePath = (dataDir: string): string => join(dataDir, TREE_STATE_FILE);

const readStoredTree = (dataDir: string): StoredTree | null => {
  const path = statePath(dataDir);
  if (!existsSync(path)) return null;
  try {
    const decoded = StoredTree.decode(JSON.parse(readFileSync(path, 'utf8')));
    return isLeft(decoded) ? null : decoded.right;
  } catch {
    return null;
  }
};

/** The stored tree resumed, when the log still ends its prefix as it says and its frontier gives the signed root. */
const resumable = (
  stored: StoredTree | null,
  signedRootAt: (size: number) => string | null,
  hashAt: (position: number) => string | null,
  blockSize: number,
): { tree: TreeAtSize; last: { position: number; hash: string } } | null => {
  if (stored === null || stored.size === 0) return null;
  if (hashAt(stored.lastPosition) !== stored.lastEventHash) return null;
  const tree = TreeAtSize.resume(stored.state, blockSize);
  if (tree === null || tree.whole.size !== stored.size) return null;
  const root = tree.whole.root();
  if (root !== stored.root || signedRootAt(stored.size) !== root) return null;
  return { tree, last: { position: stored.lastPosition, hash: stored.lastEventHash } };
};

/**
 * The tree of the whole log; with `resumeFrom`, resumed from that folder's stored tree when it
 * checks out. `signedRootAt` gives the root of a checkpoint kept there for a size, if any.
 */
export const treeOfLog = async (
  store: EventStore,
  resumeFrom?: { readonly dataDir: string; readonly signedRootAt: (size: number) => string | null },
): Promise<LogTree> => {
  const blockSize = blockSizeFor(await store.headPosition());
  const scan = bulkScanOf(store);
  let last: { position: number; hash: string } | undefined;
  let tree = new TreeAtSize(blockSize);
  if (scan === undefined)
    await forEachRecorded(store, (recorded) => {
      tree.append(recorded.hash);
      last = recorded;
    });
  else {
    const resumed =
      resumeFrom === undefined
        ? null
        : resumable(
            readStoredTree(resumeFrom.dataDir),
            resumeFrom.signedRootAt,
            (position) => {
              const [row] = scan.readHashes(position - 1, 1);
              return row?.position === position ? row.hash : null;
            },
            blockSize,
          );
    if (resumed !== null) ({ tree, last } = resumed);
    for (let page = scan.readHashes(last?.position ?? 0, HASH_PAGE); page.length > 0;) {
      for (const row of page) tree.append(row.hash);
      last = page[page.length - 1];
      page = page.length < HASH_PAGE ? [] : scan.readHashes(last?.position ?? 0, HASH_PAGE);
    }
  }
  const state = tree.state();
  tree.finish();
  return {
    facts: {
      size: tree.whole.size,
      root: tree.whole.root(),
      lastPosition: last?.position ?? 0,
      lastEventHash: last?.hash ?? '',
      blockSize: tree.blockSize,
      blockRoots: tree.blockRoots,
    },
    state,
  };
};

/** Keeps the tree a checkpoint was just signed over, for the next one to resume. */
export const storeLogTree = (dataDir: string, tree: LogTree): void => {
  const stored: StoredTree = {
    format: 'folio-tree-state/1',
    size: tree.facts.size,
    root: tree.facts.root,
    lastPosition: tree.facts.lastPosition,
    lastEventHash: tree.facts.lastEventHash,
    state: tree.state,
  };
  const path = statePath(dataDir);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(stored)}\n`);
  renameSync(`${path}.tmp`, path);
};
