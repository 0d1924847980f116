/**
 * The three deployments bench/replicas compares, each started as `npm start` runs the API (bench/http/server-process):
 *  - `sqlite`: the embedded profile, one process on one DATA_DIR;
 *  - `pg1`: one replica on PostgreSQL (EVENT_STORE=postgres);
 *  - `pg2`: two replicas on one PostgreSQL schema, each on a DATA_DIR of its own, one shared BLOB_DIR, JWT_SECRET and
 *    INTEGRITY_KEY_DIR (as docker/compose.yml runs them; the second starts once the first is healthy, so the first migrates).
 * Each PostgreSQL deployment has a schema and a Redis prefix of its own; `close` stops the servers, drops the schema,
 * deletes the prefix's keys and removes the directories.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { freePort, ServerProcess } from '../http/server-process';

export type DeploymentKind = 'sqlite' | 'pg1' | 'pg2';

export const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Deployment {
  kind: DeploymentKind;
  servers: ServerProcess[];
  ports: number[];
  /** The PostgreSQL schema, for the pg deployments. */
  schema?: string;
  /**
   * Starts one more replica on the deployment's database, Redis prefix and shared directories, on a new empty
   * DATA_DIR (stopped and removed by `close`) or on `dataDir`, the one a replica stopped before left; the pg
   * deployments only. Resolves once it answers /health.
   */
  addReplica(options?: { dataDir?: string; healthTimeoutMs?: number; pollMs?: number; cpuProfDir?: string; env?: Record<string, string> }): Promise<{ server: ServerProcess; port: number; dataDir: string }>;
  close(): Promise<void>;
}

async function withPg<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: DATABASE_URL });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

async function dropRedisPrefix(prefix: string): Promise<void> {
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

export async function deploy(kind: DeploymentKind, runId: string, adminPassword: string): Promise<Deployment> {
  const dirs: string[] = [];
  const servers: ServerProcess[] = [];
  const ports: number[] = [];
  const dir = (what: string): string => {
    const d = mkdtempSync(join(tmpdir(), `shenbao-bench-replicas-${what}-`));
    dirs.push(d);
    return d;
  };
  const schema = kind === 'sqlite' ? undefined : `bench_replicas_${runId}_${kind}`;
  const prefix = `bench-replicas-${runId}-${kind}`;
  let env: Record<string, string> = {};
  if (schema !== undefined) {
    env = {
      EVENT_STORE: 'postgres',
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      JWT_SECRET: `bench-replicas-${runId}-${randomBytes(16).toString('hex')}`,
      BLOB_DIR: dir('blobs'),
      INTEGRITY_KEY_DIR: dir('keys'),
    };
  }
  const close = async (): Promise<void> => {
    for (const server of servers) {
      const code = await server.stop();
      if (code !== 0 && code !== null) console.error(`a ${kind} server exited with ${code}`);
    }
    if (schema !== undefined) {
      await withPg((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
      await dropRedisPrefix(prefix);
    }
    if (process.env.BENCH_KEEP === '1') console.error(`kept ${dirs.join(' ')}`);
    else for (const d of dirs) rmSync(d, { recursive: true, force: true });
  };
  const addReplica: Deployment['addReplica'] = async ({ dataDir = dir(`${kind}-${servers.length + 1}`), env: more = {}, ...options } = {}) => {
    if (schema === undefined) throw new Error('addReplica: the sqlite deployment is one process on one DATA_DIR');
    const port = await freePort();
    const server = await ServerProcess.start({ port, dataDir, adminPassword, sqliteSynchronous: 'FULL', env: { ...env, ...more }, ...options });
    servers.push(server);
    ports.push(port);
    return { server, port, dataDir };
  };
  try {
    const replicas = kind === 'pg2' ? 2 : 1;
    for (let i = 0; i < replicas; i++) {
      const port = await freePort();
      servers.push(await ServerProcess.start({ port, dataDir: dir(`${kind}-${i + 1}`), adminPassword, sqliteSynchronous: 'FULL', env }));
      ports.push(port);
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { kind, servers, ports, ...(schema !== undefined ? { schema } : {}), addReplica, close };
}
