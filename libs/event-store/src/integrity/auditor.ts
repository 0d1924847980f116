/**
 * Checks the stored log against what was verified before, without trusting the stored hashes: every event's hash is
 * recomputed from its stored text, linked to the previous event of its stream, and its position and revision must
 * follow on. What was verified is kept (each stream's head: revision, hash and position; each position's stream and
 * event hash; the log's position; the Merkle tree of every event hash: a VerifiedLog and the tree's node store, in
 * memory or in app.sqlite), so that
 * - `verifyNext` checks events appended since (incremental: start-up only reads what is new), and
 * - `sweep` re-reads the whole log and compares it with what was verified: a changed event (its hash no longer
 *   matches its content), a recomputed chain (the hashes match the content but differ from the verified ones, whose
 *   tree a signed tree head covers), a deleted event (a gap in positions or revisions), a swapped order and a deleted
 *   tail are each reported with the stream and position.
 */
import { GENESIS_HASH, canonicalJson, chainHashOf, eventHash, metadataWithoutHashes } from '../hash-chain';
import type { StoredEventMetadata } from '../port';
import type { StoredRow } from '../stored-row';
import { LruMap } from '../lru-map';
import { MerkleLog } from './merkle';
import type { TreeHash } from './merkle';

export type IncidentKind = 'changed' | 'rewritten' | 'positionGap' | 'revisionGap' | 'reordered' | 'missingTail' | 'treeHeadMismatch' | BlobIncidentKind;
/**
 * An attachment's stored bytes no longer hash to the SHA-256 its event recorded (`blobChanged`), or are gone
 * (`blobMissing`); found when the file is downloaded. The log itself still verifies, so the stream is not closed.
 */
export type BlobIncidentKind = 'blobChanged' | 'blobMissing';
export const isBlobIncident = (kind: IncidentKind): kind is BlobIncidentKind => kind === 'blobChanged' || kind === 'blobMissing';

export interface IntegrityIncident {
  stream: string;
  position: number;
  kind: IncidentKind;
  /** What was found, for a person. */
  detail: string;
  detectedAt: string;
}

export interface StreamHead {
  revision: number;
  hash: string;
  position: number;
}

export type Finding = Omit<IntegrityIncident, 'detectedAt'>;

/** A placeholder leaf for a position the log lacks (its event was deleted before it was ever verified). */
export const MISSING_LEAF = '0'.repeat(64);

/** The event's hash recomputed from its stored text, or a reason it cannot be. */
export function recomputeHash(row: StoredRow, prevHash: string): { hash: string; metadata: StoredEventMetadata } | string {
  let metadata: StoredEventMetadata;
  let dataJson: string;
  try {
    metadata = JSON.parse(row.metadata) as StoredEventMetadata;
    dataJson = canonicalJson(JSON.parse(row.data));
  } catch {
    return 'its stored data or metadata is not valid JSON';
  }
  const algorithm = chainHashOf(metadata);
  if (algorithm === undefined) return `its hashAlgorithm ${String(metadata.hashAlgorithm)} is not sha256 or sm3`;
  const metadataJson = canonicalJson(metadataWithoutHashes(metadata));
  return { hash: eventHash(prevHash, { ...row, dataJson, metadataJson }, algorithm), metadata };
}

/** A verified position: its stream ('' where the log had no event) and its event hash (MISSING_LEAF then). */
export interface VerifiedLeaf {
  position: number;
  stream: string;
  hash: string;
}

/**
 * What the auditor has verified besides its Merkle tree: each stream's head and each position's stream and event hash.
 * In memory by default (tests, a small log); the API keeps it in app.sqlite behind bounded caches, so that the process
 * holds nothing per event or per stream (integrity.store.ts).
 */
export interface VerifiedLog {
  /**
   * The stream's verified head before `position` (the auditor's next position: another process verifying the same log
   * into the same store may have gone further).
   */
  head(stream: string, position: number): StreamHead | undefined;
  /** Every verified stream head, once each. */
  heads(): Iterable<[string, StreamHead]>;
  /** The verified leaves with from ≤ position ≤ to, in position order. */
  leaves(from: number, to: number): VerifiedLeaf[];
  /** Takes a verified position and, for an event, its stream's new head. */
  take(leaf: VerifiedLeaf, head?: StreamHead): void;
}

export class MemoryVerifiedLog implements VerifiedLog {
  readonly streams = new Map<string, StreamHead>();
  private readonly byPosition: VerifiedLeaf[] = [];

  head(stream: string): StreamHead | undefined {
    return this.streams.get(stream);
  }

  heads(): Iterable<[string, StreamHead]> {
    return this.streams;
  }

  leaves(from: number, to: number): VerifiedLeaf[] {
    return this.byPosition.slice(Math.max(from, 1) - 1, Math.max(to, 0));
  }

  take(leaf: VerifiedLeaf, head?: StreamHead): void {
    this.byPosition[leaf.position - 1] = leaf;
    if (head) this.streams.set(leaf.stream, head);
  }
}

/**
 * The log's previous row of a stream before a position (the log as it is now), for a sweep that keeps only a bounded
 * number of stream heads: what it forgot it reads again.
 */
export type PreviousRow = (stream: string, beforePosition: number) => StoredRow | undefined;

/** Stream heads a bounded sweep keeps (the rest are read again with PreviousRow). */
const SWEEP_HEADS = 10_000;

export class ChainAuditor {
  readonly tree: MerkleLog;

  constructor(
    tree: MerkleLog | TreeHash,
    /** The last position verified. */
    public position = 0,
    readonly verified: VerifiedLog = new MemoryVerifiedLog(),
  ) {
    this.tree = typeof tree === 'string' ? new MerkleLog(tree) : tree;
  }

  /** Checks the next stored event (in position order) and takes it into the verified state; returns what is wrong. */
  verifyNext(row: StoredRow, broken: (stream: string) => boolean): Finding[] {
    const findings: Finding[] = [];
    if (row.position <= this.position) {
      findings.push({ stream: row.stream, position: row.position, kind: 'reordered', detail: `position ${row.position} came after position ${this.position}` });
      return findings;
    }
    if (row.position !== this.position + 1) {
      findings.push({ stream: row.stream, position: this.position + 1, kind: 'positionGap', detail: `positions ${this.position + 1}..${row.position - 1} are missing from the log` });
      // Never seen, so its stream is unknown (''); the stream's next event shows a revision gap.
      findings[0].stream = '';
      while (this.tree.size < row.position - 1) this.take('', MISSING_LEAF);
    }
    const head = this.verified.head(row.stream, row.position);
    const storedHash = storedHashOf(row);
    this.position = row.position;
    if (!broken(row.stream)) findings.push(...this.checkLink(row, head));
    this.take(row.stream, /^[0-9a-f]{64}$/.test(storedHash) ? storedHash : MISSING_LEAF, { revision: row.revision, hash: storedHash, position: row.position });
    return findings;
  }

  /** Takes one verified position (its event hash, or MISSING_LEAF) into the tree and the verified log. */
  private take(stream: string, hash: string, head?: StreamHead): void {
    this.tree.append(hash);
    this.verified.take({ position: this.tree.size, stream, hash }, head);
  }

  /** One event against the head of its stream before it. */
  private checkLink(row: StoredRow, head: StreamHead | undefined): Finding[] {
    const at = { stream: row.stream, position: row.position };
    const expected = (head?.revision ?? -1) + 1;
    if (row.revision < expected) return [{ ...at, kind: 'reordered', detail: `revision ${row.revision} came after revision ${expected - 1} of the stream` }];
    if (row.revision > expected) return [{ ...at, kind: 'revisionGap', detail: `revision ${row.revision} follows revision ${expected - 1}: revisions ${expected}..${row.revision - 1} are missing` }];
    const prevHash = head?.hash ?? GENESIS_HASH;
    const recomputed = recomputeHash(row, prevHash);
    if (typeof recomputed === 'string') return [{ ...at, kind: 'changed', detail: `revision ${row.revision}: ${recomputed}` }];
    if (recomputed.metadata.prevHash !== prevHash) {
      return [{ ...at, kind: 'rewritten', detail: `revision ${row.revision}: prevHash does not match the hash of revision ${expected - 1} as verified` }];
    }
    if (recomputed.hash !== recomputed.metadata.hash) {
      return [{ ...at, kind: 'changed', detail: `revision ${row.revision}: the stored hash does not match the event's data and metadata` }];
    }
    return [];
  }

  /**
   * Re-reads the whole log (rows in position order, in chunks the caller paces) against the verified state. Returns a
   * sweep to feed; `finish` reports what is missing at the end (deleted tails). With `previous`, the sweep keeps a
   * bounded number of stream heads and reads the others again from the log; without it, every stream's head.
   */
  sweep(previous?: PreviousRow, keep = SWEEP_HEADS): LogSweep {
    return new LogSweep(this, previous, keep);
  }
}

function storedHashOf(row: { metadata: string }): string {
  try {
    const hash = (JSON.parse(row.metadata) as { hash?: unknown }).hash;
    return typeof hash === 'string' ? hash : '';
  } catch {
    return '';
  }
}

interface SeenHead {
  revision: number;
  hash: string;
}

export class LogSweep {
  private readonly heads: LruMap<string, SeenHead> | Map<string, SeenHead>;
  private last = 0;
  readonly findings: Finding[] = [];
  /** What the sweep checks: the log as verified when it began (new events are verified meanwhile, not swept). */
  private readonly through: number;
  /**
   * What the last check needs to look at again: positions missing from the log, positions whose row is not the one
   * verified there, and the streams of such rows. Empty for a sound log; a verified stream head elsewhere is intact.
   */
  private readonly gaps: [number, number][] = [];
  private readonly unmatched = new Set<number>();
  private readonly touched = new Set<string>();

  constructor(
    private readonly auditor: ChainAuditor,
    private readonly previous?: PreviousRow,
    keep = SWEEP_HEADS,
  ) {
    this.through = auditor.position;
    this.heads = previous ? new LruMap(keep) : new Map();
  }

  /** Feeds the next rows (position order); rows past the verified position are left to `verifyNext`. */
  feed(rows: readonly StoredRow[]): void {
    const within = rows.filter((r) => r.position <= this.through);
    if (within.length === 0) return;
    const verified = new Map(this.auditor.verified.leaves(within[0].position, within[within.length - 1].position).map((l) => [l.position, l]));
    for (const row of within) {
      if (row.position !== this.last + 1) this.gap(row.position - 1, 'positionGap', `positions ${this.last + 1}..${row.position - 1} are missing from the log`);
      this.last = row.position;
      const head = this.headBefore(row.stream, row.position);
      const expected = (head?.revision ?? -1) + 1;
      const at = { stream: row.stream, position: row.position };
      const before = this.findings.length;
      const leaf = verified.get(row.position);
      if (row.revision !== expected) {
        const kind = row.revision < expected ? 'reordered' : 'revisionGap';
        this.findings.push({ ...at, kind, detail: `revision ${row.revision} found where revision ${expected} was expected` });
      } else {
        const recomputed = recomputeHash(row, head?.hash ?? GENESIS_HASH);
        if (typeof recomputed === 'string') this.findings.push({ ...at, kind: 'changed', detail: `revision ${row.revision}: ${recomputed}` });
        else if (recomputed.hash !== recomputed.metadata.hash || recomputed.metadata.prevHash !== (head?.hash ?? GENESIS_HASH)) {
          this.findings.push({ ...at, kind: 'changed', detail: `revision ${row.revision}: the stored hash does not match the event's data, metadata and the previous event` });
        } else if (leaf && leaf.hash !== recomputed.hash) {
          this.findings.push({ ...at, kind: 'rewritten', detail: `revision ${row.revision}: its hash chain was recomputed (the hash differs from the one verified and covered by the tree)` });
        }
      }
      const stored = storedHashOf(row);
      if (this.findings.length > before || leaf?.stream !== row.stream || leaf.hash !== stored) {
        this.unmatched.add(row.position);
        this.touched.add(row.stream);
      }
      this.heads.set(row.stream, { revision: row.revision, hash: stored });
    }
  }

  /** The last row of `stream` the sweep has fed before `position`: kept, or read again from the log. */
  private headBefore(stream: string, position: number): SeenHead | undefined {
    const kept = this.heads.get(stream);
    if (kept || !this.previous) return kept;
    const row = this.previous(stream, position);
    return row && row.position <= this.last ? { revision: row.revision, hash: storedHashOf(row) } : undefined;
  }

  /** Positions last+1..to are missing: a finding named after the stream verified at the first of them. */
  private gap(to: number, kind: 'positionGap' | 'missingTail', detail: string): void {
    const position = this.last + 1;
    this.gaps.push([position, to]);
    this.findings.push({ stream: this.auditor.verified.leaves(position, position)[0]?.stream ?? '', position, kind, detail });
  }

  /** What the log lacks of the verified state: its own tail and each stream's deleted last events. */
  finish(): Finding[] {
    if (this.last < this.through) this.gap(this.through, 'missingTail', `the log ends at position ${this.last}; positions up to ${this.through} were verified`);
    const disturbed = (stream: string, position: number): boolean =>
      this.touched.has(stream) || this.unmatched.has(position) || this.gaps.some(([from, to]) => position >= from && position <= to);
    for (const [stream, verified] of this.auditor.verified.heads()) {
      // A head verified after the sweep began is not the sweep's to judge; an intact one needs no second look.
      if (verified.position > this.last || verified.position > this.through || !disturbed(stream, verified.position)) continue;
      const seen = this.headBefore(stream, this.last + 1);
      if ((seen?.revision ?? -1) < verified.revision) {
        this.findings.push({ stream, position: verified.position, kind: 'missingTail', detail: `the stream ends at revision ${seen?.revision ?? -1}; revision ${verified.revision} was verified at position ${verified.position}` });
      }
    }
    return this.findings;
  }
}
