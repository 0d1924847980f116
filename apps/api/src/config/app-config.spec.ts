import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseConfig } from './app-config';

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
    });
    expect(c).toEqual({
      port: 8080,
      dataDir: dir,
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
    });
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
