import { createHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 6962/9162 (Certificate Transparency) over the global log: leaf i is the
 * i-th event in log order, its leaf data the 32 bytes of the event's stored hash (which covers all
 * it says and, through its stream's chain, its predecessors). Leaves hash as SHA-256(0x00 ‖ data),
 * nodes as SHA-256(0x01 ‖ left ‖ right), so a leaf can never pass for a node.
 */
const sha256 = (...parts: Buffer[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

export const EMPTY_ROOT = sha256().toString('hex');

export const leafHash = (eventHash: string): Buffer => sha256(LEAF_PREFIX, Buffer.from(eventHash, 'hex'));
export const nodeHash = (left: Buffer, right: Buffer): Buffer => sha256(NODE_PREFIX, left, right);

/**
 * The right edge of a growing tree: one perfect subtree root per set bit of the size, largest first.
 * Appending is O(log n) and the whole state is O(log n) hashes, so the root of a log of any length
 * is computed in one streaming pass.
 */
export class MerkleFrontier {
  private readonly roots: { hash: Buffer; size: number }[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  append(eventHash: string): void {
    this.appendSubtree(leafHash(eventHash), 1);
  }

  /**
   * A perfect subtree of `size` leaves (a power of two, no larger than the smallest root held)
   * appended whole: how a tree kept in blocks is regrouped into larger blocks without its leaves.
   */
  appendSubtree(subtreeRoot: Buffer, size: number): void {
    let node = { hash: subtreeRoot, size };
    for (
      let last = this.roots.at(-1);
      last !== undefined && last.size === node.size;
      last = this.roots.at(-1)
    ) {
      this.roots.pop();
      node = { hash: nodeHash(last.hash, node.hash), size: node.size * 2 };
    }
    this.roots.push(node);
    this.count += size;
  }

  /** The subtree roots, largest first: the whole state, to resume the tree without its leaves. */
  subtrees(): readonly { readonly hash: string; readonly size: number }[] {
    return this.roots.map((root) => ({ hash: root.hash.toString('hex'), size: root.size }));
  }

  static fromSubtrees(subtrees: readonly { readonly hash: string; readonly size: number }[]): MerkleFrontier {
    const frontier = new MerkleFrontier();
    for (const subtree of subtrees) frontier.appendSubtree(Buffer.from(subtree.hash, 'hex'), subtree.size);
    return frontier;
  }

  /** MTH of the leaves so far: the subtree roots folded right to left, as RFC 6962's split does. */
  root(): string {
    if (this.roots.length === 0) return EMPTY_ROOT;
    let hash = (this.roots.at(-1) as { hash: Buffer }).hash;
    for (let i = this.roots.length - 2; i >= 0; i -= 1)
      hash = nodeHash((this.roots[i] as { hash: Buffer }).hash, hash);
    return hash.toString('hex');
  }
}

const largestPowerOfTwoBelow = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

const subtreeRoot = (leaves: readonly Buffer[], from: number, to: number): Buffer => {
  if (to - from === 1) return leaves[from] as Buffer;
  const k = largestPowerOfTwoBelow(to - from);
  return nodeHash(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
};

/** The audit path of leaf `index` in the tree of `leaves` (leaf hashes), RFC 6962 §2.1.1, nearest sibling first. */
export const inclusionPath = (leaves: readonly Buffer[], index: number): string[] => {
  const path: Buffer[] = [];
  const walk = (from: number, to: number): void => {
    if (to - from <= 1) return;
    const k = largestPowerOfTwoBelow(to - from);
    if (index < from + k) {
      walk(from, from + k);
      path.push(subtreeRoot(leaves, from + k, to));
    } else {
      walk(from + k, to);
      path.push(subtreeRoot(leaves, from, from + k));
    }
  };
  walk(0, leaves.length);
  return path.map((hash) => hash.toString('hex'));
};

/** RFC 9162 §2.1.3.2: the root an audit path leads to from a leaf hash; what an auditor recomputes. */
export const rootFromInclusionPath = (
  leaf: Buffer,
  index: number,
  size: number,
  path: readonly string[],
): string | null => {
  if (index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let hash = leaf;
  for (const siblingHex of path) {
    const sibling = Buffer.from(siblingHex, 'hex');
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      hash = nodeHash(sibling, hash);
      if (fn % 2 === 0)
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
    } else hash = nodeHash(hash, sibling);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? hash.toString('hex') : null;
};
