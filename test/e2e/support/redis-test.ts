/**
 * Redis for e2e suites: the real server (REDIS_URL, default 127.0.0.1:6379, started by the Jest global setup when
 * absent), a unique key prefix per suite (REDIS_PREFIX), cleanup by prefix (SCAN + UNLINK, never FLUSH), and a clock
 * that runs in real time from a chosen start, for deadlines that BullMQ delays by real time; and a redis-server of
 * a test's own for outages.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import IORedis from 'ioredis';
import type { Redis } from 'ioredis';
import { deleteKeys } from '@shenbao/scheduling';
import { TestClock } from './case-seeding';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniquePrefix(): string {
  return `e2e-${randomBytes(6).toString('hex')}`;
}

export function adminRedis(): Redis {
  return new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 });
}

/** Every key under `prefix`: what "Redis lost its data" looks like to the app, without touching anyone else's keys. */
export function dropPrefix(redis: Redis, prefix: string): Promise<number> {
  return deleteKeys(redis, `${prefix}:*`);
}

/**
 * A TestClock that also moves with real time: `now()` is the last reading set (start, `set`, `tick`) plus the real
 * time elapsed since `set` (or construction). The app's due times follow the seeded dates, and a job BullMQ delays
 * by real time fires when this clock says it is due.
 */
export class LiveClock extends TestClock {
  private readonly frozen = this.now;
  private since = Date.now();
  override readonly now = (): Date => new Date(this.frozen().getTime() + (Date.now() - this.since));

  override set(at: Date): void {
    super.set(at);
    this.since = Date.now();
  }
}

/** A redis-server of a test's own (no persistence), to take down and bring back: a real outage. */
export class OwnRedis {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  /**
   * Fails (never skips) when there is no redis-server to start: an outage test that quietly did not run would still
   * report PASS.
   */
  static requireServer(): void {
    const probe = spawnSync('redis-server', ['--version'], { timeout: 5000, encoding: 'utf8' });
    if (probe.status !== 0) {
      const why = probe.error?.message ?? `exit ${probe.status ?? probe.signal}`;
      throw new Error(`this test starts a redis-server of its own and none could be run (${why}): install the package that provides redis-server (apt-get install redis-server, brew install redis) or put it on PATH`);
    }
  }

  static async start(): Promise<OwnRedis> {
    OwnRedis.requireServer();
    const server = new OwnRedis(await freePort());
    await server.up();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; !(await answersPing(this.port)); i++) {
      if (i > 100) throw new Error(`redis-server on port ${this.port} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SIGKILL: gone at once, with everything in it. */
  async down(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

/** A bare PING over TCP (as the Jest global setup does): no client whose reconnect timers outlive the check. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 500 }, () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(String(d).startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
