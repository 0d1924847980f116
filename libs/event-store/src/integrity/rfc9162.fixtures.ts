/** RFC 9162 written out literally, as the reference the tree's tests compare with (no stored nodes, no frontier). */
import { createHash } from 'node:crypto';
import { leafHash, nodeHash } from './merkle';
import type { TreeHash } from './merkle';

const split = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/** MTH(D[n]), §2.1.1, over event hashes. */
export function referenceRoot(alg: TreeHash, leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash(alg).digest();
  if (leaves.length === 1) return leafHash(alg, leaves[0]);
  const k = split(leaves.length);
  return nodeHash(alg, referenceRoot(alg, leaves.slice(0, k)), referenceRoot(alg, leaves.slice(k)));
}

/** PATH(m, D[n]), §2.1.3.1. */
export function referencePath(alg: TreeHash, m: number, leaves: Buffer[]): Buffer[] {
  if (leaves.length === 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...referencePath(alg, m, leaves.slice(0, k)), referenceRoot(alg, leaves.slice(k))]
    : [...referencePath(alg, m - k, leaves.slice(k)), referenceRoot(alg, leaves.slice(0, k))];
}
