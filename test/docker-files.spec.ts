/**
 * docker/: checked as files, since no Docker engine and no compose plugin run here (`docker compose config` cannot
 * run: the compose file is parsed as YAML, merge keys and all, and its properties checked). The build context keeps
 * the host's installs and data out, the runtime is a supported Node LTS and not root, every service has a health
 * check and waits for what it needs to be healthy, and the README names every variable the file uses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';

const ROOT = join(__dirname, '..');
const read = (f: string): string => readFileSync(join(ROOT, f), 'utf8');

describe('docker/', () => {
  it('builds from a context without the host node_modules, data (jwt-secret, SQLite files), dist or .git', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '**/node_modules', 'data', '**/jwt-secret', '**/*.sqlite', 'dist', '.git', 'coverage']));
  });

  it('runs on a supported Node LTS (22 or 24), as a user other than root', () => {
    const dockerfile = read('docker/Dockerfile');
    const majors = [...dockerfile.matchAll(/^FROM node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(majors.length).toBeGreaterThan(0);
    expect(majors.filter((m) => m !== 22 && m !== 24)).toEqual([]);
    const user = dockerfile.lastIndexOf('\nUSER node');
    expect(user).toBeGreaterThan(dockerfile.lastIndexOf('\nFROM '));
    expect(user).toBeLessThan(dockerfile.indexOf('\nCMD '));
  });

  it('gives the API and the worker a health check, the worker its heartbeat check', () => {
    expect(read('docker/Dockerfile')).toMatch(/^HEALTHCHECK .*\/health/m);
    const compose = read('docker/compose.yml');
    const worker = compose.slice(compose.indexOf('\n  worker:'));
    expect(worker).not.toMatch(/disable: true/);
    expect(worker).toContain('test: ["CMD", "node", "dist/apps/worker/src/healthcheck.js"]');
    expect(existsSync(join(ROOT, 'apps/worker/src/healthcheck.ts'))).toBe(true);
  });

  it('caps the API’s heap as `npm start` does, with the same default, and keeps node as PID 1', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start;
    const startDefault = /--max-old-space-size=\$\{SHENBAO_HEAP_MB:-(\d+)\}/.exec(start)?.[1];
    expect(startDefault).toBeDefined();
    const dockerfile = read('docker/Dockerfile');
    expect(/^ENV .*\bSHENBAO_HEAP_MB=(\d+)/m.exec(dockerfile)?.[1]).toBe(startDefault);
    expect(dockerfile).toContain('CMD ["sh", "-c", "exec node --max-old-space-size=${SHENBAO_HEAP_MB} dist/apps/api/src/main.js"]');
  });
});

interface Service {
  image?: string;
  build?: unknown;
  user?: string;
  profiles?: string[];
  command?: string[];
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string | number>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition?: string; required?: boolean }>;
}

/** The compose file as compose reads it: YAML with merge keys (`<<: *app`), which YAML 1.2 leaves out by default. */
function compose(): { services: Record<string, Service>; volumes: Record<string, unknown> } {
  return load(read('docker/compose.yml'), { schema: CORE_SCHEMA.withTags(mergeTag) }) as ReturnType<typeof compose>;
}

describe('docker/compose.yml', () => {
  const { services, volumes } = compose();
  const apps = ['api-1', 'api-2', 'worker'];

  it('runs PostgreSQL 17, Redis, two API replicas, one worker and a load balancer; KurrentDB under its profile only', () => {
    expect(Object.keys(services).sort()).toEqual(['api-1', 'api-2', 'kurrentdb', 'lb', 'postgres', 'redis', 'worker']);
    expect(services.postgres.image).toMatch(/^postgres:17(\b|-)/);
    expect(services.kurrentdb.image).toMatch(/^kurrentplatform\/kurrentdb:(2[5-9]|[3-9]\d)\./);
    expect(services.kurrentdb.profiles).toEqual(['kurrentdb']);
    for (const [name, service] of Object.entries(services)) if (name !== 'kurrentdb') expect([name, service.profiles]).toEqual([name, undefined]);
    for (const app of apps) expect(services[app].build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
    expect(services.worker.command).toEqual(['node', 'dist/apps/worker/src/main.js']);
  });

  it('keeps PostgreSQL, Redis and KurrentDB data on named volumes; Redis with AOF and noeviction', () => {
    expect(services.postgres.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(services.redis.volumes).toContain('redis-data:/data');
    expect(services.kurrentdb.volumes).toContain('kurrentdb-data:/var/lib/kurrentdb');
    for (const name of ['postgres-data', 'redis-data', 'kurrentdb-data']) expect(Object.keys(volumes)).toContain(name);
    const redis = (services.redis.command ?? []).join(' ');
    expect(redis).toContain('--appendonly yes');
    expect(redis).toContain('--maxmemory-policy noeviction');
  });

  it('gives every service a health check: pg_isready, redis-cli ping, KurrentDB /health/live, the API /health, the worker its heartbeat, the balancer /health through a replica', () => {
    const test = (name: string) => (services[name].healthcheck?.test ?? []).join(' ');
    for (const [name, service] of Object.entries(services)) {
      expect([name, service.healthcheck?.disable]).toEqual([name, undefined]);
      expect([name, service.healthcheck?.test?.[0]]).toEqual([name, 'CMD']);
    }
    expect(test('postgres')).toContain('pg_isready');
    expect(test('redis')).toBe('CMD redis-cli ping');
    expect(test('kurrentdb')).toContain('http://localhost:2113/health/live');
    for (const api of ['api-1', 'api-2']) expect(test(api)).toContain("fetch('http://127.0.0.1:3000/health')");
    expect(test('worker')).toBe('CMD node dist/apps/worker/src/healthcheck.js');
    expect(test('lb')).toContain('http://127.0.0.1:8080/health');
  });

  it('starts a service only once what it needs is healthy (KurrentDB only when its profile runs, PostgreSQL only without it)', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, how] of Object.entries(service.depends_on ?? {})) {
        expect([name, dependency, how.condition]).toEqual([name, dependency, 'service_healthy']);
        expect([name, dependency, how.required ?? true]).toEqual([name, dependency, !['kurrentdb', 'postgres'].includes(dependency)]);
      }
    }
    for (const app of apps) expect(Object.keys(services[app].depends_on ?? {})).toEqual(expect.arrayContaining(['postgres', 'redis', 'kurrentdb']));
    expect(Object.keys(services.lb.depends_on ?? {}).sort()).toEqual(['api-1', 'api-2']);
  });

  it('runs nothing as root', () => {
    for (const [name, service] of Object.entries(services)) {
      expect([name, typeof service.user]).toEqual([name, 'string']);
      expect([name, /^(root|0)(:|$)/.test(String(service.user))]).toEqual([name, false]);
    }
  });

  it('balances over both replicas with /health checks; only the balancer publishes a port', () => {
    expect(services.lb.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
    const caddyfile = read('docker/Caddyfile');
    expect(caddyfile).toMatch(/reverse_proxy api-1:3000 api-2:3000 \{/);
    expect(caddyfile).toMatch(/^\s*health_uri \/health$/m);
    expect(Number(/^\s*health_interval (\d+)s$/m.exec(caddyfile)?.[1])).toBeLessThanOrEqual(5);
    for (const [name, service] of Object.entries(services)) expect([name, service.ports !== undefined]).toEqual([name, name === 'lb']);
  });

  it('gives the replicas and the worker the production variables, the secrets required and alike on every replica', () => {
    const { BLOB_DIR, ...shared } = services['api-1'].environment ?? {};
    expect(BLOB_DIR).toBeDefined();
    for (const app of apps) {
      const env = services[app].environment ?? {};
      expect(Object.keys(env)).toEqual(expect.arrayContaining(['EVENT_STORE', 'DATABASE_URL', 'REDIS_URL', 'KURRENTDB_URL', 'JWT_SECRET', 'WORKERS']));
      // The worker stores no attachments: the replicas' variables less BLOB_DIR.
      expect(env).toEqual(app === 'worker' ? shared : services['api-1'].environment);
      expect(env.WORKERS).toBe('external');
      for (const secret of ['JWT_SECRET', 'ADMIN_PASSWORD']) expect(String(env[secret])).toMatch(new RegExp(`^\\$\\{${secret}:\\?`));
    }
    // The dev KurrentDB node is insecure, and said to be: nowhere else.
    expect(services.kurrentdb.environment?.KURRENTDB_INSECURE).toBe('true');
    expect(read('docker/compose.yml')).toMatch(/DEV ONLY: no TLS and no authentication/);
  });

  it('runs the replicas and the worker on PostgreSQL and Redis with one JWT_SECRET from the environment or .env, never a literal', () => {
    const compose = read('docker/compose.yml');
    for (const app of apps) {
      const env = services[app].environment ?? {};
      // PostgreSQL unless EVENT_STORE says kurrentdb (the kurrentdb profile's command, in the file's header).
      expect([app, env.EVENT_STORE]).toEqual([app, '${EVENT_STORE:-postgres}']);
      expect([app, env.DATABASE_URL]).toEqual([app, 'postgres://shenbao:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}@postgres:5432/shenbao']);
      expect([app, env.REDIS_URL]).toEqual([app, 'redis://redis:6379/0']);
      // Interpolated, required: compose refuses to start without it rather than each replica generating its own.
      expect([app, env.JWT_SECRET]).toEqual([app, '${JWT_SECRET:?set JWT_SECRET (at least 32 characters)}']);
    }
    // The one place each value is written: the shared anchor, not one copy per service.
    for (const name of ['EVENT_STORE', 'DATABASE_URL', 'JWT_SECRET', 'BLOB_DIR', 'INTEGRITY_KEY_DIR']) expect([name, compose.match(new RegExp(`^\\s+${name}:`, 'gm'))?.length]).toEqual([name, 1]);
  });

  it('gives every process a DATA_DIR volume of its own and the replicas one shared BLOB_DIR volume and one INTEGRITY_KEY_DIR volume, owned by the image user', () => {
    const mountAt = (app: string, path: string | number | undefined): string | undefined =>
      (services[app].volumes ?? []).map((v) => v.split(':')).find(([, target]) => target === path)?.[0];
    const dataVolumes = apps.map((app) => mountAt(app, services[app].environment?.DATA_DIR));
    expect(dataVolumes).toEqual(['api-1-data', 'api-2-data', 'worker-data']);
    const replicas = ['api-1', 'api-2'];
    const blobDirs = replicas.map((app) => services[app].environment?.BLOB_DIR);
    expect(blobDirs).toEqual(['/blobs', '/blobs']);
    const blobVolumes = replicas.map((app) => mountAt(app, '/blobs'));
    expect(blobVolumes).toEqual(['blobs', 'blobs']);
    expect(dataVolumes).not.toContain('blobs');
    // One tree-head signing key for every replica (EVENT_STORE=postgres requires INTEGRITY_KEY_DIR set everywhere).
    for (const app of apps) expect([app, services[app].environment?.INTEGRITY_KEY_DIR]).toEqual([app, '/keys']);
    expect(replicas.map((app) => mountAt(app, '/keys'))).toEqual(['integrity-key', 'integrity-key']);
    // Named volumes (declared at the top level), not host paths: a fresh one takes its mount point's owner.
    for (const name of [...dataVolumes, 'blobs', 'integrity-key']) expect(Object.keys(volumes)).toContain(name);
    expect(read('docker/Dockerfile')).toMatch(/^RUN mkdir -p \/data \/blobs \/keys && chown node:node \/data \/blobs \/keys && chmod 700 \/keys$/m);
    // The worker mounts no other process's DATA_DIR, no blobs and not the signing key (it signs nothing).
    expect(services.worker.volumes).toEqual(['worker-data:/data']);
  });

  it("names in the README's Production section every variable the replicas get and every one the file reads", () => {
    const readme = read('README.md');
    const production = readme.slice(readme.indexOf('\n## Production'), readme.indexOf('\n## ', readme.indexOf('\n## Production') + 1));
    expect(production.length).toBeGreaterThan(100);
    const interpolated = [...read('docker/compose.yml').matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]);
    const names = new Set([...Object.keys(services['api-1'].environment ?? {}), ...interpolated]);
    for (const name of names) expect([name, production.includes(`\`${name}\``)]).toEqual([name, true]);
  });
});

describe('docker/compose.yml: the kurrentdb profile', () => {
  it('says how to swap PostgreSQL for the KurrentDB node, and the replicas read KURRENTDB_URL of that node then', () => {
    const compose = read('docker/compose.yml');
    expect(compose).toContain('EVENT_STORE=kurrentdb docker compose -f docker/compose.yml --profile kurrentdb up -d --scale postgres=0');
    const env = load(compose, { schema: CORE_SCHEMA.withTags(mergeTag) }) as { 'x-app-environment': Record<string, string> };
    expect(env['x-app-environment'].KURRENTDB_URL).toBe('${KURRENTDB_URL:-kurrentdb://kurrentdb:2113?tls=false}');
  });
});

describe('docker/compose.yml against the Compose Specification', () => {
  it('is valid against the JSON schema docker compose checks a file with (test/fixtures/compose-spec)', () => {
    // Draft 07, which Ajv knows under its http:// name; the file names it https://.
    const { $schema: _draft07, ...schema } = JSON.parse(read('test/fixtures/compose-spec/compose-spec.json')) as { $schema: string };
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const file = compose();
    const ok = validate(file);
    expect(ok ? [] : validate.errors).toEqual([]);
    // The check can fail: a misspelt key and a wrong type are refused.
    expect(validate({ ...file, services: { ...file.services, lb: { ...file.services.lb, restrat: 'always' } } })).toBe(false);
    expect(validate({ ...file, services: { ...file.services, lb: { ...file.services.lb, ports: 8080 } } })).toBe(false);
  });
});
