/**
 * A small read model of the API (users, experts, workflows, programs, calendar): its rows are kept in memory for the
 * readers and persisted in app.sqlite with its checkpoint, in one transaction per batch, so a start loads the rows
 * and reads only the events after the checkpoint instead of the log from the beginning. A handler on the processor
 * kernel (LogFollower): `catchUp()` is queued, so one started after an append (by this process or another one on the
 * same store) sees that append — the guard and the handlers that call it before reading keep read-your-writes.
 *
 * Two processes on one DATA_DIR (the API and `npm run worker`) fold the same directories into the same tables: a
 * batch is written only when it moves the stored checkpoint forward (checked in the write transaction), so the rows
 * always match the checkpoint stored with them; one that is behind keeps its changes for its next batch.
 *
 * The checkpoint names the id of the event at its position: a log that does not hold that event there (events.sqlite
 * restored or replaced, a test's fresh in-memory store) is not the one the rows were folded from, so they are dropped
 * and folded again from the beginning; so are rows of an older `version` of the fold.
 */
import Database from 'better-sqlite3';
import { LogFollower } from '@shenbao/event-store';
import type { EventStore, StoredEvent } from '@shenbao/event-store';
import type { MetricsService } from '../observability/metrics.service';
import type { AppDatabase } from './app-database';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS read_model_rows (model TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (model, key)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS read_model_checkpoints (model TEXT PRIMARY KEY, position INTEGER NOT NULL, event_id TEXT NOT NULL, version INTEGER NOT NULL);
`;
const BATCH = 1000;

export interface ReadModelSpec {
  /** Its rows' and checkpoint's name in app.sqlite. */
  name: string;
  /** Raise when the fold changes: rows of another version are folded again. */
  version: number;
  /** The event types it applies, the only ones it reads (by index). */
  types: readonly string[];
}

interface Checkpoint {
  position: number;
  event_id: string;
  version: number;
}

export abstract class PersistedReadModel<T> {
  /** Key → row: what `put` changed is written at the end of the batch. */
  protected readonly rows = new Map<string, T>();
  private readonly dirty = new Set<string>();
  private readonly db: AppDatabase;
  private readonly follower: LogFollower;
  private lastEventId = '';

  /**
   * `db`: app.sqlite; without one (offline tools, unit tests) the rows live in a private in-memory database.
   * `metrics`: the app's registry, which then reports its position and lag.
   */
  constructor(
    protected readonly store: EventStore,
    db: AppDatabase | undefined,
    private readonly spec: ReadModelSpec,
    metrics?: MetricsService,
  ) {
    this.db = db ?? new Database(':memory:');
    this.db.exec(SCHEMA);
    this.follower = new LogFollower(store, {
      name: spec.name,
      types: spec.types,
      batchSize: BATCH,
      start: () => this.load(),
      handle: (events, checkpoint) => this.handle(events, checkpoint),
    });
    metrics?.watchFollower(this.follower);
  }

  /** Applies one event of its `types` (through `put` for every row it changes). */
  protected abstract apply(event: StoredEvent): void;

  /** After rows were loaded or dropped: rebuild what is derived from them (indexes, the calendar in force). */
  protected restored(): void {}

  /** Rows as stored (JSON); override when a row holds something JSON does not keep (a Map). */
  protected encode(row: T): unknown {
    return row;
  }

  protected decode(stored: unknown): T {
    return stored as T;
  }

  protected put(key: string, row: T): void {
    this.rows.set(key, row);
    this.dirty.add(key);
  }

  get appliedPosition(): number {
    return this.follower.appliedPosition;
  }

  async catchUp(): Promise<void> {
    await this.follower.catchUp();
  }

  private async load(): Promise<number> {
    const cp = this.db.prepare('SELECT position, event_id, version FROM read_model_checkpoints WHERE model = ?').get(this.spec.name) as Checkpoint | undefined;
    const valid = cp !== undefined && cp.version === this.spec.version && (await this.logHolds(cp));
    if (!valid) {
      this.db.transaction(() => {
        this.db.prepare('DELETE FROM read_model_rows WHERE model = ?').run(this.spec.name);
        this.db.prepare('DELETE FROM read_model_checkpoints WHERE model = ?').run(this.spec.name);
      })();
    }
    this.reloadRows();
    this.lastEventId = valid ? cp.event_id : '';
    return valid ? cp.position : 0;
  }

  private async logHolds(cp: Checkpoint): Promise<boolean> {
    const [event] = await this.store.readAll({ fromPosition: cp.position - 1, limit: 1 });
    return event !== undefined && event.position === cp.position && event.id === cp.event_id;
  }

  private reloadRows(): void {
    this.rows.clear();
    this.dirty.clear();
    const stored = this.db.prepare('SELECT key, value FROM read_model_rows WHERE model = ?').all(this.spec.name) as { key: string; value: string }[];
    for (const r of stored) this.rows.set(r.key, this.decode(JSON.parse(r.value)));
    this.restored();
  }

  /** All or nothing: a batch that fails leaves the rows (in memory too) and the checkpoint as they were. */
  private handle(events: readonly StoredEvent[], checkpoint: number): void {
    try {
      for (const e of events) this.apply(e);
      const eventId = events.length > 0 ? events[events.length - 1].id : this.lastEventId;
      if (this.write(checkpoint, eventId)) this.dirty.clear();
      this.lastEventId = eventId;
    } catch (error) {
      this.reloadRows();
      throw error;
    }
  }

  /** False when another process stored a checkpoint at or past `position` (it wrote these changes too). */
  private write(position: number, eventId: string): boolean {
    const upsert = this.db.prepare('INSERT INTO read_model_rows (model, key, value) VALUES (?, ?, ?) ON CONFLICT (model, key) DO UPDATE SET value = excluded.value');
    const stored = this.db.prepare('SELECT position, version FROM read_model_checkpoints WHERE model = ?');
    // IMMEDIATE: the write lock is taken before the checkpoint is read, so no other process writes in between.
    return this.db.transaction(() => {
      const cp = stored.get(this.spec.name) as Pick<Checkpoint, 'position' | 'version'> | undefined;
      if (cp !== undefined && cp.version === this.spec.version && cp.position >= position) return false;
      for (const key of this.dirty) upsert.run(this.spec.name, key, JSON.stringify(this.encode(this.rows.get(key) as T)));
      this.db
        .prepare('INSERT INTO read_model_checkpoints (model, position, event_id, version) VALUES (?, ?, ?, ?) ON CONFLICT (model) DO UPDATE SET position = excluded.position, event_id = excluded.event_id, version = excluded.version')
        .run(this.spec.name, position, eventId, this.spec.version);
      return true;
    }).immediate();
  }
}
