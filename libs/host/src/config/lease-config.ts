/**
 * Where the leases of the run-once work live (the deadline consumer and the notifier; issue #17, "Several API
 * replicas"), parsed here so app-config.ts stays readable. The rule (LEASE unset, or `auto`):
 *   1. EVENT_STORE=postgres → `postgres`: session advisory locks on DATABASE_URL's server (the production profile's
 *      database; DATABASE_URL alone changes nothing, as for the event store: test set-ups often export one);
 *   2. else REDIS_URL set → `redis`: SET NX PX keys under REDIS_PREFIX (a profile that shares Redis may run several
 *      processes — API replicas, or apps/worker — and a lone process pays one renewal every few seconds);
 *   3. else `none`: the embedded profile, one process, the work always runs here.
 * LEASE=postgres|redis|none chooses explicitly; a kind without its server is refused at start.
 */
import type { EnvVarName } from './app-config';

export type LeaseMode = 'none' | 'postgres' | 'redis';

export interface LeaseConfig {
  mode: LeaseMode;
  /** Why this mode: `LEASE=…`, or the rule that picked it. */
  reason: string;
  /** The Redis lease's time to live (failover time after a kill), ms. */
  redisTtlMs: number;
  /** The server of a postgres lease: the event store's DATABASE_URL, or DATABASE_URL read for an explicit LEASE=postgres. */
  databaseUrl?: string;
}

export const LEASE_ENV_VARS = {
  LEASE: 'auto | postgres | redis | none: where the run-once work (deadline consumer, notifier) takes its lease, so that one process among replicas runs it; auto = postgres with EVENT_STORE=postgres, else redis with REDIS_URL, else none; LEASE=postgres uses DATABASE_URL; default auto',
  LEASE_TTL_MS: 'time to live of a Redis lease in ms, renewed every third of it: the failover time after the holder dies (2000–60000), default 8000',
} as const;

type Get = (name: EnvVarName) => string | undefined;

export const DEFAULT_LEASE_TTL_MS = 8000;

export function parseLeaseConfig(
  get: Get,
  problems: string[],
  store: { eventStore: string; databaseUrl?: string } = { eventStore: 'sqlite' },
): LeaseConfig {
  // The event store's DATABASE_URL (checked there) in the postgres profile; read here only for an explicit LEASE=postgres.
  let databaseUrl = store.databaseUrl;
  if (databaseUrl === undefined && get('LEASE')?.toLowerCase() === 'postgres') {
    databaseUrl = get('DATABASE_URL');
    if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/./.test(databaseUrl)) {
      problems.push('DATABASE_URL must start with postgres:// or postgresql://');
    }
  }
  const raw = get('LEASE')?.toLowerCase();
  const ttlRaw = get('LEASE_TTL_MS');
  let redisTtlMs = DEFAULT_LEASE_TTL_MS;
  if (ttlRaw !== undefined) {
    const n = Number(ttlRaw);
    if (!/^\d+$/.test(ttlRaw) || n < 2000 || n > 60_000) problems.push(`LEASE_TTL_MS must be an integer from 2000 to 60000 (got "${ttlRaw}")`);
    else redisTtlMs = n;
  }
  const redis = get('REDIS_URL') !== undefined;
  const db = databaseUrl !== undefined ? { databaseUrl } : {};
  switch (raw) {
    case undefined:
    case 'auto':
      if (store.eventStore === 'postgres') return { mode: 'postgres', reason: 'EVENT_STORE=postgres (LEASE=auto)', redisTtlMs, ...db };
      if (redis) return { mode: 'redis', reason: 'REDIS_URL is set and EVENT_STORE is not postgres (LEASE=auto)', redisTtlMs };
      return { mode: 'none', reason: 'neither EVENT_STORE=postgres nor REDIS_URL: one process (LEASE=auto)', redisTtlMs };
    case 'postgres':
      if (databaseUrl === undefined) problems.push('LEASE=postgres needs DATABASE_URL (the server that holds the advisory locks)');
      return { mode: 'postgres', reason: 'LEASE=postgres', redisTtlMs, ...db };
    case 'redis':
      if (!redis) problems.push('LEASE=redis needs REDIS_URL (the server that holds the lease keys)');
      return { mode: 'redis', reason: 'LEASE=redis', redisTtlMs, ...db };
    case 'none':
      return { mode: 'none', reason: 'LEASE=none: this process runs the run-once work without a lease (run one such process only)', redisTtlMs, ...db };
    default:
      problems.push(`LEASE must be one of auto, postgres, redis, none (got "${raw}")`);
      return { mode: 'none', reason: 'invalid', redisTtlMs, ...db };
  }
}
