/**
 * Where the events live (EVENT_STORE and what each profile needs), parsed here so app-config.ts stays readable;
 * `parseConfig` calls `parseEventStoreConfig` and lists the variables in ENV_VARS.
 *
 * - `sqlite` (default): the embedded profile, one process on DATA_DIR/events.sqlite.
 * - `postgres`: the production profile. The events, the idempotency records, the credentials and the snapshots live in
 *   PostgreSQL (DATABASE_URL, schema DATABASE_SCHEMA), shared by every replica; each replica keeps its derived state
 *   (read models, directories, checkpoints) in its own DATA_DIR, following the log. Deadlines and notifications run
 *   on BullMQ (REDIS_URL), and every replica must sign and check tokens with one JWT_SECRET.
 * - `kurrentdb`: the production profile on KurrentDB (KURRENTDB_URL): the events, and the idempotency records and
 *   password hashes as record streams beside them, shared by every replica; snapshots and derived state per replica
 *   in DATA_DIR; BullMQ, JWT_SECRET and INTEGRITY_KEY_DIR as with postgres.
 * KURRENTDB_URL is read with EVENT_STORE=kurrentdb (docker/compose.yml passes it to every replica): with
 * EVENT_STORE=postgres, which names the store outright, it is not used; without EVENT_STORE it is refused at open
 * (libs/commands infrastructure.module.ts), as an operator who set it expects the events to go there.
 */
import type { EnvVarName } from './app-config';

export type EventStoreKind = 'sqlite' | 'postgres' | 'kurrentdb';

export interface EventStoreConfig {
  eventStore: EventStoreKind;
  /** postgres:// or postgresql:// URL; set exactly when `eventStore` is postgres. */
  databaseUrl?: string;
  /** The PostgreSQL schema of the events and the shared tables; `public` unless DATABASE_SCHEMA says otherwise. */
  databaseSchema: string;
}

export const EVENT_STORE_ENV_VARS = {
  EVENT_STORE: 'sqlite | postgres | kurrentdb: where the events live, DATA_DIR/events.sqlite (one process), PostgreSQL (several API replicas; needs DATABASE_URL, REDIS_URL, JWT_SECRET and INTEGRITY_KEY_DIR) or KurrentDB (several API replicas; needs KURRENTDB_URL, REDIS_URL, JWT_SECRET and INTEGRITY_KEY_DIR), default sqlite',
  DATABASE_URL: 'postgres:// or postgresql:// URL of the PostgreSQL database: events, idempotency records, credentials and snapshots; read only with EVENT_STORE=postgres',
  DATABASE_SCHEMA: 'PostgreSQL schema of those tables (a lower-case identifier: a-z, 0-9, _, at most 40 characters), default public; created and migrated at start; read only with EVENT_STORE=postgres',
} as const;

/** The same rule as the PostgreSQL store's (libs/event-store postgres-schema.ts `checkSchemaName`). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;

export function parseEventStoreConfig(get: (name: EnvVarName) => string | undefined, problems: string[]): EventStoreConfig {
  const raw = get('EVENT_STORE')?.toLowerCase();
  let eventStore: EventStoreKind = 'sqlite';
  if (raw === 'kurrentdb') eventStore = 'kurrentdb';
  else if (raw === 'postgres') eventStore = 'postgres';
  else if (raw !== undefined && raw !== 'sqlite') problems.push(`EVENT_STORE must be one of sqlite, postgres, kurrentdb (got "${raw}")`);
  if (eventStore === 'kurrentdb') {
    if (get('KURRENTDB_URL') === undefined) problems.push('EVENT_STORE=kurrentdb needs KURRENTDB_URL (kurrentdb://host:2113?tls=false, or kurrentdb+discover://… for a cluster): the events, idempotency records and credentials live there');
    sharedProfileNeeds('kurrentdb', get, problems);
    return { eventStore, databaseSchema: 'public' };
  }

  // Read only with EVENT_STORE=postgres, the one switch: DATABASE_URL alone (test set-ups and hosting platforms often
  // export one for other purposes) changes nothing, and is not checked.
  if (eventStore !== 'postgres') return { eventStore, databaseSchema: 'public' };
  const url = get('DATABASE_URL');
  const schema = get('DATABASE_SCHEMA');
  let databaseUrl: string | undefined;
  if (url !== undefined) {
    // Never echoed: it may hold a password. Only its scheme is named.
    const protocol = protocolOf(url);
    if (protocol === undefined) problems.push('DATABASE_URL is not a valid URL (postgres://user:password@host:port/database)');
    else if (!/^postgres(ql)?:\/\/./.test(url)) problems.push(`DATABASE_URL must start with postgres:// or postgresql:// (got ${protocol}//…)`);
    else databaseUrl = url;
  }
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    problems.push(`DATABASE_SCHEMA must be a lower-case identifier (a-z, 0-9, _; at most 40 characters, not starting with a digit), got "${schema}"`);
  }

  if (url === undefined) problems.push('EVENT_STORE=postgres needs DATABASE_URL (postgres://user:password@host:port/database): the events, idempotency records, credentials and snapshots live there');
  sharedProfileNeeds('postgres', get, problems);
  return { eventStore, ...(databaseUrl !== undefined ? { databaseUrl } : {}), databaseSchema: schema ?? 'public' };
}

/** What every profile of several replicas needs besides its store, and what only the embedded file has. */
function sharedProfileNeeds(store: 'postgres' | 'kurrentdb', get: (name: EnvVarName) => string | undefined, problems: string[]): void {
  if (get('REDIS_URL') === undefined) problems.push(`EVENT_STORE=${store} needs REDIS_URL: in this profile deadlines and notifications run on BullMQ in Redis`);
  if (get('JWT_SECRET') === undefined) {
    problems.push(`EVENT_STORE=${store} needs JWT_SECRET: every API replica must sign and check access tokens with the same secret (each DATA_DIR would generate its own)`);
  }
  if (get('INTEGRITY_KEY_DIR') === undefined) {
    problems.push(
      `EVENT_STORE=${store} needs INTEGRITY_KEY_DIR: every API replica signs and checks tree heads with the same key (a directory they all mount, or a secret), where the default DATA_DIR/keys would give each replica a key of its own and a new one whenever a replica starts on an empty DATA_DIR`,
    );
  }
  // What only the embedded file has: refused rather than ignored.
  if (get('EVENT_STORE_WRITER')?.toLowerCase() === 'thread') problems.push(`EVENT_STORE_WRITER=thread is for the embedded SQLite store only; unset it with EVENT_STORE=${store}`);
  // The read-model thread opens the log itself: the SQLite file, or PostgreSQL on a connection of its own; not KurrentDB
  // (that path has not run against a KurrentDB server).
  if (store === 'kurrentdb' && get('PROJECTIONS')?.toLowerCase() === 'thread') {
    problems.push(`PROJECTIONS=thread needs EVENT_STORE=sqlite or postgres (the thread opens the log itself); with EVENT_STORE=${store} the read models are projected on the event loop: unset PROJECTIONS`);
  }
}

function protocolOf(raw: string): string | undefined {
  try {
    return new URL(raw).protocol;
  } catch {
    return undefined;
  }
}
