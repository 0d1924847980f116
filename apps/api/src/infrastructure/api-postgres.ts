/**
 * The API's tables in PostgreSQL (EVENT_STORE=postgres): the idempotency records and the credentials, in the event
 * store's schema, migrated at start as the set `api` (postgres-migrations/, version table api_schema_version) under
 * the same advisory lock as the event store's migrations, so replicas starting together migrate once.
 */
import { join } from 'node:path';
import { PostgresTables } from '@shenbao/event-store';
import type { MigrationSet } from '@shenbao/event-store';

export const API_MIGRATIONS: MigrationSet = { name: 'api', dir: join(__dirname, 'postgres-migrations') };

export function openApiTables(connectionString: string, schema: string): Promise<PostgresTables> {
  return PostgresTables.open({ connectionString, schema, migrations: API_MIGRATIONS, poolSize: 4, applicationName: 'shenbao-api' });
}
