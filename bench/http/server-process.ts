/**
 * Starts the built API exactly as `npm start` runs it (`node dist/apps/api/src/main.js`, after `npm run build`) as a
 * child process on a temp DATA_DIR and a free loopback port, waits for `/health`, and stops it with SIGTERM.
 * The child's stdout/stderr go to files in the temp dir, shown when something fails.
 *
 * The rate limiter stays on (its cost is part of the figures) with a per-user budget far above what one save loop
 * sends: each applicant saves about 35 times a second, ~2,000 a minute, over the default 1,200 per user.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { JsonClient } from './http-client';

export const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
const BENCH_RATE_LIMIT_USER_MAX = '1000000';

export function build(): void {
  const res = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], timeout: 10 * 60_000 });
  if (res.status !== 0) throw new Error(`npm run build failed with exit code ${String(res.status)}`);
}

/** utime + stime of a process in seconds (Linux /proc), or NaN. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerOptions {
  port: number;
  dataDir: string;
  adminPassword: string;
  /** FULL (the default, durable) or NORMAL. */
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /** When set, the server runs with `--cpu-prof` writing its profile into this directory on exit. */
  cpuProfDir?: string;
  /** More flags for the server's node (for example `--trace-gc`). */
  nodeArgs?: string[];
  /** How often /health is polled while starting (default 100 ms; bench/scale times restarts with 10). */
  pollMs?: number;
  /** More environment for the server (bench/replicas: EVENT_STORE=postgres and what it needs), over the defaults. */
  env?: Record<string, string>;
  /** Another build's main.js (bench/startup compares two builds on one store); dist/apps/api/src/main.js by default. */
  main?: string;
  /** How long to wait for the first 200 of /health (default 60 s; a replica replaying a long log needs more). */
  healthTimeoutMs?: number;
}

/**
 * The node flags `npm start` gives the server (package.json's start script, `${VAR:-default}` read as its default
 * unless VAR is set), so the benches run the server as it runs, heap cap included.
 */
export function startScriptNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const words = pkg.scripts.start.split(/\s+/);
  if (words[0] !== 'node') throw new Error(`package.json's start script does not start with node: ${pkg.scripts.start}`);
  return words
    .slice(1, -1)
    .map((w) => w.replace(/\$\{(\w+):-([^}]*)\}/g, (_, name: string, fallback: string) => process.env[name] ?? fallback));
}

export class ServerProcess {
  private exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    private readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static async start(opts: ServerOptions): Promise<ServerProcess> {
    const main = opts.main ?? MAIN;
    if (!existsSync(main)) throw new Error(`${main} is missing; the build did not produce it`);
    const logFile = join(opts.dataDir, 'server.log');
    const out = openSync(logFile, 'a');
    const nodeArgs = [...startScriptNodeFlags(), ...(opts.nodeArgs ?? []), ...(opts.cpuProfDir !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [])];
    const child = spawn(process.execPath, [...nodeArgs, main], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(opts.port),
        DATA_DIR: opts.dataDir,
        ADMIN_PASSWORD: opts.adminPassword,
        LOG_LEVEL: 'warn',
        SQLITE_SYNCHRONOUS: opts.sqliteSynchronous,
        RATE_LIMIT_USER_MAX: BENCH_RATE_LIMIT_USER_MAX,
        ...opts.env,
      },
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    const server = new ServerProcess(child, logFile);
    try {
      await server.waitHealthy(opts.port, opts.pollMs ?? 100, opts.healthTimeoutMs ?? 60_000);
    } catch (e) {
      // Never leave a half-started server behind.
      await server.stop();
      throw e;
    }
    return server;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  private async waitHealthy(port: number, pollMs: number, timeoutMs: number): Promise<void> {
    const client = new JsonClient(port, 1);
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.exited.then((c) => (exitCode = c));
    try {
      while (Date.now() < deadline) {
        if (exitCode !== undefined) throw new Error(`the server exited with ${String(exitCode)} while starting:\n${this.log()}`);
        const ok = await client.send('GET', '/health').then((r) => r.status === 200, () => false);
        if (ok) return;
        await sleep(pollMs);
      }
      throw new Error(`the server did not become healthy within ${timeoutMs / 1000} s:\n${this.log()}`);
    } finally {
      client.close();
    }
  }

  /** SIGTERM, then the exit code; SIGKILL after 20 s (a profile is written on a clean exit only). */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    try {
      return await this.exited;
    } finally {
      clearTimeout(killer);
    }
  }
}

/** What every benchmark's summary says of the machine it ran on. */
export function machine(): { node: string; cpus: number; cpuModel: string; memGiB: number } {
  return { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memGiB: Math.round(totalmem() / 2 ** 30) };
}
