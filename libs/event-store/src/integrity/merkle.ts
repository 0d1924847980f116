/**
 * A Merkle tree over the whole event log as RFC 9162 (Certificate Transparency v2) defines it: leaf i is the hash of
 * the event at position i + 1, leaf hash = H(0x00 || event hash bytes), node = H(0x01 || left || right), the tree of
 * n leaves splits at the largest power of two below n (§2.1.1). H is SHA-256, or SM3 for the `sm` suite.
 * Each complete subtree's hash is written to a node store as the tree grows (MerkleNodes: in memory, or app.sqlite in
 * the API), so a root or an inclusion proof (§2.1.3) for any size reads O(log n) stored nodes and hashes O(log² n) at
 * most; the tree itself holds only its frontier, O(log n) nodes, whatever the size of the log.
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

/** A growable array of 32-byte hashes in one buffer (a Buffer per hash costs ~3× the memory). */
class HashArray {
  private bytes = Buffer.alloc(32 * 64);
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

/**
 * Where a tree keeps its complete subtrees: node (h, i) is MTH of the 2^h leaves starting at leaf i·2^h (level 0: the
 * leaf hashes). Nodes are written once, in order within each level, as the tree grows, and never change.
 */
export interface MerkleNodes {
  get(level: number, index: number): Buffer | undefined;
  put(level: number, index: number, hash: Buffer): void;
}

/** Every node in memory, level by level (tests, the offline tools); the API keeps them in app.sqlite. */
export class MemoryNodes implements MerkleNodes {
  private readonly levels: HashArray[] = [];

  get(level: number, index: number): Buffer | undefined {
    return this.levels[level]?.at(index);
  }

  put(level: number, index: number, hash: Buffer): void {
    const at = (this.levels[level] ??= new HashArray());
    if (index !== at.length) throw new RangeError(`node (${level}, ${index}) is out of order: level ${level} holds ${at.length} nodes`);
    at.push(hash);
  }
}

/** Keeps no node: a tree that only needs its current root (a streaming check of stored leaves). */
export const NO_NODES: MerkleNodes = { get: () => undefined, put: () => undefined };

export class MerkleLog {
  /**
   * The frontier: frontier[h] is the last complete node of level h, which is the left sibling of whatever completes
   * next at that level while bit h of the size is set. Appending and the current root need only these O(log n) nodes;
   * a root of an earlier size or an inclusion proof reads the stored ones.
   */
  private readonly frontier: Buffer[] = [];

  constructor(
    readonly algorithm: TreeHash,
    private readonly nodes: MerkleNodes = new MemoryNodes(),
    private count = 0,
  ) {
    for (let h = 0; 2 ** h <= count; h++) {
      if (Math.floor(count / 2 ** h) % 2 === 1) {
        const node = nodes.get(h, Math.floor(count / 2 ** h) - 1);
        if (!node) throw new MissingNodeError(h, Math.floor(count / 2 ** h) - 1);
        this.frontier[h] = Buffer.from(node);
      }
    }
  }

  get size(): number {
    return this.count;
  }

  /** Appends the leaf for one event hash (hex, as stored in the event's metadata), and the subtrees it completes. */
  append(eventHashHex: string): void {
    let node = leafHash(this.algorithm, Buffer.from(eventHashHex, 'hex'));
    let index = this.count;
    this.nodes.put(0, index, node);
    let h = 0;
    for (; index % 2 === 1; h++) {
      node = nodeHash(this.algorithm, this.frontier[h], node);
      index = (index - 1) / 2;
      this.nodes.put(h + 1, index, node);
    }
    this.frontier[h] = node;
    this.count += 1;
  }

  /** MTH of the first `size` leaves (the current size by default); the hash of the empty string for none. */
  root(size = this.count): Buffer {
    this.checkSize(size);
    if (size === 0) return createHash(this.algorithm).digest();
    if (size === this.count) return this.frontierRoot();
    return Buffer.from(this.subtree(0, size));
  }

  /** The current root from the frontier alone: its nodes from the lowest level up, each the right child of the next. */
  private frontierRoot(): Buffer {
    let root: Buffer | undefined;
    for (let h = 0; 2 ** h <= this.count; h++) {
      if (Math.floor(this.count / 2 ** h) % 2 === 1) root = root ? nodeHash(this.algorithm, this.frontier[h], root) : this.frontier[h];
    }
    return Buffer.from(root as Buffer);
  }

  /** PATH(index, D[0:size]): the audit path proving leaf `index` is in the tree of `size` leaves. */
  inclusionProof(index: number, size = this.count): Buffer[] {
    this.checkSize(size);
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`leaf index ${index} is outside a tree of ${size} leaves`);
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

  /** MTH(D[start:start+n]): a stored node when it is a complete subtree, else from the nodes below. */
  private subtree(start: number, n: number): Buffer {
    if ((n & (n - 1)) === 0 && start % n === 0) {
      const level = Math.log2(n);
      const kept = this.nodes.get(level, start / n);
      if (kept) return kept;
      if (n === 1) throw new MissingNodeError(0, start);
    }
    const k = splitPoint(n);
    return nodeHash(this.algorithm, this.subtree(start, k), this.subtree(start + k, n - k));
  }

  private checkSize(size: number): void {
    if (!Number.isInteger(size) || size < 0 || size > this.count) throw new RangeError(`tree size ${size} is outside 0..${this.count}`);
  }
}

/** A node the tree needs is not in its store (a tree restored over a store that lacks it). */
export class MissingNodeError extends Error {
  constructor(
    readonly level: number,
    readonly index: number,
  ) {
    super(`the Merkle tree's node (${level}, ${index}) is missing from its store`);
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
