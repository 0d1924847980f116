/**
 * What the integrity check has verified, kept in app.sqlite (beside the event database, not in it): the position
 * verified through, each stream's verified head, every verified event hash (the Merkle tree's leaves, by position),
 * the incidents found and the last signed tree head. Saved in one transaction per verified batch, so a restart goes on
 * from where the last run stopped.
 */
import type { IntegrityIncident, SignedTreeHead, StreamHead } from '@shenbao/event-store';
import type { AppDatabase } from '@shenbao/commands';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS integrity_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS integrity_streams (stream TEXT PRIMARY KEY, revision INTEGER NOT NULL, hash TEXT NOT NULL, position INTEGER NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS integrity_leaves (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, hash TEXT NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS integrity_incidents (
    stream TEXT NOT NULL, position INTEGER NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL, detected_at TEXT NOT NULL,
    PRIMARY KEY (stream, position, kind)) STRICT;
`;

export interface VerifiedState {
  position: number;
  streams: Map<string, StreamHead>;
  /** [stream, event hash] by position − 1. */
  leaves: [string, string][];
  incidents: IntegrityIncident[];
  treeHead?: SignedTreeHead;
}

export class IntegrityStore {
  constructor(private readonly db: AppDatabase) {
    db.exec(SCHEMA);
  }

  load(): VerifiedState {
    const position = Number(this.get('position') ?? 0);
    const streams = new Map<string, StreamHead>();
    for (const r of this.db.prepare('SELECT stream, revision, hash, position FROM integrity_streams').raw().iterate() as IterableIterator<[string, number, string, number]>) {
      streams.set(r[0], { revision: r[1], hash: r[2], position: r[3] });
    }
    const leaves = this.db.prepare('SELECT stream, hash FROM integrity_leaves ORDER BY position').raw().all() as [string, string][];
    const head = this.get('treeHead');
    return { position, streams, leaves, incidents: this.incidents(), ...(head ? { treeHead: JSON.parse(head) as SignedTreeHead } : {}) };
  }

  incidents(): IntegrityIncident[] {
    return (
      this.db.prepare('SELECT stream, position, kind, detail, detected_at AS detectedAt FROM integrity_incidents ORDER BY position, stream, kind').all() as IntegrityIncident[]
    );
  }

  /** Records a verified batch: its leaves, the stream heads it moved and the position verified through. */
  saveBatch(position: number, leaves: { position: number; stream: string; hash: string }[], heads: Map<string, StreamHead>): void {
    const leaf = this.db.prepare('INSERT OR REPLACE INTO integrity_leaves (position, stream, hash) VALUES (?, ?, ?)');
    // Only forward: a second API process on this DATA_DIR verifies the same log and may save an older batch later.
    const head = this.db.prepare(
      `INSERT INTO integrity_streams (stream, revision, hash, position) VALUES (?, ?, ?, ?)
       ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash, position = excluded.position
       WHERE excluded.position > integrity_streams.position`,
    );
    const forward = this.db.prepare(
      `INSERT INTO integrity_state (key, value) VALUES ('position', ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE CAST(excluded.value AS INTEGER) > CAST(integrity_state.value AS INTEGER)`,
    );
    this.db.transaction(() => {
      for (const l of leaves) leaf.run(l.position, l.stream, l.hash);
      for (const [stream, h] of heads) head.run(stream, h.revision, h.hash, h.position);
      forward.run(String(position));
    })();
  }

  /** New incidents only (one per stream, position and kind); returns those not known before. */
  addIncidents(incidents: IntegrityIncident[]): IntegrityIncident[] {
    const insert = this.db.prepare('INSERT OR IGNORE INTO integrity_incidents (stream, position, kind, detail, detected_at) VALUES (?, ?, ?, ?, ?)');
    return this.db.transaction(() => incidents.filter((i) => insert.run(i.stream, i.position, i.kind, i.detail, i.detectedAt).changes > 0))();
  }

  saveTreeHead(head: SignedTreeHead): void {
    this.set('treeHead', JSON.stringify(head));
  }

  private get(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM integrity_state WHERE key = ?').pluck().get(key) as string | undefined) ?? undefined;
  }

  private set(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO integrity_state (key, value) VALUES (?, ?)').run(key, value);
  }
}
