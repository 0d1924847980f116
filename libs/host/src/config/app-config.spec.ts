import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseConfig } from './app-config';
import { EDGE_DEFAULTS } from './edge-config';

describe('app config', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shenbao-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('applies the defaults', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ port: 3000, logLevel: 'info', sqliteSynchronous: 'FULL', workers: 'inline', projections: 'inline', eventStoreWriter: 'inline' });
    expect(c.dataDir).toBe(join(process.cwd(), 'data'));
    expect(c.jwtSecret).toBeUndefined();
    expect(c.adminPassword).toBeUndefined();
  });

  it('reads every variable', () => {
    const c = parseConfig({
      PORT: '8080',
      DATA_DIR: dir,
      ADMIN_PASSWORD: 'a-long-password',
      JWT_SECRET: 'x'.repeat(32),
      LOG_LEVEL: 'DEBUG',
      SQLITE_SYNCHRONOUS: 'normal',
      REDIS_URL: 'redis://localhost:6379',
      REDIS_PREFIX: 'shenbao-staging',
      SMTP_URL: 'smtp://mail:25',
      KURRENTDB_URL: 'kurrentdb://localhost:2113?tls=false',
      WORKERS: 'external',
      PROJECTIONS: 'Thread',
      EVENT_STORE_WRITER: 'THREAD',
      METRICS_TOKEN: 'm'.repeat(32),
      LEASE_TTL_MS: '6000',
    });
    expect(c).toEqual({
      port: 8080,
      dataDir: dir,
      blobDir: join(dir, 'blobs'),
      eventStore: 'sqlite',
      databaseSchema: 'public',
      adminPassword: 'a-long-password',
      jwtSecret: 'x'.repeat(32),
      logLevel: 'debug',
      sqliteSynchronous: 'NORMAL',
      redisUrl: 'redis://localhost:6379',
      redisPrefix: 'shenbao-staging',
      smtpUrl: 'smtp://mail:25',
      kurrentdbUrl: 'kurrentdb://localhost:2113?tls=false',
      workers: 'external',
      projections: 'thread',
      eventStoreWriter: 'thread',
      metricsToken: 'm'.repeat(32),
      http: EDGE_DEFAULTS.http,
      rateLimit: EDGE_DEFAULTS.rateLimit,
      trustProxy: false,
      corsOrigins: [],
      integrity: { algorithm: 'ed25519', keyDir: join(dir, 'keys'), treeHeadEvents: 1000, treeHeadIntervalMs: 600_000, sweepIntervalMs: 3_600_000 },
      lease: { mode: 'redis', reason: 'REDIS_URL is set and EVENT_STORE is not postgres (LEASE=auto)', redisTtlMs: 6000 },
    });
  });

  describe('the lease of the run-once work (LEASE)', () => {
    const base = { DATA_DIR: dir };
    const pg = 'postgres://shenbao@db:5432/shenbao';
    it('auto: postgres with EVENT_STORE=postgres, else redis with REDIS_URL, else none; DATABASE_URL alone changes nothing', () => {
      const postgresProfile = { ...base, EVENT_STORE: 'postgres', DATABASE_URL: pg, REDIS_URL: 'redis://r:6379', JWT_SECRET: 'j'.repeat(32), INTEGRITY_KEY_DIR: join(dir, 'keys') };
      expect(parseConfig(postgresProfile)).toMatchObject({ databaseUrl: pg, lease: { mode: 'postgres', databaseUrl: pg } });
      expect(parseConfig({ ...base, DATABASE_URL: pg, REDIS_URL: 'redis://r:6379' }).lease).toMatchObject({ mode: 'redis' });
      expect(parseConfig({ ...base, DATABASE_URL: pg }).lease).toMatchObject({ mode: 'none' });
      expect(parseConfig({ ...base, REDIS_URL: 'redis://r:6379' }).lease).toMatchObject({ mode: 'redis', redisTtlMs: 8000 });
      expect(parseConfig({ ...base, LEASE: 'auto' }).lease).toMatchObject({ mode: 'none' });
      expect(parseConfig(base).lease).toMatchObject({ mode: 'none' });
    });

    it('an explicit LEASE wins over the rule', () => {
      expect(parseConfig({ ...base, DATABASE_URL: pg, REDIS_URL: 'redis://r:6379', LEASE: 'Redis' }).lease).toMatchObject({ mode: 'redis', reason: 'LEASE=redis' });
      expect(parseConfig({ ...base, DATABASE_URL: pg, LEASE: 'none' }).lease).toMatchObject({ mode: 'none' });
    });

    it('refuses a kind without its server, an unknown kind, a bad TTL and a bad DATABASE_URL, naming each', () => {
      expect(() => parseConfig({ ...base, LEASE: 'postgres' })).toThrow('LEASE=postgres needs DATABASE_URL');
      expect(() => parseConfig({ ...base, LEASE: 'redis' })).toThrow('LEASE=redis needs REDIS_URL');
      expect(() => parseConfig({ ...base, LEASE: 'zookeeper' })).toThrow('LEASE must be one of auto, postgres, redis, none (got "zookeeper")');
      expect(() => parseConfig({ ...base, LEASE_TTL_MS: '500' })).toThrow('LEASE_TTL_MS must be an integer from 2000 to 60000 (got "500")');
      expect(() => parseConfig({ ...base, LEASE: 'postgres', DATABASE_URL: 'mysql://x' })).toThrow('DATABASE_URL must start with postgres:// or postgresql://');
      expect(parseConfig({ ...base, LEASE: 'postgres', DATABASE_URL: pg }).lease).toMatchObject({ mode: 'postgres', databaseUrl: pg });
    });
  });

  it('reads the HTTP edge: timeouts, connection cap, drain, rate limits, proxy trust, CORS origins', () => {
    const c = parseConfig({
      HTTP_HEADERS_TIMEOUT_MS: '5000',
      HTTP_REQUEST_TIMEOUT_MS: '20000',
      HTTP_IDLE_TIMEOUT_MS: '30000',
      HTTP_MAX_CONNECTIONS: '64',
      SHUTDOWN_DRAIN_MS: '0',
      RATE_LIMIT_WINDOW_MS: '1000',
      RATE_LIMIT_USER_MAX: '10',
      RATE_LIMIT_IP_MAX: '5',
      TRUST_PROXY: '10.0.0.0/8, loopback,::1',
      CORS_ORIGINS: 'https://console.example.gov.cn, http://localhost:5173',
    });
    expect(c).toMatchObject({
      http: { headersTimeoutMs: 5000, requestTimeoutMs: 20000, idleTimeoutMs: 30000, maxConnections: 64, shutdownDrainMs: 0 },
      rateLimit: { windowMs: 1000, userMax: 10, ipMax: 5 },
      trustProxy: ['10.0.0.0/8', 'loopback', '::1'],
      corsOrigins: ['https://console.example.gov.cn', 'http://localhost:5173'],
    });
    expect(parseConfig({ TRUST_PROXY: 'TRUE' }).trustProxy).toBe(true);
    expect(parseConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it.each([
    [{ PORT: '0' }, 'PORT must be an integer from 1 to 65535'],
    [{ PORT: '65536' }, 'PORT must be an integer from 1 to 65535'],
    [{ PORT: '80a' }, 'PORT must be an integer from 1 to 65535'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD must be at least 10 characters'],
    [{ ADMIN_PASSWORD: 'aaaaaaaaaaaa' }, 'ADMIN_PASSWORD must mix at least two kinds'],
    [{ JWT_SECRET: 'too-short' }, 'JWT_SECRET must be at least 32 characters'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ SQLITE_SYNCHRONOUS: 'OFF' }, 'SQLITE_SYNCHRONOUS must be one of FULL, NORMAL'],
    [{ WORKERS: 'threads' }, 'WORKERS must be one of inline, external'],
    [{ PROJECTIONS: 'process' }, 'PROJECTIONS must be one of inline, thread'],
    [{ EVENT_STORE_WRITER: 'worker' }, 'EVENT_STORE_WRITER must be one of inline, thread'],
    [{ WORKERS: 'external' }, 'WORKERS=external needs REDIS_URL'],
    [{ REDIS_PREFIX: 'a:b' }, 'REDIS_PREFIX may hold only letters'],
    [{ REDIS_PREFIX: 'x'.repeat(65) }, 'REDIS_PREFIX may hold only letters'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL is not a valid URL'],
    [{ REDIS_URL: 'http://localhost' }, 'REDIS_URL must start with redis://'],
    [{ SMTP_URL: 'ftp://x' }, 'SMTP_URL must start with smtp://'],
    [{ SMTP_URL: 'smtp://mail:25' }, 'SMTP_URL needs REDIS_URL'],
    [{ MAIL_FROM: 'not an address' }, 'MAIL_FROM must be an e-mail address'],
    [{ MAIL_FROM: 'a@b\r\nBcc: x@y' }, 'MAIL_FROM must be an e-mail address'],
    [{ MAIL_ATTEMPTS: '0' }, 'MAIL_ATTEMPTS must be an integer from 1 to 50'],
    [{ MAIL_BACKOFF_MS: 'soon' }, 'MAIL_BACKOFF_MS must be an integer from 1 to 86400000'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN must be at least 32 characters'],
    [{ KURRENTDB_URL: '::' }, 'KURRENTDB_URL is not a valid URL'],
    // The 1.x client refuses esdb://: refusing it here says so at start, naming the variable.
    [{ KURRENTDB_URL: 'esdb://localhost:2113?tls=false' }, 'KURRENTDB_URL must start with'],
    [{ HTTP_REQUEST_TIMEOUT_MS: '0' }, 'HTTP_REQUEST_TIMEOUT_MS must be an integer from 100 to 3600000'],
    [{ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' }, 'HTTP_HEADERS_TIMEOUT_MS (20000) may not exceed HTTP_REQUEST_TIMEOUT_MS (10000)'],
    [{ HTTP_MAX_CONNECTIONS: 'many' }, 'HTTP_MAX_CONNECTIONS must be an integer from 1 to 1000000'],
    [{ RATE_LIMIT_USER_MAX: '0' }, 'RATE_LIMIT_USER_MAX must be an integer from 1 to 10000000'],
    [{ TRUST_PROXY: '2' }, 'TRUST_PROXY must be false, true, or a comma-separated list'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY must be false, true, or a comma-separated list'],
    [{ TRUST_PROXY: 'proxy.internal' }, 'TRUST_PROXY must be false, true, or a comma-separated list'],
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS must list exact origins'],
    [{ CORS_ORIGINS: 'https://console.example.gov.cn/' }, 'CORS_ORIGINS must list exact origins'],
    [{ CORS_ORIGINS: 'ftp://files.example.gov.cn' }, 'CORS_ORIGINS must list exact origins'],
  ])('rejects %j', (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });

  it('takes MAIL_FROM as an address or a named address; unset leaves the default to the mailer', () => {
    expect(parseConfig({}).mailFrom).toBeUndefined();
    expect(parseConfig({ MAIL_FROM: 'shenbao@localhost' }).mailFrom).toBe('shenbao@localhost');
    expect(parseConfig({ MAIL_FROM: '广东省工信厅 <noreply@gdii.gov.cn>' }).mailFrom).toBe('广东省工信厅 <noreply@gdii.gov.cn>');
    expect(parseConfig({ MAIL_ATTEMPTS: '3', MAIL_BACKOFF_MS: '50' })).toMatchObject({ mailAttempts: 3, mailBackoffMs: 50 });
  });

  it('reports every problem at once', () => {
    expect(() => parseConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT must[\s\S]*\n[\s\S]*LOG_LEVEL must/);
  });

  it('never echoes a URL that may hold credentials', () => {
    expect(() => parseConfig({ REDIS_URL: 'http://user:s3cret@host' })).toThrow('REDIS_URL must start with redis://');
    expect(() => parseConfig({ REDIS_URL: 'http://user:s3cret@host' })).not.toThrow(/s3cret/);
  });

  it('creates DATA_DIR and generates the JWT secret once, mode 0600', () => {
    const dataDir = join(dir, 'nested', 'data');
    const first = loadConfig({ DATA_DIR: dataDir });
    expect(first.jwtSecretSource).toBe('generated');
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    const file = join(dataDir, 'jwt-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.jwtSecret);

    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second).toMatchObject({ jwtSecretSource: 'file', jwtSecret: first.jwtSecret });
  });

  it('prefers JWT_SECRET over the file', () => {
    const c = loadConfig({ DATA_DIR: dir, JWT_SECRET: 's'.repeat(40) });
    expect(c).toMatchObject({ jwtSecretSource: 'env', jwtSecret: 's'.repeat(40) });
  });

  it('refuses a secret file that was truncated', () => {
    writeFileSync(join(dir, 'jwt-secret'), 'short\n');
    expect(() => loadConfig({ DATA_DIR: dir })).toThrow('shorter than 32 characters');
  });
});
