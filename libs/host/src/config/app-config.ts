/**
 * Every environment variable the API and apps/worker read, in one place. `loadConfig` validates them all at once
 * (so an operator sees every problem in one go), prepares DATA_DIR and resolves the JWT secret; each `main.ts`
 * (through `configOrExit`, bootstrap.ts) turns a `ConfigError` into a clear message and exit code 1. Nothing else
 * in the apps reads `process.env`.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { passwordProblems } from '@shenbao/domain';
import { prepareDataDir } from './data-dir';
import { parseEdgeConfig } from './edge-config';
import type { EdgeConfig } from './edge-config';
import { EVENT_STORE_ENV_VARS, parseEventStoreConfig } from './event-store-config';
import type { EventStoreConfig } from './event-store-config';
import { INTEGRITY_ENV_VARS, parseIntegrityConfig } from './integrity-config';
import type { IntegrityConfig } from './integrity-config';
import { LEASE_ENV_VARS, parseLeaseConfig } from './lease-config';
import type { LeaseConfig } from './lease-config';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type SqliteSynchronous = 'FULL' | 'NORMAL';
export type WorkersMode = 'inline' | 'external';
/** Where the projection runner (lists, inbox, dashboards) runs: a worker thread of the API, or its event loop. */
export type ProjectionsMode = 'inline' | 'thread';

export interface AppConfig extends EdgeConfig, EventStoreConfig {
  port: number;
  /** Absolute path; exists after `loadConfig`, mode 0700 (data-dir.ts). */
  dataDir: string;
  /** What `loadConfig` had to tighten in DATA_DIR (or could not), for the log; empty when nothing. */
  dataDirNotices?: string[];
  /** Absolute path of the attachments' blobs (BLOB_DIR, default DATA_DIR/blobs); one shared volume for all replicas. */
  blobDir: string;
  adminPassword?: string;
  jwtSecret: string;
  /** Where the secret came from: the environment, DATA_DIR/jwt-secret, or generated just now into that file. */
  jwtSecretSource: 'env' | 'file' | 'generated';
  logLevel: LogLevel;
  sqliteSynchronous: SqliteSynchronous;
  redisUrl?: string;
  /** Key prefix of every Redis key (BullMQ queues, checkpoints); unset means `shenbao`. */
  redisPrefix?: string;
  smtpUrl?: string;
  /** Sender of notice e-mails (MAIL_FROM); unset means `shenbao@localhost`. */
  mailFrom?: string;
  /** Sends tried per e-mail before it is kept as failed (MAIL_ATTEMPTS); unset means 5. */
  mailAttempts?: number;
  /** Delay after the first failed send, doubled each time (MAIL_BACKOFF_MS); unset means 30 s. */
  mailBackoffMs?: number;
  kurrentdbUrl?: string;
  workers: WorkersMode;
  projections: ProjectionsMode;
  /** Where the embedded event store writes (EVENT_STORE_WRITER): on the API's event loop, or in a thread of its own. */
  eventStoreWriter: 'inline' | 'thread';
  /** Static bearer token that Prometheus may use for GET /metrics instead of a user's access token. */
  metricsToken?: string;
  /** Tree heads, their key and sink, the background sweep (integrity-config.ts). */
  integrity: IntegrityConfig;
  /** PostgreSQL server (DATABASE_URL): the leases' when LEASE picks postgres. */
  databaseUrl?: string;
  /** Where the run-once work takes its lease (lease-config.ts); absent (a config built by hand): none. */
  lease?: LeaseConfig;
}

/** The variables, with what they mean; the README table is written from this list. */
export const ENV_VARS = {
  PORT: 'HTTP port (1–65535), default 3000',
  ...EVENT_STORE_ENV_VARS,
  DATA_DIR: 'directory for SQLite files and the generated JWT secret, default ./data; created with mode 0700 and its files 0600 (looser modes are tightened at start)',
  BLOB_DIR: 'directory of the attachments\' files (content-addressed), default DATA_DIR/blobs; with several API replicas, one volume they all mount',
  ADMIN_PASSWORD: 'password for the `admin` account created on first start (≥ 10 characters, two kinds of characters); generated and printed once when absent',
  JWT_SECRET: 'HS256 signing secret (≥ 32 characters); generated once into DATA_DIR/jwt-secret (mode 0600) when absent',
  LOG_LEVEL: 'fatal | error | warn | info | debug | trace | silent, default info',
  SQLITE_SYNCHRONOUS: 'FULL | NORMAL (SQLite durability of the event store), default FULL',
  REDIS_URL: 'redis:// URL; enables BullMQ deadlines and notifications',
  REDIS_PREFIX: 'prefix of every Redis key (letters, digits, `_`, `-`, `.`; at most 64), default shenbao; the API and apps/worker must use the same',
  SMTP_URL: 'smtp:// or smtps:// URL; enables e-mail notifications (needs REDIS_URL: e-mails are queued and retried in Redis)',
  MAIL_FROM: 'sender of notice e-mails, an address or `Name <address>`, default shenbao@localhost',
  MAIL_ATTEMPTS: 'sends tried per notice e-mail before it is kept as failed (1–50), default 5',
  MAIL_BACKOFF_MS: 'delay after the first failed send in ms, doubled after each further one (1–86400000), default 30000',
  KURRENTDB_URL: 'kurrentdb:// (or kurrentdb+discover://, kurrent://, kdb://) connection string of the KurrentDB node or cluster; read with EVENT_STORE=kurrentdb (refused without EVENT_STORE, not read with postgres)',
  WORKERS: 'inline | external (external needs REDIS_URL and a running apps/worker), default inline',
  PROJECTIONS: 'inline | thread: where the read models (lists, inbox, dashboards) are projected, on the API\'s event loop or in a worker thread of it, default inline',
  EVENT_STORE_WRITER: 'inline | thread: where the embedded event store writes (checks, hashing, inserts, commit and disk flush), on the API\'s event loop or in a writer thread of its own, default inline',
  METRICS_TOKEN: 'optional static bearer token (≥ 32 characters) accepted by GET /metrics, for Prometheus scraping',
  HTTP_HEADERS_TIMEOUT_MS: 'time to receive a request\'s headers, in ms (100–600000), default 10000; then 408 and the connection is closed',
  HTTP_REQUEST_TIMEOUT_MS: 'time to receive a whole request (headers and body), in ms (100–3600000, ≥ HTTP_HEADERS_TIMEOUT_MS), default 30000',
  HTTP_IDLE_TIMEOUT_MS: 'a connection silent this long is closed, and the keep-alive idle time, in ms (100–3600000), default 65000',
  HTTP_MAX_CONNECTIONS: 'open connections per process (1–1000000), default 1024; further ones are closed at once',
  SHUTDOWN_DRAIN_MS: 'on SIGTERM/SIGINT, how long in-flight requests may finish before the rest are cut, in ms (0–600000), default 10000',
  RATE_LIMIT_WINDOW_MS: 'rate-limit window in ms (1000–86400000), default 60000',
  RATE_LIMIT_USER_MAX: 'requests per window per signed-in user (1–10000000), default 1200',
  RATE_LIMIT_IP_MAX: 'requests per window per client address without a valid access token (1–10000000), default 300',
  TRUST_PROXY: 'false | true | comma-separated proxy addresses, CIDRs or loopback/linklocal/uniquelocal: from which peers X-Forwarded-For is believed for the client address, default false',
  CORS_ORIGINS: 'comma-separated exact origins (https://host[:port]) allowed by CORS; unset means no CORS headers',
  ...INTEGRITY_ENV_VARS,
  ...LEASE_ENV_VARS,
} as const;
export type EnvVarName = keyof typeof ENV_VARS;

/** `:` separates the parts of Redis key names (prefix:queue:…), so a prefix may not contain one. */
const REDIS_PREFIX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** `local@domain` (a one-label domain such as `localhost` allowed), optionally as `Display Name <local@domain>`. */
const MAIL_FROM_PATTERN = /^(?:[^<>@\r\n]{0,100}<[^\s<>@]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?>|[^\s<>@]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$/;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Partial<Record<string, string | undefined>>;

/** The environment checked and typed; no file system access. The JWT secret is left undefined when not set. */
export interface ParsedConfig extends Omit<AppConfig, 'jwtSecret' | 'jwtSecretSource'> {
  jwtSecret?: string;
}

export function parseConfig(env: Env): ParsedConfig {
  const problems: string[] = [];
  const get = (name: EnvVarName): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };

  const port = parsePort(get('PORT'), problems);
  const dataDir = resolve(get('DATA_DIR') ?? './data');
  const blobDir = resolve(get('BLOB_DIR') ?? join(dataDir, 'blobs'));
  const store = parseEventStoreConfig(get, problems);

  // Passwords and secrets are taken as given (not trimmed): a leading space may be intended.
  const adminPassword = nonEmpty(env.ADMIN_PASSWORD);
  if (adminPassword !== undefined) {
    // The same policy as every other password, so the first admin cannot be weaker than the users it creates.
    for (const p of passwordProblems(adminPassword, 'admin')) problems.push(`ADMIN_PASSWORD ${p}`);
  }
  const jwtSecret = nonEmpty(env.JWT_SECRET);
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters long (or leave it unset to have one generated)');
  }

  const metricsToken = nonEmpty(env.METRICS_TOKEN);
  if (metricsToken !== undefined && (metricsToken.length < 32 || /\s/.test(metricsToken))) {
    problems.push('METRICS_TOKEN must be at least 32 characters without spaces');
  }

  const logLevel = oneOf('LOG_LEVEL', get('LOG_LEVEL')?.toLowerCase(), LOG_LEVELS, 'info', problems);
  const sqliteSynchronous = oneOf('SQLITE_SYNCHRONOUS', get('SQLITE_SYNCHRONOUS')?.toUpperCase(), ['FULL', 'NORMAL'] as const, 'FULL', problems);
  const workers = oneOf('WORKERS', get('WORKERS')?.toLowerCase(), ['inline', 'external'] as const, 'inline', problems);
  const projections = oneOf('PROJECTIONS', get('PROJECTIONS')?.toLowerCase(), ['inline', 'thread'] as const, 'inline', problems);
  const eventStoreWriter = oneOf('EVENT_STORE_WRITER', get('EVENT_STORE_WRITER')?.toLowerCase(), ['inline', 'thread'] as const, 'inline', problems);

  const redisUrl = url('REDIS_URL', get('REDIS_URL'), ['redis:', 'rediss:'], problems);
  const redisPrefix = get('REDIS_PREFIX');
  if (redisPrefix !== undefined && !REDIS_PREFIX_PATTERN.test(redisPrefix)) {
    problems.push(`REDIS_PREFIX may hold only letters, digits, _, - and . (at most 64, no ':'), got "${redisPrefix}"`);
  }
  const smtpUrl = url('SMTP_URL', get('SMTP_URL'), ['smtp:', 'smtps:'], problems);
  if (smtpUrl !== undefined && get('REDIS_URL') === undefined) {
    problems.push('SMTP_URL needs REDIS_URL: notice e-mails are queued in Redis (BullMQ), retried there and kept when they fail; set REDIS_URL or unset SMTP_URL');
  }
  const mailFrom = get('MAIL_FROM');
  if (mailFrom !== undefined && !MAIL_FROM_PATTERN.test(mailFrom)) {
    problems.push(`MAIL_FROM must be an e-mail address such as shenbao@example.gov.cn, or "Name <address>" (got "${mailFrom}")`);
  }
  const mailAttempts = intIn('MAIL_ATTEMPTS', get('MAIL_ATTEMPTS'), 1, 50, problems);
  const mailBackoffMs = intIn('MAIL_BACKOFF_MS', get('MAIL_BACKOFF_MS'), 1, 86_400_000, problems);
  const kurrentdbUrl = url('KURRENTDB_URL', get('KURRENTDB_URL'), ['kurrentdb:', 'kurrentdb+discover:', 'kurrent:', 'kdb:'], problems);
  if (workers === 'external' && get('REDIS_URL') === undefined) {
    problems.push('WORKERS=external needs REDIS_URL (external workers take their jobs from Redis)');
  }

  const edge = parseEdgeConfig(get, problems);
  const integrity = parseIntegrityConfig(get, dataDir, problems);
  const lease = parseLeaseConfig(get, problems, store);

  if (problems.length > 0) throw new ConfigError(problems);
  return { ...edge, ...store, port, dataDir, blobDir, adminPassword, jwtSecret, logLevel, sqliteSynchronous, redisUrl, redisPrefix, smtpUrl, ...(mailFrom !== undefined ? { mailFrom } : {}),
    ...(mailAttempts !== undefined ? { mailAttempts } : {}), ...(mailBackoffMs !== undefined ? { mailBackoffMs } : {}), kurrentdbUrl, workers, projections, eventStoreWriter, metricsToken, integrity, lease };
}

/**
 * Parses the environment, creates (or tightens) DATA_DIR owner-only, and resolves the JWT secret (reading or generating
 * DATA_DIR/jwt-secret). Sets the process umask to 077 (data-dir.ts).
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const parsed = parseConfig(env);
  let dataDirNotices: string[];
  try {
    dataDirNotices = prepareDataDir(parsed.dataDir);
  } catch (e) {
    throw new ConfigError([`DATA_DIR ${parsed.dataDir} cannot be created: ${(e as Error).message}`]);
  }
  if (parsed.jwtSecret !== undefined) return { ...parsed, dataDirNotices, jwtSecret: parsed.jwtSecret, jwtSecretSource: 'env' };
  return { ...parsed, dataDirNotices, ...secretFromFile(join(parsed.dataDir, 'jwt-secret')) };
}

function secretFromFile(file: string): Pick<AppConfig, 'jwtSecret' | 'jwtSecretSource'> {
  try {
    if (existsSync(file)) {
      const secret = readFileSync(file, 'utf8').trim();
      if (secret.length < 32) throw new ConfigError([`${file} holds a secret shorter than 32 characters; delete it to have a new one generated`]);
      return { jwtSecret: secret, jwtSecretSource: 'file' };
    }
    const secret = randomBytes(48).toString('base64url');
    // 'wx' so two processes starting together cannot both write; the loser reads the winner's secret.
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return { jwtSecret: secret, jwtSecretSource: 'generated' };
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return secretFromFile(file);
    throw new ConfigError([`JWT secret file ${file} cannot be read or written: ${(e as Error).message}`]);
  }
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined) return 3000;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 65535) {
    problems.push(`PORT must be an integer from 1 to 65535 (got "${raw}")`);
    return 3000;
  }
  return n;
}

/** An optional integer within [min, max]; undefined when unset. */
function intIn(name: EnvVarName, raw: string | undefined, min: number, max: number, problems: string[]): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return undefined;
  }
  return n;
}

function oneOf<T extends string>(name: EnvVarName, raw: string | undefined, allowed: readonly T[], fallback: T, problems: string[]): T {
  if (raw === undefined) return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
  return fallback;
}

function url(name: EnvVarName, raw: string | undefined, protocols: string[], problems: string[]): string | undefined {
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    problems.push(`${name} is not a valid URL`);
    return undefined;
  }
  if (!protocols.includes(parsed.protocol)) {
    problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')} (got ${parsed.protocol}//…)`);
    return undefined;
  }
  return raw;
}
