/**
 * A Merkle tree over the whole event log as RFC 9162 (Certificate Transparency v2) defines it: leaf i is the hash of
 * the event at position i + 1, leaf hash = H(0x00 || event hash bytes), node = H(0x01 || left || right), the tree of
 * n leaves splits at the largest power of two below n (§2.1.1). H is SHA-256, or SM3 for the `sm` suite.
 * Complete subtrees are kept level by level (each level one buffer of 32-byte hashes), so a root or an inclusion proof
 * (§2.1.3) for any size costs O(log² n) hashes instead of O(n). Appending only stores the event hash; the hashing
 * is done by `build`, at once or in steps.
 */
import { createHash } from 'node:crypto';

export type TreeHash = 'sha256' | 'sm3';

export function leafHash(algorithm: TreeHash, eventHash: Buffer): Buffer {
  return createHash(algorithm).update(Buffer.of(0)).update(eventHash).digest();
}

export function nodeHash(algorithm: TreeHash, left: Buffer, right: Buffer): Buffer {
  return createHash(algorithm).update(Buffer.of(1)).update(left).update(right).digest();
}

/** The largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** A growable array of 32-byte hashes in one buffer (a Buffer per hash costs ~3× the memory at 100,000 events). */
class HashArray {
  private bytes = Buffer.alloc(32 * 1024);
  length = 0;

  push(hash: Buffer): void {
    if ((this.length + 1) * 32 > this.bytes.length) {
      const bigger = Buffer.alloc(this.bytes.length * 2);
      this.bytes.copy(bigger, 0, 0, this.length * 32);
      this.bytes = bigger;
    }
    hash.copy(this.bytes, this.length * 32);
    this.length += 1;
  }

  /** A view (not a copy) of hash i. */
  at(i: number): Buffer | undefined {
    return i >= 0 && i < this.length ? this.bytes.subarray(i * 32, i * 32 + 32) : undefined;
  }
}

export class MerkleLog {
  /** The event hashes, by leaf index. */
  private readonly events = new HashArray();
  /** levels[h][i]: the hash of the complete subtree of 2^h leaves starting at leaf i·2^h (level 0: leaf hashes). */
  private readonly levels: HashArray[] = [new HashArray()];

  constructor(readonly algorithm: TreeHash) {}

  get size(): number {
    return this.events.length;
  }

  /** Leaves whose hashes (and completed subtrees) are computed; the rest are hashed on the next root or proof. */
  get built(): number {
    return this.levels[0].length;
  }

  /** The event hash of leaf `index` (0-based: position − 1), as appended. */
  eventHash(index: number): Buffer | undefined {
    return this.events.at(index);
  }

  /** Appends the leaf for one event hash (hex, as stored in the event's metadata); hashing waits for `build`. */
  append(eventHashHex: string): void {
    this.events.push(Buffer.from(eventHashHex, 'hex'));
  }

  /**
   * Hashes up to `maxLeaves` appended leaves into the tree (all by default); true when the tree is complete. A
   * start loads the verified hashes only and builds the tree in steps in the background.
   */
  build(maxLeaves = Infinity): boolean {
    const until = Math.min(this.size, this.built + maxLeaves);
    while (this.built < until) {
      let node = leafHash(this.algorithm, this.events.at(this.built) as Buffer);
      this.levels[0].push(node);
      for (let h = 0; this.levels[h].length % 2 === 0; h++) {
        const level = this.levels[h];
        node = nodeHash(this.algorithm, level.at(level.length - 2) as Buffer, node);
        (this.levels[h + 1] ??= new HashArray()).push(node);
      }
    }
    return this.built === this.size;
  }

  /** The leaf hash at `index` (0-based: position − 1). */
  leaf(index: number): Buffer | undefined {
    this.build();
    return this.levels[0].at(index);
  }

  /** MTH of the first `size` leaves (the current size by default); the hash of the empty string for none. */
  root(size = this.size): Buffer {
    this.checkSize(size);
    if (size === 0) return createHash(this.algorithm).digest();
    this.build();
    return Buffer.from(this.subtree(0, size));
  }

  /** PATH(index, D[0:size]): the audit path proving leaf `index` is in the tree of `size` leaves. */
  inclusionProof(index: number, size = this.size): Buffer[] {
    this.checkSize(size);
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`leaf index ${index} is outside a tree of ${size} leaves`);
    this.build();
    const path: Buffer[] = [];
    this.path(index, 0, size, path);
    return path.map((p) => Buffer.from(p));
  }

  private path(m: number, start: number, n: number, out: Buffer[]): void {
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      this.path(m, start, k, out);
      out.push(this.subtree(start + k, n - k));
    } else {
      this.path(m - k, start + k, n - k, out);
      out.push(this.subtree(start, k));
    }
  }

  /** MTH(D[start:start+n]). */
  private subtree(start: number, n: number): Buffer {
    if ((n & (n - 1)) === 0 && start % n === 0) {
      const kept = this.levels[Math.log2(n)]?.at(start / n);
      if (kept) return kept;
    }
    const k = splitPoint(n);
    return nodeHash(this.algorithm, this.subtree(start, k), this.subtree(start + k, n - k));
  }

  private checkSize(size: number): void {
    if (!Number.isInteger(size) || size < 0 || size > this.size) throw new RangeError(`tree size ${size} is outside 0..${this.size}`);
  }
}

/**
 * RFC 9162 §2.1.3.2: recomputes the root from a leaf hash and its audit path; true when it equals `root`.
 * The offline verifier (tools/verify/verify.mjs) carries its own copy of this algorithm.
 */
export function verifyInclusion(algorithm: TreeHash, leaf: Buffer, index: number, size: number, path: Buffer[], root: Buffer): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if ((fn & 1) === 1 || fn === sn) {
      r = nodeHash(algorithm, p, r);
      if ((fn & 1) === 0) {
        while ((fn & 1) === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = nodeHash(algorithm, r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && r.equals(root);
}
