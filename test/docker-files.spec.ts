/**
 * docker/: checked as files, since no Docker engine runs here (docker-compose validates compose.yml by hand, see its
 * header). The build context keeps the host's installs and data out, the runtime is a supported Node LTS and not
 * root, and both processes have a health check.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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
