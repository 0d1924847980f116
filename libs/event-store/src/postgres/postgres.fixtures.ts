/**
 * For the PostgreSQL suites: the server test/postgres-global-setup.cjs found or started, and fresh
 * schemas in it (one per store a test opens), dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The test server's URL; throws (so the suite fails, never skips) with why there is none and how to get one. */
export function testDatabaseUrl(): string {
  const url = process.env.SHENBAO_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (url) return url;
  throw new Error(
    process.env.SHENBAO_TEST_DATABASE_ERROR ??
      'no PostgreSQL server for this suite: run it through jest (its global setup, test/postgres-global-setup.cjs, finds or starts one) or set DATABASE_URL=postgres://user@host:port/database',
  );
}

/** A schema name no other test (in this or another process) uses: `t_<pid>_<time>_<random>`, within the 40-character limit. */
export function freshSchema(prefix = 't'): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Runs `work` on a connection of its own (closed afterwards). */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  await withClient(url, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
}
