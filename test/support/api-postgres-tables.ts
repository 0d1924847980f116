/**
 * Test helper: the API's PostgreSQL tables (idempotency records, credentials) in a fresh schema of the test server
 * (test/postgres-global-setup.cjs), through `replicas` connections opened at once — as that many API processes would
 * (they migrate the one schema under the lock; the others find nothing left to do) — and `close`, which closes them
 * and drops the schema.
 */
import type { PostgresTables } from '@shenbao/event-store';
import { dropSchema, freshSchema, testDatabaseUrl } from '../../libs/event-store/src/postgres/postgres.fixtures';
import { openApiTables } from '../../apps/api/src/infrastructure/api-postgres';

export interface ApiTablesInSchema {
  tables: PostgresTables[];
  close(): Promise<void>;
}

export async function apiTablesInFreshSchema(replicas = 1): Promise<ApiTablesInSchema> {
  const url = testDatabaseUrl();
  const schema = freshSchema();
  const tables = await Promise.all(Array.from({ length: replicas }, () => openApiTables(url, schema)));
  return {
    tables,
    close: async () => {
      await Promise.all(tables.map((t) => t.close()));
      await dropSchema(url, schema);
    },
  };
}
