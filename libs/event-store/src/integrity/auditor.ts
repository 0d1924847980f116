/**
 * Checks the stored log against what was verified before, without trusting the stored hashes: every event's hash is
 * recomputed from its stored text, linked to the previous event of its stream, and its position and revision must
 * follow on. What was verified is kept (each stream's head: revision, hash and position; the log's position; the
 * Merkle tree of every event hash), so that
 * - `verifyNext` checks events appended since (incremental: start-up only reads what is new), and
 * - `sweep` re-reads the whole log and compares it with what was verified: a changed event (its hash no longer
 *   matches its content), a recomputed chain (the hashes match the content but differ from the verified ones, whose
 *   tree a signed tree head covers), a deleted event (a gap in positions or revisions), a swapped order and a deleted
 *   tail are each reported with the stream and position.
 */
import { GENESIS_HASH, canonicalJson, chainHashOf, eventHash, metadataWithoutHashes } from '../hash-chain';
import type { StoredEventMetadata } from '../port';
import type { StoredRow } from '../stored-row';
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

export class ChainAuditor {
  readonly tree: MerkleLog;
  /** The stream of each verified position (index position − 1; '' where the log had no event). */
  readonly streamAt: string[] = [];

  constructor(
    algorithm: TreeHash,
    /** The last position verified. */
    public position = 0,
    readonly streams = new Map<string, StreamHead>(),
  ) {
    this.tree = new MerkleLog(algorithm);
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
    const head = this.streams.get(row.stream);
    const storedHash = this.storedHash(row);
    this.take(row.stream, /^[0-9a-f]{64}$/.test(storedHash) ? storedHash : MISSING_LEAF);
    this.position = row.position;
    if (!broken(row.stream)) findings.push(...this.checkLink(row, head));
    this.streams.set(row.stream, { revision: row.revision, hash: storedHash, position: row.position });
    return findings;
  }

  /** Takes one verified position (its event hash, or MISSING_LEAF) into the tree. */
  take(stream: string, hash: string): void {
    this.tree.append(hash);
    this.streamAt.push(stream);
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

  private storedHash(row: StoredRow): string {
    try {
      const hash = (JSON.parse(row.metadata) as { hash?: unknown }).hash;
      return typeof hash === 'string' ? hash : '';
    } catch {
      return '';
    }
  }

  /**
   * Re-reads the whole log (rows in position order, in chunks the caller paces) against the verified state. Returns a
   * sweep to feed; `finish` reports what is missing at the end (deleted tails).
   */
  sweep(): LogSweep {
    return new LogSweep(this);
  }
}

export class LogSweep {
  private readonly heads = new Map<string, StreamHead>();
  private last = 0;
  readonly findings: Finding[] = [];
  /** What the sweep checks: the log as verified when it began (new events are verified meanwhile, not swept). */
  private readonly through: number;

  constructor(private readonly auditor: ChainAuditor) {
    this.through = auditor.position;
  }

  /** Feeds the next rows (position order); rows past the verified position are left to `verifyNext`. */
  feed(rows: readonly StoredRow[]): void {
    for (const row of rows) {
      if (row.position > this.through) return;
      if (row.position !== this.last + 1) {
        this.findings.push({ stream: this.auditor.streamAt[this.last] ?? '', position: this.last + 1, kind: 'positionGap', detail: `positions ${this.last + 1}..${row.position - 1} are missing from the log` });
      }
      this.last = row.position;
      const head = this.heads.get(row.stream);
      const expected = (head?.revision ?? -1) + 1;
      const at = { stream: row.stream, position: row.position };
      if (row.revision !== expected) {
        const kind = row.revision < expected ? 'reordered' : 'revisionGap';
        this.findings.push({ ...at, kind, detail: `revision ${row.revision} found where revision ${expected} was expected` });
      } else {
        const recomputed = recomputeHash(row, head?.hash ?? GENESIS_HASH);
        if (typeof recomputed === 'string') this.findings.push({ ...at, kind: 'changed', detail: `revision ${row.revision}: ${recomputed}` });
        else if (recomputed.hash !== recomputed.metadata.hash || recomputed.metadata.prevHash !== (head?.hash ?? GENESIS_HASH)) {
          this.findings.push({ ...at, kind: 'changed', detail: `revision ${row.revision}: the stored hash does not match the event's data, metadata and the previous event` });
        } else {
          const verified = this.auditor.tree.eventHash(row.position - 1);
          if (verified && verified.toString('hex') !== recomputed.hash) {
            this.findings.push({ ...at, kind: 'rewritten', detail: `revision ${row.revision}: its hash chain was recomputed (the hash differs from the one verified and covered by the tree)` });
          }
        }
      }
      let stored = '';
      try {
        stored = String((JSON.parse(row.metadata) as { hash?: unknown }).hash ?? '');
      } catch {
        /* reported above */
      }
      this.heads.set(row.stream, { revision: row.revision, hash: stored, position: row.position });
    }
  }

  /** What the log lacks of the verified state: its own tail and each stream's deleted last events. */
  finish(): Finding[] {
    if (this.last < this.through) {
      this.findings.push({ stream: this.auditor.streamAt[this.last] ?? '', position: this.last + 1, kind: 'missingTail', detail: `the log ends at position ${this.last}; positions up to ${this.through} were verified` });
    }
    for (const [stream, verified] of this.auditor.streams) {
      const seen = this.heads.get(stream);
      // A head verified after the sweep began is not the sweep's to judge.
      if ((seen?.revision ?? -1) < verified.revision && verified.position <= this.last && verified.position <= this.through) {
        this.findings.push({ stream, position: verified.position, kind: 'missingTail', detail: `the stream ends at revision ${seen?.revision ?? -1}; revision ${verified.revision} was verified at position ${verified.position}` });
      }
    }
    return this.findings;
  }
}
