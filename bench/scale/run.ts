/**
 * Scale benchmark (issue "Correctness…", item 5): grows an embedded store through the API and, at each step,
 * reports read latencies, the server's RSS, and the time a restart takes on that store.
 *
 * Growth: every case is created, its application saved (docs/examples/application.json) and submitted by one of
 * 32 applicants (one per district), 32 at a time — four events per case (CaseCreated and the program stream's entry,
 * ApplicationSaved, ApplicationSubmitted), the submitted case then waits in `cityAudit` with a deadline, as a live
 * round would. A new program is opened for every CASES_PER_PROGRAM cases (the seeded notice's settings with a window
 * around today), so no single program stream dominates.
 *
 * At each step (after growth): RSS of the server (VmRSS), reads measured sequentially — a case's detail, its
 * history, the program's case list, the program's dashboard and the city officer's inbox — then SIGTERM, a restart
 * on the same DATA_DIR timed from spawn to the first 200 of `/health` and to the first answered case list, the RSS
 * after restart and after the same reads again.
 *
 * Run: npm run bench:scale
 * Env: SCALE_STEPS (comma-separated case counts, default 10000,25000,50000,100000), SCALE_CLIENTS (32),
 * SCALE_CASES_PER_PROGRAM (2000), SCALE_READS (300 per kind per step), SCALE_IDLE_S (20), SCALE_HEAP_SNAPSHOTS=1, BENCH_NODE_ARGS,
 * BENCH_SKIP_BUILD=1, BENCH_KEEP=1.
 * Targets at 100,000 cases: RSS ≤ 400 MB, restart ≤ 3 s, read p99 ≤ 10 ms.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonClient } from '../http/http-client';
import { latency } from '../http/load';
import { build, freePort, machine, ROOT, ServerProcess } from '../http/server-process';
import { API } from '../http/setup';
import { grow, setUp, type World } from './world';

const STEPS = (process.env.SCALE_STEPS ?? '10000,25000,50000,100000').split(',').map(Number);
const CLIENTS = Number(process.env.SCALE_CLIENTS ?? 32);
const PER_PROGRAM = Number(process.env.SCALE_CASES_PER_PROGRAM ?? 2000);
const GROWTH = { clients: CLIENTS, perProgram: PER_PROGRAM };
const READS = Number(process.env.SCALE_READS ?? 300);
/** SCALE_HEAP_SNAPSHOTS=1: the server writes a heap snapshot (into the project root) after each growth step. */
const HEAP_SNAPSHOTS = process.env.SCALE_HEAP_SNAPSHOTS === '1';
/** BENCH_NODE_ARGS: extra Node/V8 flags for the server (space-separated), as in bench/http, e.g. to compare heap settings. */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** Seconds the server is left idle after the reads before its RSS is read again (SCALE_IDLE_S). */
const IDLE_S = Number(process.env.SCALE_IDLE_S ?? 20);
const TARGETS = { rssMb: 400, restartS: 3, readP99Ms: 10 };

function statusMb(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return line ? Math.round(Number(line.replace(/\D+/g, '')) / 1024) : Number.NaN;
}

const rssMb = (pid: number): number => statusMb(pid, 'VmRSS');
/** Anonymous memory (heaps, malloc) and file-backed pages (the node binary, shared libraries, mapped files). */
const rssParts = (pid: number): { anon: number; file: number } => ({ anon: statusMb(pid, 'RssAnon'), file: statusMb(pid, 'RssFile') });

async function heapSnapshot(server: ServerProcess): Promise<void> {
  const before = new Set(readdirSync(ROOT).filter((f) => f.endsWith('.heapsnapshot')));
  server.child.kill('SIGUSR2');
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const made = readdirSync(ROOT).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    // Written in one go once complete: the size stops changing.
    if (made) {
      const size = statSync(join(ROOT, made)).size;
      await new Promise((r) => setTimeout(r, 1000));
      if (statSync(join(ROOT, made)).size === size) return console.error(`heap snapshot ${made}`);
    }
  }
}

/** The V8 heap (used, total) and external memory, from the server's own /metrics (prom-client's default metrics). */
async function heapMb(client: JsonClient, adminToken: string): Promise<Record<string, number>> {
  const res = await client.send<string>('GET', '/metrics', { token: adminToken });
  const text = typeof res.body === 'string' ? res.body : '';
  const value = (name: string): number => Math.round(Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN) / 2 ** 20);
  return { used: value('nodejs_heap_size_used_bytes'), total: value('nodejs_heap_size_total_bytes'), external: value('nodejs_external_memory_bytes') };
}

type ReadKind = 'detail' | 'history' | 'list' | 'dashboard' | 'inbox';

async function measureReads(client: JsonClient, world: World): Promise<Record<ReadKind, ReturnType<typeof latency>>> {
  const ms: Record<ReadKind, number[]> = { detail: [], history: [], list: [], dashboard: [], inbox: [] };
  for (let i = 0; i < READS; i++) {
    // Cases spread over the whole store (old and new), each read by an applicant that may see it (the city's).
    const { id: caseId, owner: a } = world.cases[Math.floor((i / READS) * world.cases.length)]!;
    const programId = world.programs[i % world.programs.length]!;
    const reader = world.cityOfficer;
    const timed = async (kind: ReadKind, path: string, token: string): Promise<void> => {
      const res = await client.send('GET', path, { token });
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      ms[kind].push(res.ms);
    };
    await timed('detail', `${API}/cases/${caseId}`, a.token);
    await timed('history', `${API}/cases/${caseId}/history`, a.token);
    await timed('list', `${API}/cases?programId=${programId}&limit=50`, reader.token);
    await timed('dashboard', `${API}/programs/${programId}/dashboard`, world.admin);
    await timed('inbox', `${API}/inbox`, reader.token);
  }
  return Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, latency(v)])) as Record<ReadKind, ReturnType<typeof latency>>;
}

/** Seconds from spawn to the first 200 of /health and to the first answered case list. */
async function restart(server: ServerProcess, port: number, dataDir: string, adminPassword: string, world: World): Promise<{ server: ServerProcess; healthS: number; firstListS: number }> {
  await server.stop();
  const t0 = process.hrtime.bigint();
  const next = await ServerProcess.start({ port, dataDir, adminPassword, sqliteSynchronous: 'FULL', pollMs: 10, nodeArgs: NODE_ARGS });
  const healthS = Number(process.hrtime.bigint() - t0) / 1e9;
  const client = new JsonClient(port, 1);
  try {
    await client.expect(200, 'GET', `${API}/cases?programId=${world.programs[0]}&limit=50`, { token: world.cityOfficer.token });
  } finally {
    client.close();
  }
  const firstListS = Number(process.hrtime.bigint() - t0) / 1e9;
  return { server: next, healthS, firstListS };
}

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== '1') build();
  const runId = randomBytes(3).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-bench-scale-'));
  const adminPassword = `Scale-admin-${runId}-pw1`;
  const port = await freePort();
  const nodeArgs = [...NODE_ARGS, ...(HEAP_SNAPSHOTS ? ['--heapsnapshot-signal=SIGUSR2'] : [])];
  let server = await ServerProcess.start({ port, dataDir, adminPassword, sqliteSynchronous: 'FULL', nodeArgs });
  const client = new JsonClient(port, CLIENTS + 1);
  const rows: Record<string, unknown>[] = [];
  try {
    const world = await setUp(client, adminPassword, runId, GROWTH);
    for (const target of STEPS) {
      const growS = await grow(client, world, runId, target, GROWTH);
      const rssGrown = rssMb(server.pid);
      const partsGrown = rssParts(server.pid);
      const heapGrown = await heapMb(client, world.admin);
      if (HEAP_SNAPSHOTS) await heapSnapshot(server);
      const reads = await measureReads(client, world);
      const rssAfterReads = rssMb(server.pid);
      // V8 keeps the heap it grew under the write load until it sees the process idle (its memory reducer).
      await new Promise((r) => setTimeout(r, IDLE_S * 1000));
      const rssIdle = rssMb(server.pid);
      const r = await restart(server, port, dataDir, adminPassword, world);
      server = r.server;
      const rssRestarted = rssMb(server.pid);
      const readsAfter = await measureReads(client, world);
      const rssRestartedAfterReads = rssMb(server.pid);
      const row = {
        cases: world.cases.length,
        programs: world.programs.length,
        createConflicts: world.conflicts,
        growS: Math.round(growS),
        casesPerS: Math.round((target - (rows.length === 0 ? 0 : (rows.at(-1)!.cases as number))) / growS),
        rssMb: { grown: rssGrown, afterReads: rssAfterReads, idle: rssIdle, restarted: rssRestarted, restartedAfterReads: rssRestartedAfterReads },
        rssGrownPartsMb: partsGrown,
        heapGrownMb: heapGrown,
        restartS: { health: round(r.healthS), firstList: round(r.firstListS) },
        readP99Ms: Object.fromEntries(Object.entries(reads).map(([k, v]) => [k, v.p99])),
        readP50Ms: Object.fromEntries(Object.entries(reads).map(([k, v]) => [k, v.p50])),
        readP99AfterRestartMs: Object.fromEntries(Object.entries(readsAfter).map(([k, v]) => [k, v.p99])),
        loadavg1: round(loadavg()[0]!),
      };
      rows.push(row);
      console.log(JSON.stringify(row));
    }
    const last = rows.at(-1)! as { rssMb: Record<string, number>; restartS: Record<string, number>; readP99Ms: Record<string, number> };
    const maxRss = Math.max(...Object.values(last.rssMb));
    const maxRead = Math.max(...Object.values(last.readP99Ms));
    const targets = { rss: maxRss <= TARGETS.rssMb, restart: last.restartS.firstList! <= TARGETS.restartS, reads: maxRead <= TARGETS.readP99Ms };
    console.log(JSON.stringify({ bench: 'scale', ...machine(), steps: rows.length, maxRssMb: maxRss, maxReadP99Ms: maxRead, targets }));
  } catch (e) {
    console.error(e);
    console.error(`--- server log (tail) ---\n${server.log().slice(-4000)}`);
    process.exitCode = 1;
  } finally {
    client.close();
    await server.stop();
    if (process.env.BENCH_KEEP === '1') console.error(`kept ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

const round = (n: number): number => Math.round(n * 100) / 100;

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
