/**
 * Cold replica benchmark (issue #17, the cost of keeping read models per replica): how long a replica added to a
 * PostgreSQL deployment on an EMPTY `DATA_DIR` takes before it serves, as the log grows, and how long the same replica
 * takes to restart on the `DATA_DIR` it then has.
 *
 * The deployment is bench/replicas' `pg1` (one replica on PostgreSQL, started as `npm start` runs the API, with the
 * production profile's environment, a schema and a Redis prefix of its own, dropped afterwards). It is grown through
 * the API as bench/scale grows its store (bench/scale/world.ts: cases created, saved and submitted by 32 applicants, a
 * new program every 2,000 cases; four events per case). At each step:
 *  1. the head position, from the first replica's /health;
 *  2. a second replica on an empty DATA_DIR, timed from spawn to its first 200 of /health: the server listens only
 *     after its directories and read models have caught up with the log (ReadModels.onModuleInit awaits the runner),
 *     so this is the time before a load balancer may send it anything;
 *  3. a case list read through it with `minPosition` = the head: it must answer without X-Read-Stale (it holds every
 *     event) and list the program's cases;
 *  4. its RSS, its DATA_DIR's size;
 *  5. the same replica stopped and started again on that DATA_DIR (its checkpoints kept), timed the same way;
 *  then it is stopped and its DATA_DIR removed.
 *
 * Run: npm run bench:cold-replica   (node -r @swc-node/register bench/replicas/cold-replica.ts)
 * Env: COLD_STEPS (case counts, default 5000,20000), SCALE_CLIENTS (32), SCALE_CASES_PER_PROGRAM (2000),
 * BENCH_DATABASE_URL (else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL,
 * BENCH_SKIP_BUILD=1, BENCH_KEEP=1, COLD_CPU_PROF=<dir> (the cold start of each step writes a V8 CPU profile there),
 * COLD_PROJECTIONS=thread (the added replica projects in a worker thread: PROJECTIONS=thread).
 * Prints one JSON line per step, then a summary line.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { JsonClient } from '../http/http-client';
import { build, machine } from '../http/server-process';
import { API } from '../http/setup';
import { grow, setUp } from '../scale/world';
import { deploy } from './deployment';

const STEPS = (process.env.COLD_STEPS ?? '5000,20000').split(',').map(Number);
const GROWTH = { clients: Number(process.env.SCALE_CLIENTS ?? 32), perProgram: Number(process.env.SCALE_CASES_PER_PROGRAM ?? 2000) };
/** A replica replaying a long log may take minutes; the bench waits this long before calling it a failure. */
const HEALTH_TIMEOUT_MS = 15 * 60_000;
const CPU_PROF = process.env.COLD_CPU_PROF;
/** The added replica's PROJECTIONS (the first one's stays the default). */
const PROJECTIONS = process.env.COLD_PROJECTIONS;
const ADDED_ENV: Record<string, string> = PROJECTIONS !== undefined ? { PROJECTIONS } : {};

const seconds = (since: bigint): number => Math.round(Number(process.hrtime.bigint() - since) / 1e7) / 100;

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return line ? Math.round(Number(line.replace(/\D+/g, '')) / 1024) : Number.NaN;
}

function dirMb(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return Math.round(bytes / 2 ** 20);
}

async function headPosition(port: number): Promise<number> {
  const client = new JsonClient(port, 1);
  try {
    const health = await client.expect<{ info: { eventStore: { headPosition: number } } }>(200, 'GET', '/health');
    return health.info.eventStore.headPosition;
  } finally {
    client.close();
  }
}

/** Reads the program's case list through `port` with minPosition = head; refuses a stale or empty answer. */
async function readsEverything(port: number, token: string, programId: string, head: number): Promise<{ readPosition: number; listed: number }> {
  const client = new JsonClient(port, 1);
  try {
    const res = await client.send<{ items: unknown[] }>('GET', `${API}/cases?programId=${programId}&limit=100&minPosition=${head}`, { token });
    if (res.status !== 200) throw new Error(`GET /cases answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
    const stale = res.headers['x-read-stale'];
    if (stale !== undefined) throw new Error(`the new replica answered stale after its start: X-Read-Stale ${String(stale)}`);
    const readPosition = Number(res.headers['x-read-position']);
    if (!(readPosition >= head)) throw new Error(`the new replica read at ${readPosition}, short of the head ${head}`);
    if (res.body.items.length === 0) throw new Error('the new replica lists no case of the program');
    return { readPosition, listed: res.body.items.length };
  } finally {
    client.close();
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== '1') build();
  const runId = randomBytes(3).toString('hex');
  const adminPassword = `Cold-admin-${runId}-pw1`;
  const deployment = await deploy('pg1', runId, adminPassword);
  const [port] = deployment.ports as [number];
  const client = new JsonClient(port, GROWTH.clients + 1);
  const rows: Record<string, unknown>[] = [];
  try {
    const world = await setUp(client, adminPassword, runId, GROWTH);
    for (const target of STEPS) {
      const growS = await grow(client, world, runId, target, GROWTH);
      const head = await headPosition(port);
      const t0 = process.hrtime.bigint();
      const added = await deployment.addReplica({ healthTimeoutMs: HEALTH_TIMEOUT_MS, pollMs: 20, env: ADDED_ENV, ...(CPU_PROF !== undefined ? { cpuProfDir: CPU_PROF } : {}) });
      const coldS = seconds(t0);
      const read = await readsEverything(added.port, world.cityOfficer.token, world.programs[0]!, head);
      const coldRssMb = rssMb(added.server.pid);
      const dataDirMb = dirMb(added.dataDir);
      await added.server.stop();
      const t1 = process.hrtime.bigint();
      const again = await deployment.addReplica({ dataDir: added.dataDir, pollMs: 20, healthTimeoutMs: HEALTH_TIMEOUT_MS, env: ADDED_ENV });
      const warmS = seconds(t1);
      await readsEverything(again.port, world.cityOfficer.token, world.programs[0]!, head);
      await again.server.stop();
      if (process.env.BENCH_KEEP !== '1') rmSync(added.dataDir, { recursive: true, force: true });
      const row = {
        cases: world.cases.length,
        projections: PROJECTIONS ?? 'inline',
        events: head,
        growS: Math.round(growS),
        coldStartS: coldS,
        eventsPerSecondReplayed: Math.round(head / coldS),
        restartS: warmS,
        coldRssMb,
        dataDirMb,
        readPosition: read.readPosition,
        loadavg1: Math.round(loadavg()[0]! * 100) / 100,
      };
      rows.push(row);
      console.log(JSON.stringify(row));
    }
    console.log(JSON.stringify({ bench: 'cold-replica', ...machine(), date: new Date().toISOString(), steps: rows }));
  } catch (e) {
    console.error(e);
    for (const server of deployment.servers) console.error(`--- a server's log (tail) ---\n${server.log().slice(-3000)}`);
    process.exitCode = 1;
  } finally {
    client.close();
    await deployment.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
