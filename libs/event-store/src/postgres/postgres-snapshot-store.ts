/**
 * Snapshots in PostgreSQL (the production profile): the same table and rules as SqliteSnapshotStore — one row per
 * stream, the newest wins, never replaced by an older one (replicas may race) — in the event store's schema (its
 * migration 002), so every replica loads the same snapshots.
 */
import type { Snapshot, SnapshotStore } from '../snapshot-store';
import { EVENT_STORE_MIGRATIONS } from './postgres-schema';
import { PostgresTables } from './postgres-tables';

export class PostgresSnapshotStore implements SnapshotStore {
  private constructor(private readonly tables: PostgresTables) {}

  /** Opens a pool of its own (2 connections) on the event store's schema, migrating it if needed. */
  static async open(options: { connectionString: string; schema: string }): Promise<PostgresSnapshotStore> {
    const tables = await PostgresTables.open({ ...options, migrations: EVENT_STORE_MIGRATIONS, poolSize: 2, applicationName: 'shenbao-snapshots' });
    return new PostgresSnapshotStore(tables);
  }

  async load<S>(stream: string, key: string): Promise<Snapshot<S> | undefined> {
    const found = await this.latest<S>(stream);
    return found?.key === key ? found : undefined;
  }

  async latest<S>(stream: string): Promise<Snapshot<S> | undefined> {
    const [row] = await this.tables.query<{ key: string; revision: number; state: string }>(
      `SELECT key, revision, state FROM ${this.tables.table('snapshots')} WHERE stream = $1`,
      [stream],
    );
    return row ? { stream, key: row.key, revision: row.revision, state: JSON.parse(row.state) as S } : undefined;
  }

  async save<S>(snapshot: Snapshot<S>): Promise<void> {
    const table = this.tables.table('snapshots');
    await this.tables.query(
      `INSERT INTO ${table} AS s (stream, key, revision, state) VALUES ($1, $2, $3, $4)
       ON CONFLICT (stream) DO UPDATE SET key = excluded.key, revision = excluded.revision, state = excluded.state
       WHERE excluded.revision >= s.revision OR excluded.key <> s.key`,
      [snapshot.stream, snapshot.key, snapshot.revision, JSON.stringify(snapshot.state)],
    );
  }

  async close(): Promise<void> {
    await this.tables.close();
  }
}
