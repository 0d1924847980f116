/**
 * Failover time of the run-once work's lease (issue #17): two contender processes (lease.child.ts `hold`), the holder
 * killed with SIGKILL after a random 0.3–2.3 s, a fresh contender started in its place; the time from the kill to the
 * standby's first moment holding the lease, over N kills, for each implementation:
 * - PostgreSQL advisory lock (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres): the server frees the
 *   lock when the killed holder's socket closes; the standby tries every 100 ms here (500 ms in the app);
 * - Redis lock (REDIS_URL, default redis://127.0.0.1:6379) with the default TTL (8 s): the key expires.
 * Run: npm run bench:lease-failover [-- <kills, default 5>]
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import IORedis from 'ioredis';
import { measureFailovers } from '../libs/commands/src/infrastructure/lease/lease-contender';

const KILLS = Number(process.argv[2] ?? 5);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
function summary(name: string, times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `${name.padEnd(28)} kills ${String(times.length).padStart(2)}  min ${fmt(sorted[0]!)}  median ${fmt(median)}  max ${fmt(sorted[sorted.length - 1]!)}  (${times.map((t) => Math.round(t)).join(', ')} ms)`;
}

async function main(): Promise<void> {
  const prefix = `bench-lease-${randomBytes(4).toString('hex')}`;
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`lease failover, ${KILLS} kills each; load average before: ${load()}`);
  const pg = await measureFailovers(['postgres', 'bench', DATABASE_URL, prefix], KILLS);
  console.log(summary('PostgreSQL advisory lock', pg));
  const redis = await measureFailovers(['redis', 'bench', REDIS_URL, prefix], KILLS);
  console.log(summary('Redis lock (TTL 8 s)', redis));
  console.log(`load average after: ${load()}`);
  const admin = new IORedis(REDIS_URL);
  const keys = await admin.keys(`${prefix}:*`);
  if (keys.length > 0) await admin.del(...keys);
  await admin.quit();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
