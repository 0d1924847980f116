/**
 * DATA_DIR/read-models.sqlite and the projection runner over it, shared by the API (ReadModels) and the offline
 * rebuild (`npm run projections:rebuild`), so both build exactly the same tables. No Nest here: the rebuild runs
 * without booting the app.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { EventStore } from '@shenbao/event-store';
import { ProjectionRunner, createReadModels } from '@shenbao/projections';
import type { Db, ResolveDefinition, RunnerLogger } from '@shenbao/projections';
import { GD_BDPZ_2019 } from '@shenbao/workflows';
import type { WorkflowDefinition } from '@shenbao/workflows';
import { scheduledStageDue } from './stage-due';

export const READ_MODELS_FILE = 'read-models.sqlite';

/**
 * WAL so the API's queries never wait for the runner's batch transaction. `synchronous = NORMAL` is enough: each
 * batch commits together with its checkpoint, so a power cut can only lose whole batches, which are replayed.
 */
export function openReadModelsDb(dataDir: string): Db {
  const db = new Database(join(dataDir, READ_MODELS_FILE), { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}

export interface ReadModelRunnerOptions {
  db: Db;
  store: EventStore;
  resolveDefinition: ResolveDefinition;
  logger?: RunnerLogger;
  onProgress?: () => void;
}

export function createReadModelRunner(options: ReadModelRunnerOptions): ProjectionRunner {
  return new ProjectionRunner({
    db: options.db,
    store: options.store,
    projections: createReadModels(options.db, options.resolveDefinition, scheduledStageDue),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}

const SHIPPED: readonly WorkflowDefinition[] = [GD_BDPZ_2019];

/**
 * The definitions that ship with the code. Anything else is found by the projections themselves in the
 * `WorkflowVersionPublished` events of the log, so the offline rebuild needs no catalog.
 */
export const shippedDefinitions: ResolveDefinition = (key, version) =>
  SHIPPED.find((d) => d.key === key && d.version === version);

/** The tables FTS5 keeps its index in (`<table>_data`, …): derived, and laid out by how the rows were batched. */
const FTS_SHADOW_SUFFIXES = ['_data', '_idx', '_content', '_docsize', '_config'];

function tableNames(db: Db): string[] {
  const tables = db
    .prepare<[], { name: string; sql: string | null }>("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all();
  const virtual = tables.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? '')).map((t) => t.name);
  const shadow = new Set(virtual.flatMap((v) => FTS_SHADOW_SUFFIXES.map((s) => `${v}${s}`)));
  return tables.map((t) => t.name).filter((name) => !shadow.has(name));
}

const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Rows per table. */
export function tableRowCounts(db: Db): Record<string, number> {
  return Object.fromEntries(
    tableNames(db).map((t) => [t, db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${quoted(t)}`).get()?.n ?? 0]),
  );
}

/** Every table with all its rows in a stable order (rebuild checks, debugging); a full-text table by its rows, not its index. */
export function dumpTables(db: Db): Record<string, unknown[]> {
  return Object.fromEntries(
    tableNames(db).map((t) => {
      const columns = db.prepare(`PRAGMA table_info(${quoted(t)})`).all().length;
      // Every column in the sort, so two dumps of the same rows compare equal whatever their physical order.
      const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
      return [t, db.prepare(`SELECT * FROM ${quoted(t)} ORDER BY ${order}`).all()];
    }),
  );
}
