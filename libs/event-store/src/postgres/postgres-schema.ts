/**
 * The PostgreSQL event store's schema: its migrations (plain SQL files in ./migrations, run by postgrator) and the
 * statements the store sends, with the store's schema name written into them.
 *
 * Migrations run at open, in one transaction that first takes a transaction-level advisory lock keyed by the schema
 * name: several processes opening the store at once (API replicas starting together) migrate it once, the others
 * wait for the lock and then find nothing left to do. PostgreSQL's DDL is transactional, so a failed migration leaves
 * the schema as it was.
 */
import { join } from 'node:path';
import type { Client } from 'pg';
import { EventStoreError } from '../errors';

/** A schema name as the store accepts it: a plain lower-case identifier (it is written into SQL and search_path). */
// At most 40 characters, so that the statement names and the NOTIFY channel built from it stay under PostgreSQL's 63.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;

export function checkSchemaName(schema: unknown): asserts schema is string {
  if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) {
    throw new EventStoreError(`schema must be a lower-case identifier (a-z, 0-9, _; at most 40 characters, not starting with a digit), got ${String(schema)}`);
  }
}

/**
 * A named set of migrations: plain SQL files `NNN.do.name.sql` in a directory (the build copies .sql files to dist
 * beside the compiled code), with a version table of its own in the schema. The event store's set is `EVENT_STORE_MIGRATIONS`;
 * an app keeps the tables of its own (the API's idempotency records and credentials) in a second set.
 */
export interface MigrationSet {
  /** Names the set in its version table, its advisory lock and its messages: a lower-case identifier. */
  name: string;
  /** The directory of the set's SQL files. */
  dir: string;
  /** The version table, in the schema (default `schema_version`, the event store's). */
  versionTable?: string;
}

export const EVENT_STORE_MIGRATIONS: MigrationSet = { name: 'event_store', dir: join(__dirname, 'migrations'), versionTable: 'schema_version' };

/** Brings `schema` up to the newest migration of `set`, under an advisory lock; refuses a schema newer than this build. */
export async function migrate(client: Client, schema: string, set: MigrationSet = EVENT_STORE_MIGRATIONS): Promise<void> {
  checkSchemaName(schema);
  const label = set.name === EVENT_STORE_MIGRATIONS.name ? 'event store schema' : `${set.name} tables of schema`;
  // postgrator is an ES module; loaded here, when a PostgreSQL store opens, not by everything importing the library.
  const { default: Postgrator } = await import('postgrator');
  const postgrator = new Postgrator({
    driver: 'pg',
    migrationPattern: join(set.dir, '*.sql'),
    schemaTable: `${schema}.${set.versionTable ?? `${set.name}_schema_version`}`,
    currentSchema: schema,
    execQuery: (query) => client.query(query),
  });
  await client.query('BEGIN');
  try {
    // One lock per schema for every set: two sets never migrate one schema at the same time either.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`shenbao:event-store:migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    const [current, newest] = [await postgrator.getDatabaseVersion(), await postgrator.getMaxVersion()];
    if (current > newest) {
      throw new EventStoreError(`${label} ${schema} is at version ${current}, newer than this build understands (${newest})`);
    }
    await postgrator.migrate('max');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error instanceof EventStoreError ? error : new EventStoreError(`migrating ${label} ${schema} failed: ${(error as Error).message}`, { cause: error });
  }
}

const COLUMNS = 'position, id, stream, revision, type, data, metadata';

/** The SQL the store sends, over `schema`'s tables. Parameters are typed so PostgreSQL plans them once per connection. */
export function statements(schema: string) {
  const events = `${schema}.events`;
  const head = `${schema}.event_log_head`;
  return {
    /** Taken first in every append transaction: the row lock that serialises appends (and the current head). */
    lockHead: { name: `${schema}-lock-head`, text: `SELECT position FROM ${head} FOR UPDATE` },
    /** The last event of each stream asked for (an index scan backwards per stream) and the events already stored under the ids asked for. */
    heads: {
      name: `${schema}-heads`,
      text:
        `SELECT 0 AS kind, s.stream, e.revision, e.position, e.metadata AS detail FROM unnest($1::text[]) AS s(stream) ` +
        `CROSS JOIN LATERAL (SELECT revision, position, metadata FROM ${events} WHERE stream = s.stream ORDER BY revision DESC LIMIT 1) e ` +
        `UNION ALL SELECT 1, stream, revision, position, id FROM ${events} WHERE id = ANY($2::text[])`,
    },
    /** Inserts the rows, moves the head and notifies listeners (delivered at COMMIT, in commit order). */
    insert: {
      name: `${schema}-insert`,
      text:
        `WITH inserted AS (INSERT INTO ${events} (${COLUMNS}) ` +
        `SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::text[])), ` +
        `moved AS (UPDATE ${head} SET position = $8 RETURNING position) ` +
        `SELECT pg_notify($9, position::text) FROM moved`,
    },
    head: { name: `${schema}-head`, text: `SELECT position FROM ${head}` },
    streamRevision: { name: `${schema}-stream-revision`, text: `SELECT max(revision) AS revision FROM ${events} WHERE stream = $1` },
    readAfter: {
      name: `${schema}-read-after`,
      text: `SELECT ${COLUMNS} FROM ${events} WHERE position > $1 ORDER BY position LIMIT $2`,
    },
    readTypes: {
      name: `${schema}-read-types`,
      text: `SELECT ${COLUMNS} FROM ${events} WHERE type = ANY($1::text[]) AND position > $2 ORDER BY position LIMIT $3`,
    },
    readStream: {
      name: `${schema}-read-stream`,
      text: `SELECT ${COLUMNS} FROM ${events} WHERE stream = $1 AND revision >= $2 AND position <= $3 ORDER BY revision`,
    },
  };
}

export type Statements = ReturnType<typeof statements>;

/** The NOTIFY channel of a schema's log (one per schema, so stores on other schemas are not woken). */
export function channelOf(schema: string): string {
  return `shenbao_events_${schema}`;
}
