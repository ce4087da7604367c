import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import {
  EMPTY_ROOT,
  inclusionPath,
  leafHash,
  MerkleFrontier,
  nodeHash,
  rootFromInclusionPath,
} from '../../../application/audit/merkle';

const eventHash = (i: number): string => createHash('sha256').update(`event ${i}`).digest('hex');

/** RFC 6962 §2.1's definition, recursively, to check the incremental frontier against. */
const referenceRoot = (leaves: readonly Buffer[]): Buffer => {
  if (leaves.length === 1) return leaves[0] as Buffer;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
};

describe('the Merkle tree over the log', () => {
  it('the frontier gives RFC 6962 roots at every size, and every audit path leads back to it', () => {
    const frontier = new MerkleFrontier();
    assert.equal(frontier.root(), EMPTY_ROOT);
    const leaves: Buffer[] = [];
    for (let size = 1; size <= 70; size += 1) {
      frontier.append(eventHash(size));
      leaves.push(leafHash(eventHash(size)));
      const root = frontier.root();
      assert.equal(root, referenceRoot(leaves).toString('hex'), `size ${size}`);
      for (let index = 0; index < size; index += 1) {
        const path = inclusionPath(leaves, index);
        assert.equal(
          rootFromInclusionPath(leaves[index] as Buffer, index, size, path),
          root,
          `${index} of ${size}`,
        );
        const other = leafHash(eventHash(1000));
        assert.notEqual(rootFromInclusionPath(other, index, size, path), root);
      }
    }
  });
});
