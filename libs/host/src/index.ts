/**
 * Public API of @shenbao/host: what a Shenbao process needs whatever it serves (apps/api's HTTP side, apps/worker's
 * BullMQ jobs, the command-line tools): configuration from the environment, validated at start; structured logging
 * (pino behind Nest's logger); the injection tokens of the shared infrastructure and what tests may override; the
 * health probe of Redis; and the start-up wiring both `main.ts` share.
 */
export {
  ConfigError,
  ENV_VARS,
  LOG_LEVELS,
  loadConfig,
  parseConfig,
  type AppConfig,
  type EnvVarName,
  type LogLevel,
  type ParsedConfig,
  type ProjectionsMode,
  type SqliteSynchronous,
  type WorkersMode,
} from './config/app-config';
export { DEFAULT_LEASE_TTL_MS, LEASE_ENV_VARS, parseLeaseConfig, type LeaseConfig, type LeaseMode } from './config/lease-config';
export { INTEGRITY_ENV_VARS, parseIntegrityConfig, type IntegrityConfig, type IntegritySink } from './config/integrity-config';
export { DATA_DIR_MODE, DATA_FILE_MODE, EVENTS_FILE, prepareDataDir } from './config/data-dir';
export { EVENT_STORE_ENV_VARS, type EventStoreConfig, type EventStoreKind } from './config/event-store-config';
export { EDGE_DEFAULTS, type EdgeConfig, type HttpLimits, type RateLimits, type TrustProxy } from './config/edge-config';
export { accessLogHook, createRootLogger, flushLogsSync, isLogged, writeAfterLogs, LoggingModule, NEST_STARTUP_CONTEXTS, PinoNestLogger, ROOT_LOGGER } from './logging/logging';
export {
  ADMIN_PASSWORD_SINK,
  APP_CONFIG,
  APP_DATABASE,
  CLOCK,
  EVENT_STORE,
  HASHING_PROFILE,
  SNAPSHOT_STORE,
  stdoutSink,
  systemClock,
  type Clock,
  type HashingProfile,
  type PasswordSink,
} from './tokens';
export type { AppOverrides } from './app-overrides';
export { REDIS_PROBE, RedisProbe } from './health/redis-probe';
export { configOrExit } from './bootstrap';
