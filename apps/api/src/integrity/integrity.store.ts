/**
 * What the integrity check has verified, kept in app.sqlite (beside the event database, not in it): the position
 * verified through, each stream's verified head, every verified event hash (the Merkle tree's leaves, by position,
 * with their stream), the tree's complete subtrees (`integrity_nodes`, level ≥ 1: written once as the tree grows, so a
 * restart goes on from O(log n) of them and a proof reads O(log n)), the incidents found and the last signed tree
 * head. The process keeps none of it per event or per stream: a verified batch waits in memory until it is saved (one
 * transaction per chunk of the log), and reads go through bounded caches (stream heads, tree nodes).
 */
import { LruMap, MISSING_LEAF, MerkleLog, leafHash } from '@shenbao/event-store';
import type { IntegrityIncident, MerkleNodes, PreviousRow, SignedTreeHead, StreamHead, TreeHash, VerifiedLeaf, VerifiedLog } from '@shenbao/event-store';
import type { AppDatabase } from '@shenbao/commands';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS integrity_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS integrity_streams (stream TEXT PRIMARY KEY, revision INTEGER NOT NULL, hash TEXT NOT NULL, position INTEGER NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS integrity_leaves (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, hash TEXT NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS integrity_nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) STRICT, WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS integrity_incidents (
    stream TEXT NOT NULL, position INTEGER NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL, detected_at TEXT NOT NULL,
    PRIMARY KEY (stream, position, kind)) STRICT;
`;

/** Stream heads kept in memory (the rest are read from the table when a stream appends again). */
const HEAD_CACHE = 10_000;
/** Tree nodes kept in memory: the upper levels every proof reads, and the last proofs' paths. */
const NODE_CACHE = 4096;
/** Rows read at a time when the whole table is walked (the heads in a sweep, the leaves when the tree is checked). */
const PAGE = 4096;

export interface VerifiedState {
  position: number;
  /** The hash of the tree the nodes were written with (absent before any). */
  treeHash?: TreeHash;
  incidents: IntegrityIncident[];
  treeHead?: SignedTreeHead;
}

const nodeKey = (level: number, index: number): number => index * 64 + level;

export class IntegrityStore implements VerifiedLog, MerkleNodes {
  private readonly headCache = new LruMap<string, StreamHead>(HEAD_CACHE);
  private readonly nodeCache = new LruMap<number, Buffer>(NODE_CACHE);
  /** Verified since the last save (positions follow on from the saved ones). */
  private pendingLeaves: VerifiedLeaf[] = [];
  private pendingHeads = new Map<string, StreamHead>();
  private pendingNodes = new Map<number, [number, number, Buffer]>();
  private readonly statements;

  constructor(
    private readonly db: AppDatabase,
    readonly treeHash: TreeHash = 'sha256',
    /** The log's previous row of a stream (the SQLite file): for a head another process has moved beyond this one. */
    private readonly previous?: PreviousRow,
  ) {
    db.exec(SCHEMA);
    this.statements = {
      head: db.prepare<[string], StreamHead>('SELECT revision, hash, position FROM integrity_streams WHERE stream = ?'),
      headsPage: db.prepare<[number, number], [number, string, number, string, number]>(
        'SELECT rowid, stream, revision, hash, position FROM integrity_streams WHERE rowid > ? ORDER BY rowid LIMIT ?',
      ).raw(),
      leaves: db.prepare<[number, number], VerifiedLeaf>('SELECT position, stream, hash FROM integrity_leaves WHERE position BETWEEN ? AND ? ORDER BY position'),
      leafHash: db.prepare<[number], string>('SELECT hash FROM integrity_leaves WHERE position = ?').pluck(),
      leafPage: db.prepare<[number, number], [number, string]>('SELECT position, hash FROM integrity_leaves WHERE position > ? ORDER BY position LIMIT ?').raw(),
      lastLeaf: db.prepare<[], number | null>('SELECT max(position) FROM integrity_leaves').pluck(),
      node: db.prepare<[number, number], Buffer>('SELECT hash FROM integrity_nodes WHERE level = ? AND idx = ?').pluck(),
      nodeRange: db.prepare<[number, number, number], [number, Buffer]>('SELECT idx, hash FROM integrity_nodes WHERE level = ? AND idx BETWEEN ? AND ?').raw(),
      insertLeaf: db.prepare('INSERT OR REPLACE INTO integrity_leaves (position, stream, hash) VALUES (?, ?, ?)'),
      // Only forward: a second API process on this DATA_DIR verifies the same log and may save an older batch later.
      upsertHead: db.prepare(
        `INSERT INTO integrity_streams (stream, revision, hash, position) VALUES (?, ?, ?, ?)
         ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash, position = excluded.position
         WHERE excluded.position > integrity_streams.position`,
      ),
      forward: db.prepare(
        `INSERT INTO integrity_state (key, value) VALUES ('position', ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE CAST(excluded.value AS INTEGER) > CAST(integrity_state.value AS INTEGER)`,
      ),
      // The same node from either process: the first one stays.
      insertNode: db.prepare('INSERT OR IGNORE INTO integrity_nodes (level, idx, hash) VALUES (?, ?, ?)'),
    };
  }

  load(): VerifiedState {
    const position = Number(this.state('position') ?? 0);
    const treeHash = this.state('treeHash') as TreeHash | undefined;
    const head = this.state('treeHead');
    return { position, ...(treeHash ? { treeHash } : {}), incidents: this.incidents(), ...(head ? { treeHead: JSON.parse(head) as SignedTreeHead } : {}) };
  }

  /** The highest verified position with an event hash kept (0 for none). */
  lastLeaf(): number {
    return this.statements.lastLeaf.get() ?? 0;
  }

  /** The tree over the verified hashes as stored; undefined when its nodes are not all there (or of another hash). */
  restoreTree(size: number): MerkleLog | undefined {
    if (size > 0 && this.state('treeHash') !== this.treeHash) return undefined;
    try {
      return new MerkleLog(this.treeHash, this, size);
    } catch {
      return undefined;
    }
  }

  /**
   * Writes the tree's nodes again from the verified event hashes 1..size (a store from before the nodes were kept, a
   * changed INTEGRITY_ALGORITHM, nodes found wrong), and returns the tree. A position without a hash is a missing leaf.
   */
  rebuildTree(size: number): MerkleLog {
    this.nodeCache.clear();
    this.pendingNodes.clear();
    const tree = new MerkleLog(this.treeHash, this);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM integrity_nodes').run();
      for (let after = 0; after < size; ) {
        const page = this.leafPage(after, Math.min(PAGE, size - after));
        for (const [position, hash] of page) {
          while (tree.size < position - 1) tree.append(MISSING_LEAF);
          tree.append(hash);
        }
        after = page.length > 0 ? page[page.length - 1][0] : size;
        while (tree.size < after) tree.append(MISSING_LEAF);
        this.saveNodes();
      }
      this.setState('treeHash', this.treeHash);
    })();
    return tree;
  }

  /** Verified leaves after `after`, in position order: [position, event hash]. */
  leafPage(after: number, limit: number): [number, string][] {
    return this.statements.leafPage.all(after, limit);
  }

  /** How many of these nodes (as recomputed from the leaves) differ from the stored ones or are missing. */
  wrongNodes(nodes: readonly [number, number, Buffer][]): number {
    const byLevel = new Map<number, [number, Buffer][]>();
    for (const [level, index, hash] of nodes) {
      const list = byLevel.get(level);
      if (list) list.push([index, hash]);
      else byLevel.set(level, [[index, hash]]);
    }
    let wrong = 0;
    for (const [level, list] of byLevel) {
      const stored = new Map(this.statements.nodeRange.all(level, list[0][0], list[list.length - 1][0]));
      for (const [index, hash] of list) if (!stored.get(index)?.equals(hash)) wrong += 1;
    }
    return wrong;
  }

  // --- VerifiedLog ---

  head(stream: string, position: number): StreamHead | undefined {
    const pending = this.pendingHeads.get(stream);
    if (pending) return pending;
    const cached = this.headCache.get(stream);
    if (cached) return cached;
    let stored = this.statements.head.get(stream);
    // Saved by another API process on this DATA_DIR that has verified further: the head before `position` is the
    // stream's row before it in the log, with the hash verified for that row's position.
    if (stored && stored.position >= position) stored = this.verifiedRowBefore(stream, position);
    if (stored) this.headCache.set(stream, stored);
    return stored;
  }

  private verifiedRowBefore(stream: string, position: number): StreamHead | undefined {
    const row = this.previous?.(stream, position);
    if (!row) return undefined;
    // The hash as verified (a row changed since is the sweep's to report).
    return { revision: row.revision, hash: this.statements.leafHash.get(row.position) ?? '', position: row.position };
  }

  *heads(): Iterable<[string, StreamHead]> {
    const unsaved = new Map(this.pendingHeads);
    for (let after = 0; ; ) {
      const page = this.statements.headsPage.all(after, PAGE);
      if (page.length === 0) break;
      for (const [, stream, revision, hash, position] of page) {
        const pending = unsaved.get(stream);
        unsaved.delete(stream);
        yield [stream, pending ?? { revision, hash, position }];
      }
      after = page[page.length - 1][0];
    }
    yield* unsaved;
  }

  leaves(from: number, to: number): VerifiedLeaf[] {
    const saved = this.statements.leaves.all(from, to);
    return this.pendingLeaves.length === 0 ? saved : [...saved, ...this.pendingLeaves.filter((l) => l.position >= from && l.position <= to)];
  }

  take(leaf: VerifiedLeaf, head?: StreamHead): void {
    this.pendingLeaves.push(leaf);
    if (head) this.pendingHeads.set(leaf.stream, head);
  }

  // --- MerkleNodes (level 0, the leaf hashes, is computed from the event hashes: not stored twice) ---

  get(level: number, index: number): Buffer | undefined {
    const key = nodeKey(level, index);
    const pending = this.pendingNodes.get(key);
    if (pending) return pending[2];
    const cached = this.nodeCache.get(key);
    if (cached) return cached;
    let node: Buffer | undefined;
    if (level === 0) {
      const unsaved = this.pendingLeaves.find((l) => l.position === index + 1);
      const hex = unsaved?.hash ?? this.statements.leafHash.get(index + 1);
      node = hex === undefined ? undefined : leafHash(this.treeHash, Buffer.from(hex, 'hex'));
    } else {
      node = this.statements.node.get(level, index);
    }
    if (node) this.nodeCache.set(key, node);
    return node;
  }

  put(level: number, index: number, hash: Buffer): void {
    if (level > 0) this.pendingNodes.set(nodeKey(level, index), [level, index, hash]);
  }

  /** Saves what was verified since the last save (leaves, heads, nodes) and the position verified through, at once. */
  flush(position: number): void {
    const { insertLeaf, upsertHead, forward } = this.statements;
    this.db.transaction(() => {
      for (const l of this.pendingLeaves) insertLeaf.run(l.position, l.stream, l.hash);
      for (const [stream, h] of this.pendingHeads) upsertHead.run(stream, h.revision, h.hash, h.position);
      this.saveNodes();
      forward.run(String(position));
      if (position > 0 && this.state('treeHash') === undefined) this.setState('treeHash', this.treeHash);
    })();
    for (const [stream, h] of this.pendingHeads) this.headCache.set(stream, h);
    this.pendingLeaves = [];
    this.pendingHeads = new Map();
  }

  private saveNodes(): void {
    for (const [level, index, hash] of this.pendingNodes.values()) this.statements.insertNode.run(level, index, hash);
    this.pendingNodes = new Map();
  }

  // --- incidents, the last signed head ---

  incidents(): IntegrityIncident[] {
    return (
      this.db.prepare('SELECT stream, position, kind, detail, detected_at AS detectedAt FROM integrity_incidents ORDER BY position, stream, kind').all() as IntegrityIncident[]
    );
  }

  /** New incidents only (one per stream, position and kind); returns those not known before. */
  addIncidents(incidents: IntegrityIncident[]): IntegrityIncident[] {
    const insert = this.db.prepare('INSERT OR IGNORE INTO integrity_incidents (stream, position, kind, detail, detected_at) VALUES (?, ?, ?, ?, ?)');
    return this.db.transaction(() => incidents.filter((i) => insert.run(i.stream, i.position, i.kind, i.detail, i.detectedAt).changes > 0))();
  }

  saveTreeHead(head: SignedTreeHead): void {
    this.setState('treeHead', JSON.stringify(head));
  }

  private state(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM integrity_state WHERE key = ?').pluck().get(key) as string | undefined) ?? undefined;
  }

  private setState(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO integrity_state (key, value) VALUES (?, ?)').run(key, value);
  }
}
