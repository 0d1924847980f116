/**
 * The production profile in e2e suites: the API on PostgreSQL (EVENT_STORE=postgres) in a schema of the suite's own
 * (dropped afterwards) on the server the Jest global setup found or started, with Redis under a prefix of its own
 * (deleted afterwards), one JWT_SECRET, one shared BLOB_DIR and one tree-head key directory for every replica. Each replica boots on a DATA_DIR
 * of its own (`replica`), as two processes behind a load balancer would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropSchema, freshSchema, testDatabaseUrl } from '../../../libs/event-store/src/postgres/postgres.fixtures';
import type { INestApplicationContext } from '@nestjs/common';
import type { EventStore } from '@shenbao/event-store';
import { loadConfig } from '@shenbao/host';
import type { AppConfig } from '@shenbao/host';
import { openApiEventStore } from '../../../apps/api/src/infrastructure/api-infrastructure.module';
import { createWorker } from '../../../apps/worker/src/worker.app';
import type { TestClock } from './case-seeding';
import { REDIS_URL, adminRedis, dropPrefix, uniquePrefix } from './redis-test';
import { bootTestAppIn } from './test-app';
import type { TestApp } from './test-app';

export class PostgresWorld {
  readonly schema = freshSchema();
  readonly prefix = uniquePrefix();
  readonly blobDir = mkdtempSync(join(tmpdir(), 'shenbao-pg-blobs-'));
  readonly keyDir = mkdtempSync(join(tmpdir(), 'shenbao-pg-keys-'));
  private readonly dirs: string[] = [this.blobDir, this.keyDir];
  private readonly apps = new Set<TestApp>();
  private readonly workers: INestApplicationContext[] = [];

  constructor(private readonly clock: TestClock) {}

  /** The environment every replica of this world starts with. */
  get env(): Record<string, string> {
    return {
      EVENT_STORE: 'postgres',
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: this.schema,
      REDIS_URL,
      REDIS_PREFIX: this.prefix,
      JWT_SECRET: 'pg-e2e-secret-shared-by-every-replica',
      BLOB_DIR: this.blobDir,
      INTEGRITY_KEY_DIR: this.keyDir,
    };
  }

  /**
   * A replica on a fresh DATA_DIR of its own (`env` added to the world's). `wrap`, when given, wraps the replica's
   * PostgreSQL event store, opened as the API opens it (a race test's gate; its snapshots are then in memory).
   */
  async replica(env: Record<string, string> = {}, wrap?: (store: EventStore) => EventStore): Promise<TestApp> {
    const dir = this.freshDir();
    const all = { ...this.env, ...env };
    const eventStore = wrap ? wrap(await openApiEventStore(loadConfig({ ...all, DATA_DIR: dir, LOG_LEVEL: 'silent' }))) : undefined;
    const t = await bootTestAppIn(dir, all, { clock: this.clock.now, ...(eventStore ? { eventStore } : {}) });
    this.apps.add(t);
    return t;
  }

  /** The configuration a process of this world reads, on a fresh DATA_DIR of its own. */
  config(env: Record<string, string> = {}): AppConfig {
    return loadConfig({ ...this.env, DATA_DIR: this.freshDir(), LOG_LEVEL: 'silent', ...env });
  }

  /** The environment of a process of this world started apart (a child process), on a fresh DATA_DIR of its own. */
  processEnv(env: Record<string, string> = {}): Record<string, string> {
    return { ...this.env, DATA_DIR: this.freshDir(), LOG_LEVEL: 'silent', ...env };
  }

  /** apps/worker in this process, on a DATA_DIR of its own; closed by `close` unless closed before. */
  async worker(): Promise<INestApplicationContext> {
    const worker = await createWorker(this.config(), { clock: this.clock.now });
    this.workers.push(worker);
    return worker;
  }

  /** Stops a worker started by `worker`. */
  async stopWorker(worker: INestApplicationContext): Promise<void> {
    this.workers.splice(this.workers.indexOf(worker), 1);
    await worker.close();
  }

  private freshDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'shenbao-pg-replica-'));
    this.dirs.push(dir);
    return dir;
  }

  /** Stops a replica (its DATA_DIR stays until `close`). */
  async stop(t: TestApp): Promise<void> {
    this.apps.delete(t);
    await t.app.close();
  }

  /** Stops the replicas still running, drops the schema, the Redis keys and the directories. */
  async close(): Promise<void> {
    for (const t of [...this.apps]) await this.stop(t);
    for (const worker of [...this.workers]) await this.stopWorker(worker);
    await dropSchema(testDatabaseUrl(), this.schema);
    const redis = adminRedis();
    try {
      await dropPrefix(redis, this.prefix);
    } finally {
      await redis.quit();
    }
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}
