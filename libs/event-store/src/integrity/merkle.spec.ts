import { createHash } from 'node:crypto';
import { MemoryNodes, MerkleLog, MissingNodeError, NO_NODES, leafHash, verifyInclusion } from './merkle';
import type { TreeHash } from './merkle';
import { referencePath, referenceRoot } from './rfc9162.fixtures';

const eventHash = (i: number) => createHash('sha256').update(`event ${i}`).digest('hex');

const mth = referenceRoot;
const path = referencePath;

describe.each<TreeHash>(['sha256', 'sm3'])('MerkleLog (%s)', (alg) => {
  const tree = new MerkleLog(alg);
  const raw: Buffer[] = [];
  for (let i = 0; i < 70; i++) {
    tree.append(eventHash(i));
    raw.push(Buffer.from(eventHash(i), 'hex'));
  }

  it('has the RFC 9162 root for every size', () => {
    for (let n = 0; n <= raw.length; n++) expect(tree.root(n).toString('hex')).toBe(mth(alg, raw.slice(0, n)).toString('hex'));
  });

  it('gives the RFC 9162 audit path, and it verifies, for every leaf of several sizes', () => {
    for (const n of [1, 2, 3, 7, 8, 9, 33, 64, 70]) {
      const root = tree.root(n);
      for (let m = 0; m < n; m++) {
        const proof = tree.inclusionProof(m, n);
        expect(proof.map((p) => p.toString('hex'))).toEqual(path(alg, m, raw.slice(0, n)).map((p) => p.toString('hex')));
        expect(verifyInclusion(alg, leafHash(alg, raw[m]), m, n, proof, root)).toBe(true);
      }
    }
  });

  it('rejects a proof for another leaf, index, size or root', () => {
    const proof = tree.inclusionProof(5, 33);
    const root = tree.root(33);
    expect(verifyInclusion(alg, leafHash(alg, raw[6]), 5, 33, proof, root)).toBe(false);
    expect(verifyInclusion(alg, leafHash(alg, raw[5]), 4, 33, proof, root)).toBe(false);
    expect(verifyInclusion(alg, leafHash(alg, raw[5]), 5, 65, proof, root)).toBe(false);
    expect(verifyInclusion(alg, leafHash(alg, raw[5]), 5, 33, proof, tree.root(32))).toBe(false);
    expect(verifyInclusion(alg, leafHash(alg, raw[5]), 5, 33, proof.slice(1), root)).toBe(false);
  });

  it('goes on from its stored nodes: a tree restored at any size has the same roots and proofs, and appends alike', () => {
    for (const n of [1, 2, 5, 8, 33, 64, 69]) {
      const nodes = new MemoryNodes();
      const before = new MerkleLog(alg, nodes);
      for (let i = 0; i < n; i++) before.append(eventHash(i));
      const restored = new MerkleLog(alg, nodes, n);
      expect(restored.root().equals(tree.root(n))).toBe(true);
      for (let i = n; i < 70; i++) restored.append(eventHash(i));
      expect(restored.root().equals(tree.root())).toBe(true);
      expect(restored.root(n).equals(tree.root(n))).toBe(true);
      expect(restored.inclusionProof(n - 1, 70)).toEqual(tree.inclusionProof(n - 1, 70));
    }
  });

  it('names a node its store lacks', () => {
    expect(() => new MerkleLog(alg, new MemoryNodes(), 3)).toThrow("the Merkle tree's node (0, 2) is missing from its store");
    const nodes = new MemoryNodes();
    const t = new MerkleLog(alg, nodes);
    for (let i = 0; i < 5; i++) t.append(eventHash(i));
    expect(() => new MerkleLog(alg, NO_NODES, 5)).toThrow(MissingNodeError);
  });

  it('refuses sizes and indexes outside the tree', () => {
    expect(() => tree.root(71)).toThrow('tree size 71 is outside 0..70');
    expect(() => tree.inclusionProof(10, 10)).toThrow('leaf index 10 is outside a tree of 10 leaves');
  });
});
