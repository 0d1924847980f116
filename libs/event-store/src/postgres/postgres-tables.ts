/**
 * Small tables in the PostgreSQL database beside the event store's (snapshots; an app's idempotency records and
 * credentials): a pool of their own and a migration set run at open under the same advisory lock as the store's
 * (postgres-schema.ts `migrate`). Statements name their tables with the schema (`t.table('name')`), so nothing
 * depends on a connection's search_path.
 */
import type { Pool, PoolClient } from 'pg';
import { EventStoreError } from '../errors';
import { checkSchemaName, migrate } from './postgres-schema';
import type { MigrationSet } from './postgres-schema';

export interface PostgresTablesOptions {
  /** `postgres://user:password@host:port/database` (DATABASE_URL). */
  connectionString: string;
  schema: string;
  migrations: MigrationSet;
  /** Connections in the pool (default 4). */
  poolSize?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
}

/** What a statement runs on: the pool, or the connection of a transaction. */
export interface Queryable {
  query<R>(text: string, values?: unknown[]): Promise<R[]>;
}

export class PostgresTables implements Queryable {
  private closed = false;

  private constructor(
    private readonly pool: Pool,
    readonly schema: string,
  ) {}

  static async open(options: PostgresTablesOptions): Promise<PostgresTables> {
    checkSchemaName(options.schema);
    if (typeof options.connectionString !== 'string' || !/^postgres(ql)?:\/\//.test(options.connectionString)) {
      throw new EventStoreError('connectionString must be a postgres:// or postgresql:// URL');
    }
    const pg = await import('pg');
    const connection = { connectionString: options.connectionString, application_name: options.applicationName ?? `shenbao-${options.migrations.name}` };
    const migrator = new pg.Client(connection);
    try {
      await migrator.connect();
      await migrate(migrator, options.schema, options.migrations);
    } catch (error) {
      throw error instanceof EventStoreError ? error : new EventStoreError(`cannot open the ${options.migrations.name} tables on PostgreSQL: ${(error as Error).message}`, { cause: error });
    } finally {
      await migrator.end().catch(() => undefined);
    }
    const pool = new pg.Pool({ ...connection, max: options.poolSize ?? 4 });
    // An idle connection that fails (a server restart) is dropped and replaced; without a listener it would end the process.
    pool.on('error', () => undefined);
    return new PostgresTables(pool, options.schema);
  }

  /** `name` qualified with the schema, for statements. */
  table(name: string): string {
    return `${this.schema}.${name}`;
  }

  async query<R>(text: string, values: unknown[] = []): Promise<R[]> {
    this.ensureOpen();
    return (await this.pool.query(text, values)).rows as R[];
  }

  /**
   * Runs `work` in one READ COMMITTED transaction; COMMIT when it resolves (durable once this resolves, with the
   * server's default synchronous_commit), ROLLBACK when it throws.
   */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    this.ensureOpen();
    const client: PoolClient = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      const result = await work({ query: async <R>(text: string, values: unknown[] = []) => (await client.query(text, values)).rows as R[] });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private ensureOpen(): void {
    if (this.closed) throw new EventStoreError('PostgreSQL tables are closed');
  }
}
